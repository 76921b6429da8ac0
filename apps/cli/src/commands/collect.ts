import { type CollectCloudWatchOptions, collectCloudWatch } from '../collect/collect-cloudwatch.js'
import { collectFiles } from '../collect/collect-files.js'
import type { CollectRunOptions, CollectSummary } from '../collect/collect-run.js'
import { type CollectShard, describeShard } from '../collect/collect-shard.js'
import { type CollectS3Options, collectS3 } from '../collect/collect-s3.js'
import { defaultConfigPaths, loadCairnConfigs, type PartitionConfig, selectPartitions } from '../config/index.js'
import { collectDestination } from './collect-output.js'
import { formatBytes, formatCount, Progress } from '../progress.js'

export interface CollectCommandOptions {
  source?: 'file' | 's3' | 'cloudwatch'
  path?: string[]
  bucket?: string
  prefix?: string
  region?: string
  profile?: string
  endpoint?: string
  forcePathStyle?: boolean
  fileLayout?: string
  concurrency?: number
  logGroup?: string
  logStream?: string[]
  config?: string
  overwrite?: boolean
  partition: string
  from?: Date
  to?: Date
  dataDir?: string
  output: 'text' | 'json'
  /** `--output s3://bucket/prefix`: the lake goes to S3, collect's state stays in the local data dir. */
  lake?: string
  shard?: CollectShard
}

/** Exit code when some input was rejected but everything else was collected. */
export const EXIT_REJECTED_INPUT = 2

export function printCollectSummary(summary: CollectSummary, output: 'text' | 'json'): void {
  if (output === 'json') {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`)
    return
  }
  const lines = [
    `Collected ${formatCount(summary.events)} events from ${formatCount(summary.files)} files (${formatBytes(summary.bytes)}) in ${summary.seconds.toFixed(1)} s (${formatCount(Math.round(summary.eventsPerSecond))} events/s)`,
    `  records read ${formatCount(summary.records)}, duplicates skipped ${formatCount(summary.duplicates)}, outside window ${formatCount(summary.outsideWindow)}, digests kept ${formatCount(summary.digests)}, non-log files skipped ${formatCount(summary.skippedFiles)}`,
    `  Parquet files written ${formatCount(summary.filesWritten)}, small files merged ${formatCount(summary.filesMerged)}`,
  ]
  const objects = summary.source?.objects
  if (objects && (objects.alreadyTaken > 0 || objects.failed > 0 || objects.listCalls > 0)) {
    lines.push(
      `  objects listed ${formatCount(objects.listed)}${objects.listCalls ? ` (${formatCount(objects.listCalls)} LIST calls)` : ''}, already collected ${formatCount(objects.alreadyTaken)}, unreadable ${formatCount(objects.failed)} (tried again next run)`,
    )
  }
  if (summary.shard) {
    lines.push(
      `  shard ${summary.shard.shard}: ${formatCount(summary.shard.skippedObjects)} objects of other shards' accounts skipped unread${summary.shard.skippedFolders > 0 ? `, ${formatCount(summary.shard.skippedFolders)} of their folders not listed` : ''}`,
    )
  }
  if (summary.rejected.length > 0) {
    lines.push(`  REJECTED ${formatCount(summary.rejected.length)} inputs (kept in ${summary.rejectedLog}):`)
    for (const r of summary.rejected.slice(0, 20)) lines.push(`    - ${r.message}`)
    if (summary.rejected.length > 20) lines.push(`    … and ${summary.rejected.length - 20} more`)
  }
  process.stdout.write(`${lines.join('\n')}\n`)
}

/** One partition's source, from the command line or a config file, in the terms the collectors take. */
export type CollectTarget =
  | { partition: string; source: 'file'; paths: string[] }
  | ({ partition: string; source: 's3' } & Omit<CollectS3Options, keyof CollectRunOptions | 'overwrite'>)
  | ({ partition: string; source: 'cloudwatch' } & Omit<CollectCloudWatchOptions, keyof CollectRunOptions | 'overwrite'>)

function targetsFromFlags(options: CollectCommandOptions): CollectTarget[] {
  const source = options.source ?? (options.path ? 'file' : undefined)
  switch (source) {
    case 'file':
      if (!options.path || options.path.length === 0) throw new Error('--source file needs --path <dir|file>')
      return [{ partition: options.partition, source: 'file', paths: options.path }]
    case 's3':
      if (!options.bucket) throw new Error('--source s3 needs --bucket <name>')
      return [
        {
          partition: options.partition,
          source: 's3',
          bucket: options.bucket,
          prefix: options.prefix,
          region: options.region,
          profile: options.profile,
          endpoint: options.endpoint,
          forcePathStyle: options.forcePathStyle,
          fileLayout: options.fileLayout,
          concurrency: options.concurrency,
        },
      ]
    case 'cloudwatch':
      if (!options.logGroup) throw new Error('--source cloudwatch needs --log-group <name>')
      return [
        {
          partition: options.partition,
          source: 'cloudwatch',
          logGroup: options.logGroup,
          logStreams: options.logStream,
          region: options.region,
          profile: options.profile,
          endpoint: options.endpoint,
        },
      ]
    default:
      throw new Error(`unknown --source ${source}`)
  }
}

function targetFromConfig(partition: PartitionConfig): CollectTarget {
  const s = partition.source
  switch (s.type) {
    case 'file':
      return { partition: partition.name, source: 'file', paths: s.paths }
    case 'aws_s3_bucket':
      return { partition: partition.name, source: 's3', ...withoutType(s) }
    case 'aws_cloudwatch_log_group':
      return { partition: partition.name, source: 'cloudwatch', ...withoutType(s) }
  }
}

function withoutType<T extends { type: string }>(source: T): Omit<T, 'type'> {
  const { type: _, ...rest } = source
  return rest
}

async function targetsOf(args: string[], options: CollectCommandOptions): Promise<CollectTarget[]> {
  if (options.source || options.path) {
    if (args.length > 0) throw new Error(`give either partitions of the config (${args.join(' ')}) or --source, not both`)
    return targetsFromFlags(options)
  }
  const paths = options.config ? [options.config] : await defaultConfigPaths()
  if (paths.length === 0) {
    throw new Error(
      'nothing to collect: give --source file|s3|cloudwatch with its options, or define partitions in a config file (--config, $CAIRN_CONFIG or ~/.cairn/config/*.hcl)',
    )
  }
  const config = await loadCairnConfigs(paths)
  return selectPartitions(config, args).map(targetFromConfig)
}

/**
 * A CloudWatch log group is not split (its streams are not the trail's account folders), and --overwrite deletes
 * the window's rows of every account, which is no shard's to do while the others write.
 */
function refuseUnshardable(targets: CollectTarget[], shard: CollectShard, overwrite: boolean | undefined): void {
  const cloudwatch = targets.find((t) => t.source === 'cloudwatch')
  if (cloudwatch) {
    throw new Error(
      `--shard ${describeShard(shard)} splits S3 and file trails by account; partition ${cloudwatch.partition} reads a CloudWatch log group, which is not split: collect it without --shard`,
    )
  }
  if (overwrite) {
    throw new Error(`--overwrite deletes the rows of every account: run it without --shard (the shards' state is read as one)`)
  }
}

export async function collectCommand(args: string[], options: CollectCommandOptions): Promise<number> {
  const targets = await targetsOf(args, options)
  if (options.shard) refuseUnshardable(targets, options.shard, options.overwrite)
  const { lake, stateDir: dataDir } = collectDestination(options.lake, options.dataDir, options)
  const summaries: (CollectSummary & { partition: string })[] = []
  for (const target of targets) {
    const progress = new Progress()
    const base: CollectRunOptions = {
      dataDir,
      lake,
      partition: target.partition,
      from: options.from,
      to: options.to,
      shard: options.shard,
      onProgress: (p) =>
        progress.update(
          () =>
            `${target.partition} · files ${formatCount(p.files)} (${formatBytes(p.bytes)}) · events ${formatCount(p.events)} · duplicates ${formatCount(p.duplicates)} · rejected ${p.rejected} · ${p.currentFile ?? ''}`,
        ),
    }
    let summary: CollectSummary
    try {
      if (target.source === 'file') summary = await collectFiles({ ...base, paths: target.paths, overwrite: options.overwrite })
      else if (target.source === 's3') summary = await collectS3({ ...base, ...target, overwrite: options.overwrite })
      else summary = await collectCloudWatch({ ...base, ...target, overwrite: options.overwrite })
    } finally {
      progress.done()
    }
    summaries.push({ partition: target.partition, ...summary })
    if (options.output === 'text') {
      if (targets.length > 1) process.stdout.write(`Partition ${target.partition}:\n`)
      printCollectSummary(summary, 'text')
    }
  }
  if (options.output === 'json') {
    const value = targets.length === 1 && !options.config && (options.source || options.path) ? summaries[0] : summaries
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
  }
  return summaries.some((s) => s.rejected.length > 0) ? EXIT_REJECTED_INPUT : 0
}

import { createReadStream } from 'node:fs'
import { appendFile, mkdir, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { readCloudTrail, type Rejection } from '@cairn/normalizer'
import { LakeWriter } from '@cairn/query'
import { FsLakeStore } from '@cairn/query/node'
import type { AwsCloudTrailLogRow } from '@cairn/schema'
import { acquireCollectLock } from './collect-lock.js'
import { walkFiles } from './walk-files.js'

export interface CollectFilesOptions {
  paths: string[]
  dataDir: string
  partition: string
  from?: Date
  to?: Date
  onProgress?: (progress: CollectProgress) => void
}

export interface CollectProgress {
  files: number
  bytes: number
  events: number
  duplicates: number
  rejected: number
  currentFile?: string
}

export interface CollectSummary {
  files: number
  bytes: number
  records: number
  events: number
  duplicates: number
  outsideWindow: number
  digests: number
  rejected: Rejection[]
  rejectedLog?: string
  filesWritten: number
  filesMerged: number
  seconds: number
  eventsPerSecond: number
  /** Peak resident memory of the process so far. */
  peakRssBytes: number
}

const BATCH = 5_000

/**
 * Collects CloudTrail files from local paths into the lake: streams each file through the normalizer, keeps what
 * falls inside the window, lets the lake writer drop events it already holds, keeps digests aside for integrity
 * validation and writes every rejection (with its raw excerpt) to `<data-dir>/rejected/<run>.jsonl`.
 */
export async function collectFiles(options: CollectFilesOptions): Promise<CollectSummary> {
  const started = performance.now()
  const release = await acquireCollectLock(options.dataDir)
  const runId = new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)
  const rejectedLog = join(options.dataDir, 'rejected', `${runId}.jsonl`)
  const writer = new LakeWriter(new FsLakeStore(options.dataDir), { runId })
  const summary: CollectSummary = {
    files: 0,
    bytes: 0,
    records: 0,
    events: 0,
    duplicates: 0,
    outsideWindow: 0,
    digests: 0,
    rejected: [],
    filesWritten: 0,
    filesMerged: 0,
    seconds: 0,
    eventsPerSecond: 0,
    peakRssBytes: 0,
  }
  const fromMs = options.from?.getTime() ?? Number.NEGATIVE_INFINITY
  const toMs = options.to?.getTime() ?? Number.POSITIVE_INFINITY
  let batch: AwsCloudTrailLogRow[] = []
  const flush = async () => {
    const added = await writer.write(batch)
    summary.duplicates += batch.length - added
    summary.events += added
    batch = []
  }
  try {
    for (const root of options.paths) {
      for await (const file of walkFiles(resolve(root))) {
        const context = {
          partition: options.partition,
          sourceType: 'file',
          sourceName: resolve(root),
          sourceLocation: file.path,
          ingestTime: Date.now(),
        }
        const chunks = createReadStream(file.path, { highWaterMark: 1 << 20 })
        for await (const item of readCloudTrail({ location: file.path, chunks }, context)) {
          switch (item.kind) {
            case 'row': {
              summary.records++
              if (item.row.event_time < fromMs || item.row.event_time >= toMs) summary.outsideWindow++
              else batch.push(item.row)
              if (batch.length >= BATCH) await flush()
              break
            }
            case 'rejected':
              summary.rejected.push(item.rejection)
              await mkdir(dirname(rejectedLog), { recursive: true })
              await appendFile(rejectedLog, `${JSON.stringify(item.rejection)}\n`)
              break
            case 'digest': {
              summary.digests++
              const target = join(options.dataDir, 'digests', `${file.key.replace(/\.gz$/, '')}`)
              await mkdir(dirname(target), { recursive: true })
              await writeFile(target, JSON.stringify(item.digest))
              break
            }
            case 'duplicate':
              summary.records++
              summary.duplicates++
              break
            default:
              break
          }
        }
        summary.files++
        summary.bytes += file.size
        options.onProgress?.({
          files: summary.files,
          bytes: summary.bytes,
          events: summary.events + batch.length,
          duplicates: summary.duplicates,
          rejected: summary.rejected.length,
          currentFile: file.key,
        })
      }
    }
    await flush()
    const written = await writer.close()
    summary.filesWritten = written.filesWritten
    summary.filesMerged = written.filesMerged
  } finally {
    await release()
  }
  if (summary.rejected.length > 0) summary.rejectedLog = rejectedLog
  summary.seconds = (performance.now() - started) / 1000
  summary.eventsPerSecond = summary.events / Math.max(summary.seconds, 1e-9)
  summary.peakRssBytes = process.resourceUsage().maxRSS * 1024
  return summary
}

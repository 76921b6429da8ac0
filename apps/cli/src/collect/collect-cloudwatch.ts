import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import {
  type CloudWatchSourceConfig,
  type CloudWatchState,
  createCloudWatchLogsClient,
  emptyCloudWatchState,
  type LogEventBatch,
  parseCloudWatchState,
  readLogGroup,
  validateCloudWatchSourceConfig,
} from '@cairn/cloudwatch-source'
import { TakenObjects } from '../state/taken-objects.js'
import { Checkpoints } from './checkpoints.js'
import { type DurablePage, StreamPositions } from './stream-positions.js'
import { CollectRun, type CollectRunOptions, type CollectSummary, deleteWindowRows } from './collect-run.js'

export interface CollectCloudWatchOptions extends CollectRunOptions, CloudWatchSourceConfig {
  /** Reads the window again from its start, whatever the streams' positions (rows already held are skipped). */
  overwrite?: boolean
}

const CHECKPOINT_MS = 15_000
const CHECKPOINT_BATCHES = 200
const encoder = new TextEncoder()

/** CloudTrail names its streams `<account>_CloudTrail_<region>`. */
function folderOf(batch: LogEventBatch): { index: string; day: string } | undefined {
  const account = /^(\d{12})_CloudTrail_/.exec(batch.logStream)?.[1]
  return account ? { index: account, day: new Date(batch.events[0]!.timestamp).toISOString().slice(0, 10) } : undefined
}

/**
 * A page of log events as one input of one CloudTrail event per line. Valid JSON never holds a raw line break
 * inside a string, so breaks in a pretty-printed message are only whitespace and become spaces.
 */
function batchInput(batch: LogEventBatch): Uint8Array {
  return encoder.encode(batch.events.map((e) => e.message.replace(/[\r\n]+/g, ' ')).join('\n'))
}

async function loadState(path: string, logGroup: string): Promise<CloudWatchState> {
  try {
    return parseCloudWatchState(await readFile(path, 'utf8'))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyCloudWatchState(logGroup)
    throw new Error(`the collection state ${path} is unreadable: ${(error as Error).message}`)
  }
}

async function saveState(path: string, state: CloudWatchState): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const temp = `${path}.tmp`
  await writeFile(temp, JSON.stringify(state))
  await rename(temp, path)
}

/**
 * Collects a log group: FilterLogEvents per stream from each stream's saved position (or --from), page by page.
 * A stream's new position is saved once the rows of the pages before it are on disk, so a rerun neither skips nor
 * repeats events, including several in one millisecond.
 */
export async function collectCloudWatch(options: CollectCloudWatchOptions): Promise<CollectSummary> {
  validateCloudWatchSourceConfig(options)
  const client = createCloudWatchLogsClient(options)
  const statePath = TakenObjects.pathFor(options.dataDir, options.partition, 'cloudwatch', options.logGroup).replace(/\.jsonl$/, '.json')
  const state = await loadState(statePath, options.logGroup)
  const run = await CollectRun.start(options)
  const streams: Record<string, number> = {}
  run.summary.source = { type: 'aws_cloudwatch_log_group', name: options.logGroup, streams }
  const pages = new Map<string, number>()
  const positions = new StreamPositions(state)
  const checkpoints = new Checkpoints<DurablePage>(
    run,
    async (durable) => {
      positions.apply(durable)
      await saveState(statePath, positions.state)
    },
    { items: CHECKPOINT_BATCHES, ms: CHECKPOINT_MS },
  )
  try {
    if (options.overwrite) await deleteWindowRows(options)
    const from = options.overwrite ? emptyCloudWatchState(options.logGroup) : state
    for await (const item of readLogGroup(client, options, { state: from })) {
      if (item.kind === 'error') {
        run.reject({
          location: `${options.logGroup}/${item.logStream ?? ''}`,
          reason: 'unreadable-input',
          message: `${item.error.message} (read again next run)`,
        })
        continue
      }
      const location = `${item.logGroup}/${item.logStream}@${item.events[0]!.eventId}`
      const bytes = batchInput(item)
      const page: DurablePage = { page: pages.get(item.logStream) ?? 0, batch: item }
      pages.set(item.logStream, page.page + 1)
      streams[item.logStream] = (streams[item.logStream] ?? 0) + item.events.length
      await run.submit(
        { location, chunks: [bytes], context: run.context('aws_cloudwatch_log_group', item.logGroup, item.logStream), folder: folderOf(item) },
        bytes.byteLength,
        { onRead: () => checkpoints.read(page) },
      )
      checkpoints.tick()
    }
    await checkpoints.idle()
    const summary = await run.finish()
    await checkpoints.recordRest()
    return summary
  } catch (error) {
    await run.abort()
    throw error
  } finally {
    client.destroy()
  }
}

import { availableParallelism } from 'node:os'
import { join, resolve } from 'node:path'
import { readCloudTrail, type Rejection } from '@cairn/normalizer'
import { LakeWriter } from '@cairn/query'
import { FsLakeStore, ParquetEncoderPool } from '@cairn/query/node'
import type { AwsCloudTrailLogRow } from '@cairn/schema'
import { acquireCollectLock } from './collect-lock.js'
import { type FileInput, fileInputs } from './file-inputs.js'
import { readAhead } from './read-ahead.js'
import { JsonLinesFile } from './json-lines-file.js'
import { type InputFile, walkFiles } from './walk-files.js'

/** Digests are kept with their CloudTrail key (from `AWSLogs/` on) so validation can find them by location. */
function digestKey(location: string): string {
  const normalized = location.replaceAll('\\', '/')
  const at = normalized.indexOf('AWSLogs/')
  return (at >= 0 ? normalized.slice(at) : normalized.split('/').at(-1)!).replace(/\.json(\.gz)?$/, '')
}

async function* logFiles(files: AsyncIterable<InputFile>, onSkip: () => void): AsyncGenerator<InputFile> {
  for await (const file of files) {
    if (NOT_LOGS.test(file.key)) onSkip()
    else yield file
  }
}

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
  /** Files skipped by name as not logs (licences, READMEs, YAML …). */
  skippedFiles: number
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


/** Files that travel with log folders but are never logs; skipped (and counted) rather than rejected. */
const NOT_LOGS = /(^|\/)(LICEN[SC]E|README|NOTICE|SOURCE|CHANGELOG)[^/]*$|\.(md|txt|ya?ml|csv|html?|pdf|png|jpe?g|py|sh)$/i

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
  // Parquet encoding runs on worker threads, overlapping reading and normalizing here.
  const encoders = new ParquetEncoderPool(availableParallelism())
  const writer = new LakeWriter(new FsLakeStore(options.dataDir), {
    runId,
    encode: encoders.encode,
    maxPendingFiles: availableParallelism() + 1,
  })
  const summary: CollectSummary = {
    files: 0,
    bytes: 0,
    records: 0,
    events: 0,
    duplicates: 0,
    outsideWindow: 0,
    skippedFiles: 0,
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
  const reject = async (rejection: Rejection) => {
    summary.rejected.push(rejection)
    await rejectedFile.write(rejection)
  }
  const rejectedFile = new JsonLinesFile(rejectedLog)
  const digests = new JsonLinesFile(join(options.dataDir, 'digests', `${runId}.jsonl`))
  let sourceName = ''
  const collectInput = async (input: FileInput) => {
    const context = {
      partition: options.partition,
      sourceType: 'file',
      sourceName,
      sourceLocation: input.location,
      ingestTime: Date.now(),
    }
    for await (const item of readCloudTrail(input, context)) {
      switch (item.kind) {
        case 'row': {
          summary.records++
          if (item.row.event_time < fromMs || item.row.event_time >= toMs) summary.outsideWindow++
          else batch.push(item.row)
          if (batch.length >= BATCH) await flush()
          break
        }
        case 'rejected':
          await reject(item.rejection)
          break
        case 'digest':
          summary.digests++
          await digests.write({ key: digestKey(input.location), location: input.location, digest: item.digest })
          break
        case 'duplicate':
          summary.records++
          summary.duplicates++
          break
        default:
          break
      }
    }
  }
  try {
    for (const root of options.paths) {
      sourceName = resolve(root)
      for await (const file of readAhead(logFiles(walkFiles(resolve(root)), () => summary.skippedFiles++))) {
        const inputs: FileInput[] = []
        try {
          for await (const input of fileInputs(file)) inputs.push(input)
        } catch (error) {
          await reject({ location: file.path, reason: 'unreadable-input', message: (error as Error).message })
        }
        for (const input of inputs) await collectInput(input)
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
    await digests.close()
    await rejectedFile.close()
    const written = await writer.close()
    summary.filesWritten = written.filesWritten
    summary.filesMerged = written.filesMerged
  } finally {
    await encoders.close()
    await release()
  }
  if (summary.rejected.length > 0) summary.rejectedLog = rejectedLog
  summary.seconds = (performance.now() - started) / 1000
  summary.eventsPerSecond = summary.events / Math.max(summary.seconds, 1e-9)
  summary.peakRssBytes = process.resourceUsage().maxRSS * 1024
  return summary
}

import { join } from 'node:path'
import type { CollectionContext, Rejection } from '@cairn/normalizer'
import { type IngestInput, type IngestResult, LakeIngestPool, WorkerHeapExhausted } from '@cairn/query/node'
import type { LakeLocation } from '../lake-location.js'
import { deleteRowsAt, workerLakeStore } from '../lake-store.js'
import { acquireCollectLock } from './collect-lock.js'
import { type CollectShard, type ShardSummary, shardLabel } from './collect-shard.js'
import { JsonLinesFile } from './json-lines-file.js'

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
  /** Events new to the lake. */
  events: number
  /** Events the lake already held, or met twice in this run. */
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
  /** What the source listed and skipped (S3, CloudWatch). */
  source?: { type: string; name: string; objects?: SourceObjects; streams?: Record<string, number> }
  /** With --shard: which shard ran, and what it left to the other shards. */
  shard?: ShardSummary
}

export interface SourceObjects {
  listed: number
  /** Taken by an earlier collect of this partition (same key and version): not read again. */
  alreadyTaken: number
  /** Could not be read: reported, and tried again next run. */
  failed: number
  listCalls: number
}

export interface SubmitExtra {
  /** S3 metadata of a digest object (its signature), kept with the digest. */
  digestMetadata?: Record<string, string>
  /** Called once the workers have read the whole input (its rows are durable after the next checkpoint). */
  onRead?: () => void
}

/** One line of `<data-dir>/hashes/<run>.jsonl`: what a collected input's uncompressed bytes hash to. */
export interface InputHashEntry {
  location: string
  sha256: string
  bytes: number
}

export interface CollectRunOptions {
  /** The local data dir: the lake and collect's state, or only the state when `lake` puts the lake elsewhere. */
  dataDir: string
  /** Where the lake is written when not in `dataDir` (an S3 bucket and prefix). */
  lake?: LakeLocation
  partition: string
  from?: Date
  to?: Date
  onProgress?: (progress: CollectProgress) => void
  /** Worker threads (default: one per core). */
  workers?: number
  /** With --shard: takes that shard's lock, and names the run's files after it. */
  shard?: CollectShard
}

/** Rethrows the pool's failure, with how this command sets the limit when a worker ran out of its heap. */
function throwWithHeapHint(error: unknown): never {
  if (!(error instanceof WorkerHeapExhausted)) throw error
  throw new Error(`${error.message}: set CAIRN_COLLECT_WORKER_HEAP_MB above ${error.limitMb}, or unset it`, { cause: error })
}

/** CAIRN_COLLECT_WORKER_HEAP_MB: bounds each collect worker's heap (none by default; see the README). */
function workerHeapMb(): number | undefined {
  const text = process.env.CAIRN_COLLECT_WORKER_HEAP_MB
  if (text === undefined || text === '') return undefined
  const mb = Number(text)
  if (!Number.isInteger(mb) || mb < 64) throw new Error(`CAIRN_COLLECT_WORKER_HEAP_MB=${text}: give a whole number of MB, at least 64`)
  return mb
}

/** For --overwrite: deletes the window's rows of the run's partition, wherever the lake is. */
export async function deleteWindowRows(options: CollectRunOptions): Promise<void> {
  const location = options.lake ?? { kind: 'local', dataDir: options.dataDir }
  await deleteRowsAt(location, { partition: options.partition, from: options.from, to: options.to })
}

/** A digest is kept under its CloudTrail key (from `AWSLogs/` on), so validation finds it by location. */
export function digestKey(location: string): string {
  const normalized = location.replaceAll('\\', '/')
  const at = normalized.indexOf('AWSLogs/')
  return (at >= 0 ? normalized.slice(at) : normalized.split('/').at(-1)!).replace(/\.json(\.gz)?$/, '')
}

/**
 * One `cairn collect` into a data dir, whatever the source: holds the collect lock, feeds inputs to the worker
 * pool, keeps digests and rejections (with their raw excerpts) in JSON-lines side files of the run, and adds up
 * the summary. Sources call `submit` per input and `checkpoint` before they record what they have taken.
 */
export class CollectRun {
  readonly summary: CollectSummary = {
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
  /** Names the run's lake and side files; shards that start in the same second must not share names. */
  readonly runId: string
  private readonly started = performance.now()
  private readonly rejectedFile: JsonLinesFile
  private readonly digestFile: JsonLinesFile
  private readonly hashFile: JsonLinesFile
  private sideWrites: Promise<void> = Promise.resolve()
  private rowsRead = 0
  private readonly pool: LakeIngestPool
  private readonly digestMetadata = new Map<string, Record<string, string>>()
  private readonly onRead = new Map<string, () => void>()

  private constructor(
    private readonly options: CollectRunOptions,
    private readonly release: () => Promise<void>,
  ) {
    const stamp = new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)
    this.runId = options.shard ? `${stamp}-${shardLabel(options.shard)}` : stamp
    this.rejectedFile = new JsonLinesFile(join(options.dataDir, 'rejected', `${this.runId}.jsonl`))
    this.digestFile = new JsonLinesFile(join(options.dataDir, 'digests', `${this.runId}.jsonl`))
    this.hashFile = new JsonLinesFile(join(options.dataDir, 'hashes', `${this.runId}.jsonl`))
    this.pool = new LakeIngestPool({
      dataDir: options.dataDir,
      lakeStore: options.lake && workerLakeStore(options.lake),
      runId: this.runId,
      workers: options.workers,
      from: options.from,
      to: options.to,
      onResult: (result) => this.take(result),
      maxBufferedRows: 60_000,
      idleFlushRows: 20_000,
      workerHeapMb: workerHeapMb(),
    })
  }

  static async start(options: CollectRunOptions): Promise<CollectRun> {
    const release = await acquireCollectLock(options.dataDir, options.shard)
    return new CollectRun(options, release)
  }

  context(sourceType: string, sourceName: string, sourceLocation?: string): CollectionContext {
    return { partition: this.options.partition, sourceType, sourceName, sourceLocation, ingestTime: Date.now() }
  }

  /**
   * Hands one input to the workers (waiting while they are busy); `fileBytes` when it is a whole file. Resolves
   * false when the source failed while its bytes were read (reported; not to be recorded as taken).
   */
  async submit(input: IngestInput, fileBytes?: number, extra: SubmitExtra = {}): Promise<boolean> {
    if (fileBytes !== undefined) {
      this.summary.files++
      this.summary.bytes += fileBytes
    }
    if (extra.digestMetadata) this.digestMetadata.set(input.location, extra.digestMetadata)
    if (extra.onRead) this.onRead.set(input.location, extra.onRead)
    try {
      await this.pool.submit(input)
    } catch (error) {
      if (this.pool.failed) throwWithHeapHint(error)
      this.onRead.delete(input.location)
      this.reject({ location: input.location, reason: 'unreadable-input', message: `${input.location}: ${(error as Error).message}` })
      return false
    }
    this.report(input.location)
    return true
  }

  /** A whole input that could not be opened: rejected, listed and the run goes on. */
  reject(rejection: Rejection): void {
    this.summary.rejected.push(rejection)
    this.sideWrites = this.sideWrites.then(() => this.rejectedFile.write(rejection))
  }

  /** Resolves once every event submitted so far is in the lake on disk. */
  async checkpoint(): Promise<void> {
    const written = await this.pool.checkpoint().catch(throwWithHeapHint)
    this.summary.events = written.rowsWritten
    await this.sideWrites
  }

  async finish(): Promise<CollectSummary> {
    try {
      const written = await this.pool.close().catch(throwWithHeapHint)
      this.summary.events = written.rowsWritten
      this.summary.duplicates += written.duplicates
      this.summary.filesWritten = written.filesWritten
      this.summary.filesMerged = written.filesMerged
      await this.sideWrites
      await this.digestFile.close()
      await this.hashFile.close()
      await this.rejectedFile.close()
    } finally {
      await this.release()
    }
    // workers finish inputs out of order; the summary lists rejections as the inputs were given
    this.summary.rejected.sort((a, b) => a.location.localeCompare(b.location) || (a.record ?? 0) - (b.record ?? 0))
    if (this.summary.rejected.length > 0) this.summary.rejectedLog = this.rejectedFile.path
    this.summary.seconds = (performance.now() - this.started) / 1000
    this.summary.eventsPerSecond = this.summary.events / Math.max(this.summary.seconds, 1e-9)
    this.summary.peakRssBytes = process.resourceUsage().maxRSS * 1024
    return this.summary
  }

  /** Stops the workers without writing what they buffer (the run failed). */
  async abort(): Promise<void> {
    try {
      await this.pool.terminate()
    } finally {
      await this.release()
    }
  }

  private take(result: IngestResult): void {
    this.summary.records += result.records
    this.summary.outsideWindow += result.outsideWindow
    this.summary.duplicates += result.records - result.rows - result.outsideWindow
    this.rowsRead += result.rows
    for (const rejection of result.rejections) this.reject(rejection)
    const read = this.onRead.get(result.location)
    this.onRead.delete(result.location)
    read?.()
    for (const { digest } of result.digests) {
      this.summary.digests++
      const metadata = this.digestMetadata.get(result.location)
      const entry = { key: digestKey(result.location), location: result.location, digest, ...(metadata ? { metadata } : {}) }
      this.sideWrites = this.sideWrites.then(() => this.digestFile.write(entry))
    }
    this.digestMetadata.delete(result.location)
    // the worker reports a hash only for inputs submitted with `hash`: kept for offline validation
    if (result.sha256 !== undefined) {
      const entry: InputHashEntry = { location: result.location, sha256: result.sha256, bytes: result.bytesDecoded }
      this.sideWrites = this.sideWrites.then(() => this.hashFile.write(entry))
    }
  }

  private report(currentFile: string): void {
    this.options.onProgress?.({
      files: this.summary.files,
      bytes: this.summary.bytes,
      events: this.rowsRead,
      duplicates: this.summary.duplicates,
      rejected: this.summary.rejected.length,
      currentFile,
    })
  }
}

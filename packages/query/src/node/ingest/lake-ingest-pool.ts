import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { CollectionContext } from '@cairn/normalizer'
import type { LakeWriteSummary } from '../../lake/lake-writer.js'
import type { LakeStoreModule } from '../lake-store-module.js'
import type { FromWorker, IngestResult, IngestWorkerData, ToWorker } from './ingest-protocol.js'
export { WHOLE_INPUT_BYTES } from './ingest-protocol.js'
import { shardOwner } from './shard-owner.js'

export type { DigestFound, IngestResult } from './ingest-protocol.js'

interface IngestInputCommon {
  /** The file path, S3 URL or stream: named in rejections and tp_source_location. */
  location: string
  context: CollectionContext
  /**
   * The account and day the input's events most likely belong to (e.g. from its S3 key), so it is read by the
   * worker that owns that folder. Without it the least busy worker reads it and its rows are routed.
   */
  folder?: { index: string; day: string }
  /** Report the SHA-256 of the input's uncompressed bytes in its result (for integrity validation). */
  hash?: boolean
}

/**
 * One input: its raw bytes (gzip'd or not; chunks are handed over to a worker thread: do not reuse them), or a local
 * file of at most `WHOLE_INPUT_BYTES` that the worker reads itself. Reading such a file here and posting its bytes
 * costs this thread as much CPU as a worker spends normalizing it.
 */
export type IngestInput = IngestInputCommon &
  ({ chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>; path?: never } | { path: string; chunks?: never })

export interface LakeIngestOptions {
  /** The local data dir the lake is written to, unless `lakeStore` names another store. */
  dataDir: string
  /** Where the lake is written instead of `dataDir` (e.g. S3): each worker makes its store from this. */
  lakeStore?: LakeStoreModule
  runId: string
  /** Worker threads, default: one per core. */
  workers?: number
  from?: Date
  to?: Date
  /** Called as each input finishes, in completion order. */
  onResult?: (result: IngestResult) => void
  /** Input bytes handed to one worker and not yet read by it. */
  maxPendingBytesPerWorker?: number
  maxPendingInputsPerWorker?: number
  rowsPerFile?: number
  maxBufferedRows?: number
  idleFlushRows?: number
  /**
   * Old-generation heap limit of each worker, MB; none by default. V8 lets a busy heap grow to several times what it
   * holds live before it collects: a limit bounds the process's memory (384 keeps two workers and this thread near
   * 1 GiB), the worker writing its buffered rows out early as its heap nears it, at the cost of more collections.
   */
  workerHeapMb?: number
}

type FileTask = Extract<ToWorker, { kind: 'file' }>

interface WorkerState {
  worker: Worker
  pendingBytes: number
  pendingInputs: number
  /** Local files this worker owns, waiting here while its queue is full (see `submit`). */
  backlog: FileTask[]
}

/** Local files held back over all workers before `submit` waits: paths only, so a long look-ahead is cheap. */
const MAX_BACKLOG = 8192
/** A worker with fewer inputs queued than this and nothing of its own backlogged takes another's backlogged files. */
const STEAL_BELOW = 8
const STEAL_BATCH = 32

/** A worker ran out of the heap `workerHeapMb` gave it: the collect cannot go on (a larger limit may do). */
export class WorkerHeapExhausted extends Error {
  constructor(
    readonly worker: number,
    readonly limitMb: number,
    detail: string,
  ) {
    super(`collect worker ${worker} ran out of its ${limitMb} MB heap (${detail}); a larger heap limit may let it finish`)
    this.name = 'WorkerHeapExhausted'
  }
}

/** The worker's compiled module; under vitest this module runs from src/, and the worker from the build. */
function workerUrl(): URL {
  const url = new URL('./ingest-worker.js', import.meta.url)
  if (existsSync(fileURLToPath(url))) return url
  return pathToFileURL(fileURLToPath(url).replace(/([\\/])src([\\/])node([\\/])/, '$1dist$2node$3'))
}

/** A chunk whose memory is its own can be moved to the worker; a view into a shared buffer is copied first. */
function transferable(chunk: Uint8Array): Uint8Array {
  const own = chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength && chunk.buffer instanceof ArrayBuffer
  return own ? chunk : chunk.slice()
}

/**
 * Collects inputs into the lake on worker threads. Each worker reads (gunzip, parse, normalize) the inputs it is
 * given and owns a share of the lake's folders, which it deduplicates and writes; rows of another worker's folder
 * are routed to it through this thread. This thread only moves bytes, so reading files or downloading objects
 * here overlaps the workers' CPU work.
 */
export class LakeIngestPool {
  private readonly workers: WorkerState[]
  private nextId = 0
  private nextToken = 0
  private failure: Error | undefined
  private readonly waiters = new Set<() => void>()
  private readonly tokens = new Map<
    number,
    { remaining: number; summaries: LakeWriteSummary[]; done: () => void; abort: (e: Error) => void }
  >()
  private terminated = false
  private readonly maxPendingBytes: number
  private readonly maxPendingInputs: number
  private backlogged = 0

  constructor(private readonly options: LakeIngestOptions) {
    const count = Math.max(1, options.workers ?? availableParallelism())
    this.maxPendingBytes = options.maxPendingBytesPerWorker ?? 32 * 1024 * 1024
    this.maxPendingInputs = options.maxPendingInputsPerWorker ?? 256
    const heapLimitMb = options.workerHeapMb
    this.workers = Array.from({ length: count }, (_, workerIndex) => {
      const data: IngestWorkerData = {
        dataDir: options.dataDir,
        lakeStore: options.lakeStore,
        runId: options.runId,
        workerIndex,
        workers: count,
        fromMs: options.from?.getTime() ?? Number.NEGATIVE_INFINITY,
        toMs: options.to?.getTime() ?? Number.POSITIVE_INFINITY,
        rowsPerFile: options.rowsPerFile,
        maxBufferedRows: options.maxBufferedRows,
        idleFlushRows: options.idleFlushRows,
        heapLimitMb,
      }
      const worker = new Worker(workerUrl(), { workerData: data, ...(heapLimitMb === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: heapLimitMb } }) })
      const state: WorkerState = { worker, pendingBytes: 0, pendingInputs: 0, backlog: [] }
      worker.on('message', (message: FromWorker) => this.receive(state, message))
      worker.on('error', (error) => {
        if ((error as NodeJS.ErrnoException).code !== 'ERR_WORKER_OUT_OF_MEMORY') return this.fail(error)
        this.fail(new WorkerHeapExhausted(workerIndex, heapLimitMb as number, error.message))
      })
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`collect worker ${workerIndex} exited with code ${code}`))
      })
      return state
    })
  }

  /** Whether a worker failed (the run cannot go on), as opposed to an input's source failing. */
  get failed(): boolean {
    return this.failure !== undefined
  }

  /**
   * Hands an input to a worker, waiting while the workers are busy; its result arrives later via onResult.
   *
   * Sources list files folder by folder, and a folder's files all go to its owner: waiting for that one worker
   * would leave the other idle for as long as the run of files lasts. So a local file whose owner is busy waits
   * here instead, in its owner's backlog, while later files are handed out; and a worker that runs dry takes
   * files from another's backlog (their rows are then routed to the owner).
   */
  async submit(input: IngestInput): Promise<void> {
    this.throwIfFailed()
    const target = this.pick(input)
    if (input.path !== undefined) {
      await this.until(() => this.backlogged < MAX_BACKLOG)
      const { location, context, hash, path } = input
      const task: FileTask = { kind: 'file', id: this.nextId++, path, location, context, hash }
      if (target.backlog.length === 0 && target.pendingInputs < this.maxPendingInputs) this.postFile(target, task)
      else {
        target.backlog.push(task)
        this.backlogged++
        for (const w of this.workers) this.feed(w)
      }
      return
    }
    await this.until(() => target.pendingInputs < this.maxPendingInputs)
    const id = this.nextId++
    target.pendingInputs++
    this.post(target, { kind: 'begin', id, location: input.location, context: input.context, hash: input.hash })
    try {
      for await (const chunk of input.chunks) {
        await this.until(() => target.pendingBytes < this.maxPendingBytes)
        const bytes = transferable(chunk)
        target.pendingBytes += bytes.byteLength
        this.post(target, { kind: 'chunk', id, bytes }, [bytes.buffer as ArrayBuffer])
      }
    } finally {
      // a source that fails mid-stream still ends the input: the worker reports what the bytes so far held
      this.post(target, { kind: 'end', id })
    }
  }

  /** Resolves once every row of every input submitted so far is in a lake file on disk. */
  async checkpoint(): Promise<LakeWriteSummary> {
    await this.until(() => this.backlogged === 0)
    await this.broadcast('drain')
    return sumSummaries(await this.broadcast('write'))
  }

  /** Writes what is buffered, merges small files, stops the workers and reports what the lake gained. */
  async close(): Promise<LakeWriteSummary> {
    try {
      await this.until(() => this.backlogged === 0)
      await this.broadcast('drain')
      return sumSummaries(await this.broadcast('close'))
    } finally {
      await this.terminate()
    }
  }

  async terminate(): Promise<void> {
    this.terminated = true
    await Promise.all(this.workers.map((w) => w.worker.terminate()))
  }

  private pick(input: IngestInput): WorkerState {
    if (input.folder) return this.workers[shardOwner(input.folder.index, input.folder.day, this.workers.length)]!
    return this.workers.reduce((a, b) => (b.pendingBytes + b.pendingInputs * 4096 < a.pendingBytes + a.pendingInputs * 4096 ? b : a))
  }

  private postFile(target: WorkerState, task: FileTask): void {
    target.pendingInputs++
    this.post(target, task)
  }

  /** Tops up a worker's queue from its backlog, or when it runs dry, from the longest backlog of another. */
  private feed(state: WorkerState): void {
    while (state.backlog.length > 0 && state.pendingInputs < this.maxPendingInputs) {
      this.backlogged--
      this.postFile(state, state.backlog.shift()!)
    }
    if (state.backlog.length > 0 || state.pendingInputs >= STEAL_BELOW) return
    const donor = this.workers.reduce((a, b) => (b.backlog.length > a.backlog.length ? b : a))
    for (let n = 0; n < STEAL_BATCH && donor.backlog.length > 0; n++) {
      this.backlogged--
      this.postFile(state, donor.backlog.pop()!)
    }
  }

  private post(target: WorkerState, message: ToWorker, transfer?: ArrayBuffer[]): void {
    target.worker.postMessage(message, transfer)
  }

  private broadcast(kind: 'drain' | 'write' | 'close'): Promise<LakeWriteSummary[]> {
    this.throwIfFailed()
    const token = this.nextToken++
    return new Promise((resolve, reject) => {
      const summaries: LakeWriteSummary[] = []
      this.tokens.set(token, { remaining: this.workers.length, summaries, done: () => resolve(summaries), abort: reject })
      for (const w of this.workers) this.post(w, { kind, token })
    })
  }

  private receive(state: WorkerState, message: FromWorker): void {
    switch (message.kind) {
      case 'consumed':
        state.pendingBytes -= message.bytes
        break
      case 'results':
        state.pendingInputs -= message.results.length
        for (const result of message.results) this.options.onResult?.(result)
        if (this.backlogged > 0) for (const w of this.workers) this.feed(w)
        break
      case 'route':
        this.post(this.workers[message.to]!, { kind: 'rows', rows: message.rows })
        break
      case 'drained':
        this.settle(message.token)
        break
      case 'written':
      case 'closed':
        this.settle(message.token, message.summary)
        break
      case 'failed':
        this.fail(new Error(`collect worker failed: ${message.message}`))
        break
    }
    for (const wake of [...this.waiters]) wake()
  }

  private settle(token: number, summary?: LakeWriteSummary): void {
    const waiting = this.tokens.get(token)
    if (!waiting) return
    if (summary) waiting.summaries.push(summary)
    if (--waiting.remaining === 0) {
      this.tokens.delete(token)
      waiting.done()
    }
  }

  private until(ready: () => boolean): Promise<void> {
    if (ready() || this.failure) return this.failure ? Promise.reject(this.failure) : Promise.resolve()
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.failure) {
          this.waiters.delete(check)
          reject(this.failure)
        } else if (ready()) {
          this.waiters.delete(check)
          resolve()
        }
      }
      this.waiters.add(check)
    })
  }

  private fail(error: Error): void {
    if (this.terminated) return
    this.failure ??= error
    for (const waiting of this.tokens.values()) waiting.abort(this.failure)
    this.tokens.clear()
    for (const wake of [...this.waiters]) wake()
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure
  }
}

function sumSummaries(summaries: LakeWriteSummary[]): LakeWriteSummary {
  const total: LakeWriteSummary = { rowsWritten: 0, duplicates: 0, filesWritten: 0, filesMerged: 0, days: 0 }
  for (const s of summaries) {
    total.rowsWritten += s.rowsWritten
    total.duplicates += s.duplicates
    total.filesWritten += s.filesWritten
    total.filesMerged += s.filesMerged
    total.days += s.days
  }
  return total
}

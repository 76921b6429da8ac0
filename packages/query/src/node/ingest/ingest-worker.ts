import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { getHeapStatistics } from 'node:v8'
import { parentPort, workerData } from 'node:worker_threads'
import { gunzipSync } from 'node:zlib'
import { type CollectionContext, readCloudTrail } from '@cairn/normalizer'
import type { AwsCloudTrailLogRow } from '@cairn/schema'
import { LakeWriter } from '../../lake/lake-writer.js'
import { FsLakeStore } from '../fs-lake-store.js'
import { createStoreFromModule } from '../lake-store-module.js'
import { ChunkQueue } from './chunk-queue.js'
import { type DigestFound, type FromWorker, type IngestResult, type IngestWorkerData, type ToWorker, WHOLE_INPUT_BYTES } from './ingest-protocol.js'
import { shardOwner } from './shard-owner.js'

const port = parentPort!
const setup = workerData as IngestWorkerData
const send = (message: FromWorker, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer)
// Messages that arrive while the store is made wait in the port: it starts delivering once the listener below is on.
const store = setup.lakeStore ? await createStoreFromModule(setup.lakeStore) : new FsLakeStore(setup.dataDir)
const writer = new LakeWriter(store, {
  runId: `${setup.runId}-${setup.workerIndex}`,
  rowsPerFile: setup.rowsPerFile,
  maxBufferedRows: setup.maxBufferedRows,
  idleFlushRows: setup.idleFlushRows,
  underPressure: setup.heapLimitMb === undefined ? undefined : heapNearLimit(setup.heapLimitMb),
})

/**
 * Over 60 % of the heap limit in use, live or not yet collected: rows buffered are better on disk. (A figure taken
 * after each full collection would be truer, but its observer runs only between tasks, which a busy worker rarely
 * reaches; the writer asks only every few thousand rows, and writes out half of what it buffers.)
 */
function heapNearLimit(limitMb: number): () => boolean {
  const threshold = limitMb * 1024 * 1024 * 0.6
  return () => getHeapStatistics().used_heap_size > threshold
}

/** Rows normalized here that belong to another worker's folders, sent in batches. */
const outboxes: AwsCloudTrailLogRow[][] = Array.from({ length: setup.workers }, () => [])
const ROUTE_BATCH = 2_000

/**
 * Node's zlib inflates a small gzip file several times faster than the normalizer's portable streaming inflate.
 * Input that zlib refuses goes to the normalizer as it is, which names what is wrong and keeps what it can.
 */
function inflatedWhole(whole: Uint8Array): Iterable<Uint8Array> {
  if (whole.length < 18 || whole[0] !== 0x1f || whole[1] !== 0x8b) return [whole]
  try {
    const inflated = gunzipSync(whole)
    return [new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.byteLength)]
  } catch {
    return [whole]
  }
}

async function fastChunks(chunks: ChunkQueue): Promise<Iterable<Uint8Array> | AsyncIterable<Uint8Array>> {
  const whole = await chunks.whole(WHOLE_INPUT_BYTES)
  if (!whole) return chunks
  chunks.discard()
  return inflatedWhole(whole)
}

const WRITE_BATCH = 5_000

function route(to: number, force: boolean): void {
  const rows = outboxes[to]!
  if (rows.length === 0 || (!force && rows.length < ROUTE_BATCH)) return
  outboxes[to] = []
  send({ kind: 'route', to, rows })
}

type Task =
  | {
      kind: 'input'
      id: number
      location: string
      context: CollectionContext
      /** Bytes from the main thread, or a local file this thread reads. */
      chunks: ChunkQueue | { path: string }
      hash?: boolean
    }
  | Exclude<ToWorker, { kind: 'begin' | 'chunk' | 'end' }>

const inputs = new Map<number, ChunkQueue>()
const tasks: Task[] = []
let running = false

async function readInput(task: Extract<Task, { kind: 'input' }>): Promise<void> {
  const result: IngestResult = {
    id: task.id,
    location: task.location,
    records: 0,
    rows: 0,
    outsideWindow: 0,
    rejections: [],
    digests: [] as DigestFound[],
    bytesIn: 0,
    bytesDecoded: 0,
  }
  let local: AwsCloudTrailLogRow[] = []
  // Hashed where the bytes are inflated anyway, so that integrity validation needs no second download.
  const hash = task.hash ? createHash('sha256') : undefined
  const onDecoded = hash ? (bytes: Uint8Array) => void hash.update(bytes) : undefined
  try {
    const chunks = task.chunks instanceof ChunkQueue ? await fastChunks(task.chunks) : readLocalFile(task.chunks.path, result)
    for await (const item of chunks ? readCloudTrail({ location: task.location, chunks }, task.context, { onDecoded }) : []) {
      switch (item.kind) {
        case 'row': {
          result.records++
          const row = item.row
          if (row.event_time < setup.fromMs || row.event_time >= setup.toMs) {
            result.outsideWindow++
            break
          }
          result.rows++
          const owner = shardOwner(row.tp_index, row.tp_date, setup.workers)
          if (owner === setup.workerIndex) {
            local.push(row)
            if (local.length >= WRITE_BATCH) {
              await writer.write(local)
              local = []
            }
          } else {
            outboxes[owner]!.push(row)
            route(owner, false)
          }
          break
        }
        case 'duplicate':
          result.records++
          break
        case 'rejected':
          result.rejections.push(item.rejection)
          break
        case 'digest':
          result.digests.push({ record: item.record, digest: item.digest })
          break
        case 'end':
          result.bytesIn = item.bytesIn
          result.bytesDecoded = item.bytesDecoded
          break
      }
    }
  } finally {
    if (task.chunks instanceof ChunkQueue) task.chunks.discard()
    inputs.delete(task.id)
  }
  if (local.length > 0) await writer.write(local)
  if (hash) result.sha256 = hash.digest('hex')
  report(result, !(task.chunks instanceof ChunkQueue))
}

/**
 * Each message wakes the main thread, which then takes a core from a worker for a moment: at ~40 events a file,
 * one message per file cost a worker 3 % of its time. So a local file's result waits for a few more, but never
 * while this thread has nothing queued (the pool tops queues up as results arrive), nor for long (progress).
 * A streamed input's result goes at once: the pool streams the next input's bytes only as results come back.
 */
const RESULT_BATCH = 32
const RESULT_DELAY_MS = 100
let finished: IngestResult[] = []
let firstFinishedAt = 0

function report(result: IngestResult, local: boolean): void {
  if (finished.length === 0) firstFinishedAt = performance.now()
  finished.push(result)
  if (!local || finished.length >= RESULT_BATCH || tasks.length === 0 || performance.now() - firstFinishedAt > RESULT_DELAY_MS) {
    sendResults()
  }
}

function sendResults(): void {
  if (finished.length === 0) return
  send({ kind: 'results', results: finished })
  finished = []
}

/** A file read whole, synchronously: this thread has nothing else to do meanwhile. Unreadable: a rejection. */
function readLocalFile(path: string, result: IngestResult): Iterable<Uint8Array> | undefined {
  let bytes: Uint8Array
  try {
    bytes = readFileSync(path)
  } catch (error) {
    const message = `${result.location}: cannot read the file: ${(error as Error).message}`
    result.rejections.push({ location: result.location, reason: 'unreadable-input', message })
    return undefined
  }
  return inflatedWhole(bytes)
}

async function run(task: Task): Promise<void> {
  switch (task.kind) {
    case 'input':
      return readInput(task)
    case 'rows':
      await writer.write(task.rows)
      return
    case 'drain':
      sendResults()
      for (let to = 0; to < outboxes.length; to++) route(to, true)
      send({ kind: 'drained', token: task.token })
      return
    case 'write':
      sendResults()
      await writer.flush()
      send({ kind: 'written', token: task.token, summary: writer.progress() })
      return
    case 'close':
      sendResults()
      send({ kind: 'closed', token: task.token, summary: await writer.close() })
      return
  }
}

async function pump(): Promise<void> {
  if (running) return
  running = true
  try {
    for (let task = tasks.shift(); task; task = tasks.shift()) await run(task)
    sendResults()
  } catch (error) {
    sendResults()
    send({ kind: 'failed', message: (error as Error).stack ?? String(error) })
  } finally {
    running = false
  }
}

port.on('message', (message: ToWorker) => {
  switch (message.kind) {
    case 'begin': {
      const chunks = new ChunkQueue((bytes) => send({ kind: 'consumed', bytes }))
      inputs.set(message.id, chunks)
      tasks.push({ kind: 'input', id: message.id, location: message.location, context: message.context, chunks, hash: message.hash })
      break
    }
    case 'file': {
      const { id, location, context, hash, path } = message
      tasks.push({ kind: 'input', id, location, context, chunks: { path }, hash })
      break
    }
    case 'chunk': {
      const chunks = inputs.get(message.id)
      if (chunks) chunks.push(message.bytes)
      else send({ kind: 'consumed', bytes: message.bytes.byteLength })
      return
    }
    case 'end':
      inputs.get(message.id)?.end()
      return
    default:
      tasks.push(message)
  }
  void pump()
})

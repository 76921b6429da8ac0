/**
 * Writes gzip'd files off the main thread: a small pool of worker threads encodes, hashes (for digests),
 * compresses and writes while the main thread builds the next files. At most a few files are in flight per
 * worker, so memory stays bounded whatever the total. The worker is inline source (eval), so it runs the same
 * from `src` under vitest and from `dist`.
 */
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'

const encoder = new TextEncoder()

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const { createHash } = require('node:crypto')
const { gzipSync } = require('node:zlib')
const { mkdir, writeFile } = require('node:fs/promises')
const { dirname } = require('node:path')
const made = new Map()
const fail = (id, error) => parentPort.postMessage({ id, error: String((error && error.stack) || error) })
parentPort.on('message', (job) => {
  let compressed
  let hash
  try {
    const bytes = Buffer.from(job.content.buffer, job.content.byteOffset, job.content.byteLength)
    if (job.hash) hash = createHash('sha256').update(bytes).digest('hex')
    compressed = gzipSync(bytes, { level: job.level })
  } catch (error) {
    fail(job.id, error)
    return
  }
  const dir = dirname(job.path)
  let ready = made.get(dir)
  if (!ready) {
    ready = mkdir(dir, { recursive: true })
    made.set(dir, ready)
  }
  // Creating files is slow on some file systems: let several writes overlap while the next file compresses.
  ready
    .then(() => writeFile(job.path, compressed))
    .then(() => parentPort.postMessage({ id: job.id, bytes: compressed.length, hash }), (error) => fail(job.id, error))
})
`

export interface WriterOptions {
  outDir: string
  /** Worker threads (default: one per core beyond the main thread's, at least 2, at most 4). */
  workers?: number
  /** Files queued per worker before `write` waits. */
  queuePerWorker?: number
  /** zlib level; CloudTrail's files compress like level 6. */
  level?: number
}

interface Job {
  worker: Slot
  /** Settles the promise of the SHA-256 of the uncompressed content, when asked for. */
  hashed?: { resolve: (hash: string) => void; reject: (error: Error) => void }
}

interface Slot {
  worker: Worker
  queued: number
}

interface Done {
  id: number
  bytes?: number
  hash?: string
  error?: string
}

export class GzipFileWriter {
  private readonly outDir: string
  private readonly level: number
  private readonly limit: number
  private readonly slots: Slot[]
  private readonly jobs = new Map<number, Job>()
  private wake: (() => void) | undefined
  private failure: Error | undefined
  private nextId = 0
  /** Compressed bytes written so far. */
  bytes = 0
  files = 0

  constructor(options: WriterOptions) {
    this.outDir = options.outDir
    this.level = options.level ?? 6
    const count = options.workers ?? Math.max(2, Math.min(4, availableParallelism()))
    this.limit = options.queuePerWorker ?? 8
    this.slots = Array.from({ length: count }, () => {
      const slot: Slot = { worker: new Worker(WORKER_SOURCE, { eval: true }), queued: 0 }
      slot.worker.on('message', (message: Done) => this.done(message))
      slot.worker.on('error', (error) => this.fail(error))
      return slot
    })
  }

  /** Queue UTF-8 `content` for `<outDir>/<key>`; resolves once there is room for another file. */
  async write(key: string, content: string): Promise<void> {
    await this.submit(key, content)
  }

  /**
   * Like `write`, and also hashes the uncompressed bytes (as digests need): resolves once queued, with a
   * promise of the hex SHA-256 (wrapped, so that awaiting the call does not wait for the hash).
   */
  async writeHashed(key: string, content: string): Promise<{ hash: Promise<string> }> {
    let hashed!: Job['hashed']
    const hash = new Promise<string>((resolve, reject) => {
      hashed = { resolve, reject }
    })
    hash.catch(() => {}) // the failure also surfaces through write/flush; no unhandled rejection if unawaited
    await this.submit(key, content, hashed)
    return { hash }
  }

  /** Wait until every queued file is written. */
  async flush(): Promise<void> {
    while (this.jobs.size > 0 && !this.failure) await this.sleep()
    this.check()
  }

  /** Wait for every queued file, then stop the workers. */
  async close(): Promise<void> {
    try {
      await this.flush()
    } finally {
      await this.terminate()
    }
  }

  /** Stop the workers now (files in flight may be left unwritten); safe to call more than once. */
  async terminate(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()))
  }

  private async submit(key: string, content: string, hashed?: Job['hashed']): Promise<void> {
    this.check()
    let slot = this.leastBusy()
    while (slot.queued >= this.limit) {
      await this.sleep()
      this.check()
      slot = this.leastBusy()
    }
    const id = this.nextId++
    slot.queued++
    this.jobs.set(id, { worker: slot, hashed })
    // Encoded here and handed over without a copy: cheaper than cloning the string for the worker.
    const bytes = encoder.encode(content)
    const job = { id, path: join(this.outDir, key), content: bytes, level: this.level, hash: hashed !== undefined }
    slot.worker.postMessage(job, [bytes.buffer])
  }

  private leastBusy(): Slot {
    let best = this.slots[0]!
    for (const s of this.slots) if (s.queued < best.queued) best = s
    return best
  }

  private sleep(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wake = resolve
    })
  }

  private done(message: Done): void {
    const job = this.jobs.get(message.id)
    if (job) {
      job.worker.queued--
      this.jobs.delete(message.id)
    }
    if (message.error) {
      const error = new Error(message.error)
      this.failure ??= error
      job?.hashed?.reject(error)
    } else {
      this.bytes += message.bytes ?? 0
      this.files++
      if (message.hash) job?.hashed?.resolve(message.hash)
    }
    this.notify()
  }

  private fail(error: Error): void {
    this.failure ??= error
    this.notify()
  }

  private notify(): void {
    const wake = this.wake
    this.wake = undefined
    wake?.()
  }

  private check(): void {
    if (this.failure) throw this.failure
  }
}

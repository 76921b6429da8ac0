/**
 * Writes gzip'd files off the main thread: a small pool of worker threads compresses and writes while the main
 * thread builds the next files. At most a few files are in flight, so memory stays bounded whatever the total.
 * The worker is inline source (eval), so it runs the same from `src` under vitest and from `dist`.
 */
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const { gzipSync } = require('node:zlib')
const { mkdir, writeFile } = require('node:fs/promises')
const { dirname } = require('node:path')
const made = new Map()
parentPort.on('message', (job) => {
  let compressed
  try {
    compressed = gzipSync(typeof job.content === 'string' ? Buffer.from(job.content) : job.content, { level: job.level })
  } catch (error) {
    parentPort.postMessage({ id: job.id, error: String((error && error.stack) || error) })
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
    .then(
      () => parentPort.postMessage({ id: job.id, bytes: compressed.length }),
      (error) => parentPort.postMessage({ id: job.id, error: String((error && error.stack) || error) }),
    )
})
`

export interface WriterOptions {
  outDir: string
  /** Worker threads (default: one per spare core, 1 to 3). */
  workers?: number
  /** Files queued per worker before `write` waits. */
  queuePerWorker?: number
  /** zlib level; CloudTrail's files compress like level 6. */
  level?: number
}

interface Slot {
  worker: Worker
  queued: number
}

export class GzipFileWriter {
  private readonly outDir: string
  private readonly level: number
  private readonly limit: number
  private readonly slots: Slot[]
  private readonly waiting = new Map<number, Slot>()
  private wake: (() => void) | undefined
  private failure: Error | undefined
  private nextId = 0
  bytes = 0
  files = 0

  constructor(options: WriterOptions) {
    this.outDir = options.outDir
    this.level = options.level ?? 6
    const count = options.workers ?? Math.max(1, Math.min(3, availableParallelism() - 1))
    this.limit = options.queuePerWorker ?? 12
    this.slots = Array.from({ length: count }, () => {
      const slot: Slot = { worker: new Worker(WORKER_SOURCE, { eval: true }), queued: 0 }
      slot.worker.on('message', (message: { id: number; bytes?: number; error?: string }) => this.done(message))
      slot.worker.on('error', (error) => this.fail(error))
      return slot
    })
  }

  /**
   * Queue `content` (UTF-8 text, or bytes that are transferred and so detached) for `<outDir>/<key>`;
   * resolves once there is room for another file.
   */
  async write(key: string, content: string | Uint8Array): Promise<void> {
    this.check()
    let slot = this.slots[0]!
    for (const s of this.slots) if (s.queued < slot.queued) slot = s
    while (slot.queued >= this.limit) {
      await new Promise<void>((resolve) => {
        this.wake = resolve
      })
      this.check()
      for (const s of this.slots) if (s.queued < slot.queued) slot = s
    }
    const id = this.nextId++
    slot.queued++
    this.waiting.set(id, slot)
    const path = join(this.outDir, key)
    if (typeof content === 'string') {
      // Strings are copied to the worker, which encodes them: cheaper here than encoding on this thread.
      slot.worker.postMessage({ id, path, content, level: this.level })
      return
    }
    // Bytes are handed over without a copy; a pooled Buffer's memory is copied first.
    const own =
      content.byteOffset === 0 && content.byteLength === content.buffer.byteLength && !(content instanceof Buffer)
        ? content
        : new Uint8Array(content)
    slot.worker.postMessage({ id, path, content: own, level: this.level }, [own.buffer as ArrayBuffer])
  }

  /** Wait until every queued file is written. */
  async flush(): Promise<void> {
    while (this.waiting.size > 0 && !this.failure) {
      await new Promise<void>((resolve) => {
        this.wake = resolve
      })
    }
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

  private done(message: { id: number; bytes?: number; error?: string }): void {
    const slot = this.waiting.get(message.id)
    if (slot) {
      slot.queued--
      this.waiting.delete(message.id)
    }
    if (message.error) this.failure ??= new Error(message.error)
    else {
      this.bytes += message.bytes ?? 0
      this.files++
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

import { Worker } from 'node:worker_threads'
import type { AwsCloudTrailLogRow } from '@cairn/schema'

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
let encodeParquet
parentPort.on('message', async ({ id, rows, codec }) => {
  encodeParquet ??= (await import(codec)).encodeParquet
  try {
    const bytes = encodeParquet(rows)
    parentPort.postMessage({ id, bytes }, [bytes.buffer])
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.stack || error) })
  }
})`

/**
 * Parquet encoding on worker threads, so a collect uses the machine's other cores while the main thread reads and
 * normalizes. Rows are cloned to the worker and the file's bytes come back transferred.
 */
export class ParquetEncoderPool {
  private readonly workers: Worker[]
  private next = 0
  private id = 0
  private readonly waiting = new Map<number, { resolve: (b: Uint8Array) => void; reject: (e: Error) => void }>()

  constructor(size: number) {
    const codec = new URL('../lake/parquet-codec.js', import.meta.url).href
    this.workers = Array.from({ length: Math.max(1, size) }, () => {
      const worker = new Worker(WORKER_SOURCE, { eval: true })
      worker.on('message', ({ id, bytes, error }) => {
        const w = this.waiting.get(id)
        this.waiting.delete(id)
        if (error) w?.reject(new Error(`Parquet encoding failed: ${error}`))
        else w?.resolve(bytes)
      })
      worker.on('error', (error) => {
        for (const w of this.waiting.values()) w.reject(error)
        this.waiting.clear()
      })
      return worker
    })
    this.codec = codec
  }

  private readonly codec: string

  encode = (rows: AwsCloudTrailLogRow[]): Promise<Uint8Array> => {
    const id = this.id++
    const worker = this.workers[this.next++ % this.workers.length]!
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject })
      worker.postMessage({ id, rows, codec: this.codec })
    })
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()))
  }
}

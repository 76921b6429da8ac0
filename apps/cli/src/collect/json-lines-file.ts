import { createWriteStream, type WriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'

/** An append-only JSON-lines file, opened on the first write: one side store per run, not a file per item. */
export class JsonLinesFile {
  private stream?: WriteStream

  constructor(readonly path: string) {}

  async write(value: unknown): Promise<void> {
    if (!this.stream) {
      await mkdir(dirname(this.path), { recursive: true })
      this.stream = createWriteStream(this.path, { flags: 'a' })
    }
    if (!this.stream.write(`${JSON.stringify(value)}\n`)) await new Promise<void>((r) => this.stream!.once('drain', () => r()))
  }

  async close(): Promise<void> {
    const stream = this.stream
    if (!stream) return
    await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())))
  }
}

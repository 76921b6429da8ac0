/** The chunks of one input as they arrive from the main thread, read once as an async iterable. */
export class ChunkQueue implements AsyncIterable<Uint8Array> {
  private readonly chunks: Uint8Array[] = []
  private ended = false
  private bytes = 0
  private wake: (() => void) | undefined

  constructor(private readonly onConsumed: (bytes: number) => void) {}

  push(chunk: Uint8Array): void {
    this.chunks.push(chunk)
    this.bytes += chunk.byteLength
    this.wake?.()
  }

  end(): void {
    this.ended = true
    this.wake?.()
  }

  /** The whole input once it has arrived, if it is at most `limit` bytes; nothing is consumed. */
  async whole(limit: number): Promise<Uint8Array | undefined> {
    while (!this.ended && this.bytes <= limit) {
      await new Promise<void>((resolve) => {
        this.wake = resolve
      })
      this.wake = undefined
    }
    if (this.bytes > limit) return undefined
    if (this.chunks.length === 1) return this.chunks[0]
    const whole = new Uint8Array(this.bytes)
    let at = 0
    for (const chunk of this.chunks) {
      whole.set(chunk, at)
      at += chunk.byteLength
    }
    return whole
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    for (;;) {
      const chunk = this.chunks.shift()
      if (chunk) {
        yield chunk
        this.onConsumed(chunk.byteLength)
        continue
      }
      if (this.ended) return
      await new Promise<void>((resolve) => {
        this.wake = resolve
      })
      this.wake = undefined
    }
  }

  /** Acknowledges chunks nobody will read (the reader stopped early), so the sender's budget is returned. */
  discard(): void {
    for (const chunk of this.chunks.splice(0)) this.onConsumed(chunk.byteLength)
  }
}

/** The chunks of one input as they arrive from the main thread, read once as an async iterable. */
export class ChunkQueue implements AsyncIterable<Uint8Array> {
  private readonly chunks: Uint8Array[] = []
  private ended = false
  private wake: (() => void) | undefined

  constructor(private readonly onConsumed: (bytes: number) => void) {}

  push(chunk: Uint8Array): void {
    this.chunks.push(chunk)
    this.wake?.()
  }

  end(): void {
    this.ended = true
    this.wake?.()
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

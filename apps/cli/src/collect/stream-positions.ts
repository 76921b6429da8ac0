import { type CloudWatchState, type LogEventBatch, withStreamPosition } from '@cairn/cloudwatch-source'

export interface DurablePage {
  /** The page's number in its stream, from 0 in this run. */
  page: number
  batch: LogEventBatch
}

/**
 * Workers finish pages out of order: a stream's position moves to the end of a page only once every earlier page
 * of the stream is on disk too, so a kill never leaves a saved position past a page whose rows were lost.
 */
export class StreamPositions {
  private readonly next = new Map<string, number>()
  private readonly waiting = new Map<string, Map<number, LogEventBatch>>()

  constructor(public state: CloudWatchState) {}

  apply(durable: DurablePage[]): void {
    for (const { page, batch } of durable) {
      const waiting = this.waiting.get(batch.logStream) ?? new Map<number, LogEventBatch>()
      this.waiting.set(batch.logStream, waiting.set(page, batch))
    }
    for (const [stream, waiting] of this.waiting) {
      let next = this.next.get(stream) ?? 0
      for (let batch = waiting.get(next); batch; batch = waiting.get(next)) {
        this.state = withStreamPosition(this.state, stream, batch.position)
        waiting.delete(next++)
      }
      this.next.set(stream, next)
    }
  }
}

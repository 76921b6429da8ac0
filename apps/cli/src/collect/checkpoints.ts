import type { CollectRun } from './collect-run.js'

export interface CheckpointSchedule {
  /** A checkpoint is due once this many items were read since the last one ... */
  items: number
  /** ... or this long after it. */
  ms: number
}

/**
 * Records what a run has taken (objects, files, stream positions) once the rows read from it are on disk. A
 * checkpoint is written in the background: the source keeps submitting input while the workers flush, instead of
 * leaving both cores idle behind a barrier. Only items read before a checkpoint began are recorded by it, so a
 * kill at any moment loses nothing (what was flushed but not recorded is read again and deduplicated).
 */
export class Checkpoints<T> {
  private pending: T[] = []
  private last = performance.now()
  private inFlight: Promise<void> | undefined
  private failure: { error: unknown } | undefined

  constructor(
    private readonly run: CollectRun,
    private readonly record: (durable: T[]) => Promise<void> | void,
    private readonly schedule: CheckpointSchedule,
  ) {}

  /** The workers have read `item`: it is recorded by the next checkpoint that begins. */
  read(item: T): void {
    this.pending.push(item)
  }

  /** Begins a checkpoint if one is due and none is being written; rethrows a failed checkpoint's error. */
  tick(): void {
    if (this.failure) throw this.failure.error
    if (this.inFlight) return
    if (this.pending.length < this.schedule.items && performance.now() - this.last < this.schedule.ms) return
    const durable = this.pending
    this.pending = []
    this.last = performance.now()
    this.inFlight = this.run
      .checkpoint()
      .then(() => this.record(durable))
      .then(
        () => {
          this.inFlight = undefined
        },
        (error: unknown) => {
          this.failure = { error }
          this.inFlight = undefined
        },
      )
  }

  /** Waits for the checkpoint being written, if any. Call before `run.finish()`. */
  async idle(): Promise<void> {
    await this.inFlight
    if (this.failure) throw this.failure.error
  }

  /** After `run.finish()` (every row is on disk): records everything read since the last checkpoint. */
  async recordRest(): Promise<void> {
    await this.idle()
    await this.record(this.pending.splice(0))
  }
}

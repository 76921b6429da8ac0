/** Runs side tasks (small file writes) in the background, at most `limit` at once; `drain` waits and rethrows. */
export class BoundedTasks {
  private readonly running = new Set<Promise<void>>()
  private failure: unknown

  constructor(private readonly limit: number) {}

  async run(task: () => Promise<void>): Promise<void> {
    while (this.running.size >= this.limit) await Promise.race(this.running)
    const p: Promise<void> = task()
      .catch((error) => {
        this.failure ??= error
      })
      .finally(() => this.running.delete(p))
    this.running.add(p)
  }

  async drain(): Promise<void> {
    await Promise.all(this.running)
    if (this.failure) throw this.failure
  }
}

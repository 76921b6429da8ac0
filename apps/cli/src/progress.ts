/** A one-line progress display on a TTY (stderr), silent otherwise so scripts get clean output. */
export class Progress {
  private last = 0
  private readonly enabled: boolean

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    enabled?: boolean,
  ) {
    this.enabled = enabled ?? Boolean(stream.isTTY)
  }

  /** `text` may be a function: it is only called when a line is shown (callers report per file, at thousands a second). */
  update(text: string | (() => string), force = false): void {
    if (!this.enabled) return
    const now = Date.now()
    if (!force && now - this.last < 100) return
    this.last = now
    const width = this.stream.columns ?? 100
    const line = typeof text === 'function' ? text() : text
    this.stream.write(`\r\x1b[2K${line.slice(0, width - 1)}`)
  }

  done(): void {
    if (this.enabled) this.stream.write('\r\x1b[2K')
  }
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US')
}

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let v = n
  let u = 0
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024
    u++
  }
  return `${v.toFixed(u === 0 ? 0 : 1)} ${units[u]}`
}

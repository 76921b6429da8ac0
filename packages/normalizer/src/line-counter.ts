/** Line numbers of offsets in one buffer, asked for in increasing order (each byte is looked at once). */
export class LineCounter {
  private bytes: Uint8Array = new Uint8Array(0)
  private cursor = 0
  private line = 1
  /** Offset of the next newline at or after `cursor`, -1 when there is none, -2 when not looked up yet. */
  private nextNewline = -2

  reset(bytes: Uint8Array, lineAtStart: number): this {
    this.bytes = bytes
    this.cursor = 0
    this.line = lineAtStart
    this.nextNewline = -2
    return this
  }

  /** The 1-based line of `offset` (>= every offset asked before). */
  lineAt(offset: number): number {
    for (;;) {
      if (this.nextNewline === -2 || (this.nextNewline !== -1 && this.nextNewline < this.cursor)) {
        this.nextNewline = this.bytes.indexOf(0x0a, this.cursor)
      }
      if (this.nextNewline === -1 || this.nextNewline >= offset) break
      this.line++
      this.cursor = this.nextNewline + 1
    }
    if (offset > this.cursor) this.cursor = offset
    return this.line
  }
}

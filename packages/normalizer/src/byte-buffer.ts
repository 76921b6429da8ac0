const NONE = new Uint8Array(0)

/** A growable byte buffer holding the one record that spans chunks. */
export class ByteBuffer {
  /** Made on the first append: most inputs arrive whole and never need it. */
  private data = NONE
  length = 0

  append(source: Uint8Array, from: number, to: number): void {
    const needed = this.length + (to - from)
    if (needed > this.data.length) {
      let size = Math.max(4096, this.data.length * 2)
      while (size < needed) size *= 2
      const grown = new Uint8Array(size)
      grown.set(this.data.subarray(0, this.length))
      this.data = grown
    }
    this.data.set(source.subarray(from, to), this.length)
    this.length = needed
  }

  /** The bytes held, valid until the next append or clear. */
  view(): Uint8Array {
    return this.data.subarray(0, this.length)
  }

  truncate(length: number): void {
    if (length < this.length) this.length = length
  }

  clear(): void {
    this.length = 0
    // Let one huge record's memory go instead of keeping it for the rest of the run.
    if (this.data.length > 1 << 20) this.data = NONE
  }
}

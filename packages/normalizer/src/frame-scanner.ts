/**
 * Finds where a JSON value ends without validating it: tracks nesting depth, strings and escapes, and can be resumed
 * chunk after chunk. Used for values that span chunks, for skipping oversized records and to resynchronise after
 * invalid ones.
 */

const CONTAINER = 0
const STRING = 1
/** A number or literal: it ends at the first delimiter. */
const BARE = 2

/** Where a line-delimited stream may start again after a broken record. */
export interface SplitCandidate {
  /** Offset where the next record's scan resumes. */
  resumeAt: number
  /** Validating the broken record through this offset (exclusive) shows whether the split is needed. */
  checkUpTo: number
}

export class FrameScanner {
  private started = false
  private kind = CONTAINER
  private depth = 0
  private inString = false
  private escaped = false
  private afterNewline = false
  /** Set when the last `scan` stopped at an accepted split candidate instead of the value's end. */
  split = false

  reset(): void {
    this.started = false
    this.kind = CONTAINER
    this.depth = 0
    this.inString = false
    this.escaped = false
    this.afterNewline = false
    this.split = false
  }

  /** Continues inside an already open container (`depth` levels deep), e.g. the rest of a `{"Records":[...]}` wrapper. */
  resumeInside(depth: number): void {
    this.reset()
    this.started = true
    this.depth = depth
  }

  /**
   * Scans `bytes` from `from`. Returns the offset just past the value, or -1 when the bytes end first (call again with
   * the next chunk). With `acceptSplit`, a line-delimited stream is also cut where a line starts with `{` while the
   * value is still open, or where a raw newline sits inside a string (both impossible in valid one-line JSON):
   * `acceptSplit` decides, the scan then returns `resumeAt` with `split` set.
   */
  scan(bytes: Uint8Array, from: number, acceptSplit?: (candidate: SplitCandidate) => boolean): number {
    this.split = false
    const n = bytes.length
    let i = from
    if (!this.started) {
      if (i >= n) return -1
      const c = bytes[i] as number
      this.started = true
      if (c === 0x7b || c === 0x5b) {
        this.kind = CONTAINER
        this.depth = 1
      } else if (c === 0x22) {
        this.kind = STRING
        this.inString = true
      } else {
        this.kind = BARE
      }
      i++
    }
    if (this.kind === BARE) {
      for (; i < n; i++) {
        const c = bytes[i] as number
        if (c === 0x2c || c === 0x5d || c === 0x7d || c <= 0x20) return i
      }
      return -1
    }
    let depth = this.depth
    let inString = this.inString
    let escaped = this.escaped
    let afterNewline = this.afterNewline
    for (; i < n; i++) {
      const c = bytes[i] as number
      if (inString) {
        if (escaped) escaped = false
        else if (c === 0x5c) escaped = true
        else if (c === 0x22) {
          inString = false
          if (this.kind === STRING) {
            this.inString = false
            return i + 1
          }
        } else if (c === 0x0a && acceptSplit?.({ resumeAt: i + 1, checkUpTo: i + 1 })) {
          this.split = true
          return i + 1
        }
        continue
      }
      if (c === 0x22) {
        inString = true
        afterNewline = false
      } else if (c === 0x7b || c === 0x5b) {
        if (afterNewline && c === 0x7b && acceptSplit?.({ resumeAt: i, checkUpTo: i + 1 })) {
          this.split = true
          return i
        }
        afterNewline = false
        depth++
      } else if (c === 0x7d || c === 0x5d) {
        afterNewline = false
        if (--depth === 0) {
          this.depth = 0
          return i + 1
        }
      } else if (c === 0x0a) afterNewline = true
      else if (c !== 0x0d) afterNewline = false
    }
    this.depth = depth
    this.inString = inString
    this.escaped = escaped
    this.afterNewline = afterNewline
    return -1
  }
}

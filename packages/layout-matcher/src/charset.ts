/** An inclusive range of UTF-16 code units. */
export type CodeRange = readonly [number, number]

const MAX_CODE_UNIT = 0xffff

/**
 * A set of UTF-16 code units stored as sorted, disjoint, non-adjacent ranges.
 * Ranges (rather than predicates) let the automaton ask whether a transition can fire at all.
 */
export class CharSet {
  static readonly EMPTY = new CharSet([])
  static readonly ALL = new CharSet([[0, MAX_CODE_UNIT]])

  private constructor(readonly ranges: readonly CodeRange[]) {}

  static of(ranges: Iterable<CodeRange>): CharSet {
    const sorted = [...ranges].sort((a, b) => a[0] - b[0])
    const merged: [number, number][] = []
    for (const [lo, hi] of sorted) {
      const last = merged[merged.length - 1]
      if (last !== undefined && lo <= last[1] + 1) last[1] = Math.max(last[1], hi)
      else merged.push([lo, hi])
    }
    return new CharSet(merged)
  }

  static char(code: number): CharSet {
    return new CharSet([[code, code]])
  }

  static chars(text: string): CharSet {
    const ranges: CodeRange[] = []
    for (let i = 0; i < text.length; i++) ranges.push([text.charCodeAt(i), text.charCodeAt(i)])
    return CharSet.of(ranges)
  }

  get isEmpty(): boolean {
    return this.ranges.length === 0
  }

  has(code: number): boolean {
    let lo = 0
    let hi = this.ranges.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const range = this.ranges[mid]!
      if (code < range[0]) hi = mid - 1
      else if (code > range[1]) lo = mid + 1
      else return true
    }
    return false
  }

  /** True when the set holds exactly the one code unit. */
  isOnly(code: number): boolean {
    const only = this.ranges[0]
    return this.ranges.length === 1 && only !== undefined && only[0] === code && only[1] === code
  }

  union(other: CharSet): CharSet {
    return CharSet.of([...this.ranges, ...other.ranges])
  }

  complement(): CharSet {
    const out: CodeRange[] = []
    let next = 0
    for (const [lo, hi] of this.ranges) {
      if (lo > next) out.push([next, lo - 1])
      next = hi + 1
    }
    if (next <= MAX_CODE_UNIT) out.push([next, MAX_CODE_UNIT])
    return new CharSet(out)
  }
}

/** `\d` */
export const DIGIT = CharSet.of([[0x30, 0x39]])
/** `\w` */
export const WORD = CharSet.of([
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
])
/** `\s`, exactly as ECMAScript defines WhiteSpace and LineTerminator. */
export const SPACE = CharSet.of([
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
])
/** `.` without the `s` flag: anything but a line terminator. */
export const DOT = CharSet.of([
  [0x0a, 0x0a],
  [0x0d, 0x0d],
  [0x2028, 0x2029],
]).complement()

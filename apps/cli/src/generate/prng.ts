/**
 * Deterministic pseudo-random numbers for the generator: sfc32 (period about 2^128, 32-bit integer ops only),
 * seeded through splitmix32 from the user's seed and a stream label, so independent concerns (the file schedule,
 * event contents, file names, insights) each draw from their own stream and never shift each other.
 */

/** 32-bit FNV-1a of a string, the usual way to turn a label into seed material. */
export function hashString(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

function splitmix32(state: number): () => number {
  let s = state >>> 0
  return () => {
    s = (s + 0x9e3779b9) | 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) >>> 0
  }
}

const HEX_BYTES: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
const UPPER_BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number

  /** `seed` is the user's seed; `stream` names the concern drawing from it. */
  constructor(seed: number, stream = '') {
    const mix = splitmix32(hashString(stream, hashString(String(seed))) ^ Math.imul(seed | 0, 0x9e3779b1))
    this.a = mix()
    this.b = mix()
    this.c = mix()
    this.d = mix() | 1
    for (let i = 0; i < 12; i++) this.next()
  }

  /** Uniform unsigned 32-bit integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 4294967296
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n)
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  range(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1))
  }

  chance(p: number): boolean {
    return this.float() < p
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list')
    return items[Math.floor(this.float() * items.length)] as T
  }

  /** Exponential with the given mean. */
  exp(mean: number): number {
    return -Math.log(1 - this.float()) * mean
  }

  /** Standard normal (Box-Muller, one value per call). */
  normal(): number {
    const u = 1 - this.float()
    const v = this.float()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }

  /** Log-normal with the given median and shape. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal())
  }

  /** `length` lowercase hex characters. */
  hex(length: number): string {
    let out = ''
    while (out.length < length) {
      const n = this.next()
      out += HEX_BYTES[n & 0xff]! + HEX_BYTES[(n >>> 8) & 0xff]! + HEX_BYTES[(n >>> 16) & 0xff]! + HEX_BYTES[n >>> 24]!
    }
    return out.length === length ? out : out.slice(0, length)
  }

  private fromAlphabet(alphabet: string, length: number): string {
    let out = ''
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.float() * alphabet.length)]
    return out
  }

  /** Mixed-case letters and digits, as in the random suffix of a CloudTrail log file name. */
  alnum(length: number): string {
    return this.fromAlphabet(ALNUM, length)
  }

  /** Uppercase letters and digits, as in S3 request ids. */
  upperAlnum(length: number): string {
    return this.fromAlphabet(UPPER_ALNUM, length)
  }

  /** Uppercase letters and digits 2-7, as in IAM unique ids and access key ids. */
  base32(length: number): string {
    return this.fromAlphabet(UPPER_BASE32, length)
  }

  base64(length: number): string {
    return this.fromAlphabet(BASE64, length)
  }

  digits(length: number): string {
    let out = String(1 + this.int(9))
    for (let i = 1; i < length; i++) out += String(this.int(10))
    return out
  }

  /** A version 4 UUID, lowercase, as CloudTrail's eventID and most requestIDs. */
  uuid(): string {
    const x = this.next()
    const y = this.next()
    const z = this.next()
    const w = this.next()
    return (
      HEX_BYTES[x & 0xff]! +
      HEX_BYTES[(x >>> 8) & 0xff]! +
      HEX_BYTES[(x >>> 16) & 0xff]! +
      HEX_BYTES[x >>> 24]! +
      '-' +
      HEX_BYTES[y & 0xff]! +
      HEX_BYTES[(y >>> 8) & 0xff]! +
      '-4' +
      HEX_BYTES[(y >>> 16) & 0xff]!.charAt(1) +
      HEX_BYTES[y >>> 24]! +
      '-' +
      HEX_BYTES[0x80 | (z & 0x3f)]! +
      HEX_BYTES[(z >>> 8) & 0xff]! +
      '-' +
      HEX_BYTES[(z >>> 16) & 0xff]! +
      HEX_BYTES[z >>> 24]! +
      HEX_BYTES[w & 0xff]! +
      HEX_BYTES[(w >>> 8) & 0xff]! +
      HEX_BYTES[(w >>> 16) & 0xff]! +
      HEX_BYTES[w >>> 24]!
    )
  }
}

/** Items drawn with fixed relative weights (binary search over cumulative weights). */
export class Weighted<T> {
  readonly entries: ReadonlyArray<readonly [T, number]>
  readonly items: readonly T[]
  private readonly cumulative: Float64Array
  readonly total: number

  constructor(entries: ReadonlyArray<readonly [T, number]>) {
    const kept = entries.filter(([, w]) => w > 0)
    if (kept.length === 0) throw new Error('weighted choice needs at least one positive weight')
    this.entries = kept
    this.items = kept.map(([item]) => item)
    this.cumulative = new Float64Array(kept.length)
    let sum = 0
    kept.forEach(([, w], i) => {
      sum += w
      this.cumulative[i] = sum
    })
    this.total = sum
  }

  pick(rng: Rng): T {
    const target = rng.float() * this.total
    let lo = 0
    let hi = this.cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.cumulative[mid]! > target) hi = mid
      else lo = mid + 1
    }
    return this.items[lo]!
  }
}

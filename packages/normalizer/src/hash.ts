/**
 * MurmurHash3 x86_128 (seed 0) of a string's UTF-8 bytes, in pure JS so that it runs in browsers too. Not a
 * cryptographic hash: it names rows and spots repeated event ids, nobody is expected to forge collisions.
 */

const encoder = new TextEncoder()
let scratch = new Uint8Array(256)

/** Writes `text` as UTF-8 into the shared scratch buffer; returns the byte length. */
function utf8(text: string): number {
  const n = text.length
  if (scratch.length < n * 3) scratch = new Uint8Array(n * 3)
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c >= 0x80) return encoder.encodeInto(text, scratch).written
    scratch[i] = c
  }
  return n
}

const C1 = 0x239b961b
const C2 = 0xab0e9789
const C3 = 0x38b34ae5
const C4 = 0xa1e38b93

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r))
}

function fmix(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return h ^ (h >>> 16)
}

function word(b: Uint8Array, i: number): number {
  return (b[i] as number) | ((b[i + 1] as number) << 8) | ((b[i + 2] as number) << 16) | ((b[i + 3] as number) << 24)
}

/** Hashes `text` into `out[0..3]` (h1..h4, as unsigned 32-bit words). */
export function hash128(text: string, out: Uint32Array): void {
  const length = utf8(text)
  const b = scratch
  let h1 = 0
  let h2 = 0
  let h3 = 0
  let h4 = 0
  const blocks = length - (length % 16)
  for (let i = 0; i < blocks; i += 16) {
    let k1 = word(b, i)
    let k2 = word(b, i + 4)
    let k3 = word(b, i + 8)
    let k4 = word(b, i + 12)
    k1 = Math.imul(rotl(Math.imul(k1, C1), 15), C2)
    h1 ^= k1
    h1 = rotl(h1, 19) + h2
    h1 = (Math.imul(h1, 5) + 0x561ccd1b) | 0
    k2 = Math.imul(rotl(Math.imul(k2, C2), 16), C3)
    h2 ^= k2
    h2 = rotl(h2, 17) + h3
    h2 = (Math.imul(h2, 5) + 0x0bcaa747) | 0
    k3 = Math.imul(rotl(Math.imul(k3, C3), 17), C4)
    h3 ^= k3
    h3 = rotl(h3, 15) + h4
    h3 = (Math.imul(h3, 5) + 0x96cd1c35) | 0
    k4 = Math.imul(rotl(Math.imul(k4, C4), 18), C1)
    h4 ^= k4
    h4 = rotl(h4, 13) + h1
    h4 = (Math.imul(h4, 5) + 0x32ac3b17) | 0
  }
  const tail = length & 15
  let k1 = 0
  let k2 = 0
  let k3 = 0
  let k4 = 0
  const t = blocks
  if (tail >= 13) {
    if (tail >= 15) k4 ^= (b[t + 14] as number) << 16
    if (tail >= 14) k4 ^= (b[t + 13] as number) << 8
    k4 ^= b[t + 12] as number
    h4 ^= Math.imul(rotl(Math.imul(k4, C4), 18), C1)
  }
  if (tail >= 9) {
    if (tail >= 12) k3 ^= (b[t + 11] as number) << 24
    if (tail >= 11) k3 ^= (b[t + 10] as number) << 16
    if (tail >= 10) k3 ^= (b[t + 9] as number) << 8
    k3 ^= b[t + 8] as number
    h3 ^= Math.imul(rotl(Math.imul(k3, C3), 17), C4)
  }
  if (tail >= 5) {
    if (tail >= 8) k2 ^= (b[t + 7] as number) << 24
    if (tail >= 7) k2 ^= (b[t + 6] as number) << 16
    if (tail >= 6) k2 ^= (b[t + 5] as number) << 8
    k2 ^= b[t + 4] as number
    h2 ^= Math.imul(rotl(Math.imul(k2, C2), 16), C3)
  }
  if (tail >= 1) {
    if (tail >= 4) k1 ^= (b[t + 3] as number) << 24
    if (tail >= 3) k1 ^= (b[t + 2] as number) << 16
    if (tail >= 2) k1 ^= (b[t + 1] as number) << 8
    k1 ^= b[t] as number
    h1 ^= Math.imul(rotl(Math.imul(k1, C1), 15), C2)
  }
  h1 ^= length
  h2 ^= length
  h3 ^= length
  h4 ^= length
  h1 = (h1 + h2 + h3 + h4) | 0
  h2 = (h2 + h1) | 0
  h3 = (h3 + h1) | 0
  h4 = (h4 + h1) | 0
  h1 = fmix(h1)
  h2 = fmix(h2)
  h3 = fmix(h3)
  h4 = fmix(h4)
  h1 = (h1 + h2 + h3 + h4) | 0
  h2 = (h2 + h1) | 0
  h3 = (h3 + h1) | 0
  h4 = (h4 + h1) | 0
  out[0] = h1
  out[1] = h2
  out[2] = h3
  out[3] = h4
}

const HEX_BYTE: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

function hex32(x: number): string {
  return (
    (HEX_BYTE[(x >>> 24) & 0xff] as string) +
    (HEX_BYTE[(x >>> 16) & 0xff] as string) +
    (HEX_BYTE[(x >>> 8) & 0xff] as string) +
    (HEX_BYTE[x & 0xff] as string)
  )
}

const words = new Uint32Array(4)

/** 32 lowercase hex digits: h1..h4 of `hash128`, each big-endian. */
export function hash128Hex(text: string): string {
  hash128(text, words)
  return hex32(words[0] as number) + hex32(words[1] as number) + hex32(words[2] as number) + hex32(words[3] as number)
}

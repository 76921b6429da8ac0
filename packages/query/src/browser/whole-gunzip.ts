import { gunzipSync } from 'fflate'

/**
 * Inflates a whole gzip file in one call, into a buffer of the size its trailer states: fflate's streaming inflate,
 * which the normalizer uses, grows its output as it goes, and that costs a third of its time. Gives undefined —
 * and the caller hands the bytes to the normalizer, which names what is wrong and keeps what it can — when the
 * bytes are not gzip or not exactly one intact member: one-call inflate stops after the first member of several
 * without saying so, which the trailer's size and CRC-32 (those of the last member) catch.
 */
export function wholeGunzip(bytes: Uint8Array): Uint8Array | undefined {
  if (bytes.length < 18 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return undefined
  const end = bytes.length
  const crc = littleEndianU32(bytes, end - 8)
  const size = littleEndianU32(bytes, end - 4)
  let inflated: Uint8Array
  try {
    inflated = gunzipSync(bytes, { out: new Uint8Array(size + 1) })
  } catch {
    return undefined
  }
  return inflated.length === size && crc32(inflated) === crc ? inflated : undefined
}

function littleEndianU32(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0
}

let table: Int32Array | undefined

/** CRC-32 (IEEE 802.3, as gzip has it), table-driven. */
function crc32(bytes: Uint8Array): number {
  if (!table) {
    table = new Int32Array(256)
    for (let n = 0; n < 256; n++) {
      let c = n
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
      table[n] = c
    }
  }
  const t = table
  let c = -1
  for (let i = 0; i < bytes.length; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8)
  return (c ^ -1) >>> 0
}

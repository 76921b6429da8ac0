import type { ByteSink } from './byte-sink.js'

/** The bit width of values up to `max` (at least 1). */
export function bitWidth(max: number): number {
  return max <= 1 ? 1 : 32 - Math.clz32(max)
}

/**
 * Parquet's RLE / bit-packed hybrid encoding of `values[start, end)` (levels, dictionary indexes), with no length
 * prefix: runs of 8 or more equal values become RLE runs, everything between them bit-packed groups of 8 (the
 * last group padded with zeros, which readers drop since they know the value count). Widths up to 24 bits.
 */
export function writeHybrid(
  sink: ByteSink,
  values: Uint8Array | Int32Array,
  start: number,
  end: number,
  width: number,
): void {
  const byteWidth = (width + 7) >> 3
  let literalStart = -1
  let i = start
  while (i < end) {
    const value = values[i]!
    let j = i + 1
    while (j < end && values[j] === value) j++
    if (j - i >= 8) {
      if (literalStart >= 0) {
        // A bit-packed run holds whole groups of 8: borrow the first values of this run to fill the last group.
        const pad = (8 - ((i - literalStart) & 7)) & 7
        writeBitPacked(sink, values, literalStart, i + pad, width)
        i += pad
        literalStart = -1
      }
      writeRle(sink, value, j - i, byteWidth)
    } else if (literalStart < 0) literalStart = i
    i = j
  }
  if (literalStart >= 0) writeBitPacked(sink, values, literalStart, end, width)
}

function writeRle(sink: ByteSink, value: number, count: number, byteWidth: number): void {
  sink.varint(count * 2)
  sink.ensure(byteWidth)
  for (let k = 0; k < byteWidth; k++) sink.bytes[sink.length++] = (value >>> (k * 8)) & 0xff
}

function writeBitPacked(sink: ByteSink, values: Uint8Array | Int32Array, start: number, end: number, width: number): void {
  const groups = Math.ceil((end - start) / 8)
  sink.varint(groups * 2 + 1)
  sink.ensure(groups * width)
  const bytes = sink.bytes
  let p = sink.length
  const stop = start + groups * 8
  if (width === 1) {
    for (let i = start; i < stop; i += 8) {
      let byte = 0
      for (let k = 0; k < 8; k++) if (i + k < end && values[i + k]) byte |= 1 << k
      bytes[p++] = byte
    }
  } else {
    let acc = 0
    let bits = 0
    for (let i = start; i < stop; i++) {
      acc = (acc | ((i < end ? values[i]! : 0) << bits)) >>> 0
      bits += width
      while (bits >= 8) {
        bytes[p++] = acc & 0xff
        acc >>>= 8
        bits -= 8
      }
    }
  }
  sink.length = p
}

/** PLAIN booleans: bit-packed, least significant bit first, no header. */
export function writePlainBooleans(sink: ByteSink, values: Uint8Array, start: number, end: number): void {
  const count = end - start
  sink.ensure((count + 7) >> 3)
  const bytes = sink.bytes
  let p = sink.length
  for (let i = start; i < end; i += 8) {
    let byte = 0
    for (let k = 0; k < 8 && i + k < end; k++) if (values[i + k]) byte |= 1 << k
    bytes[p++] = byte
  }
  sink.length = p
}

import { ByteSink } from './byte-sink.js'
import { type ChunkStatistics, type ColumnChunkMeta, ChunkWriter, Encoding } from './chunk-writer.js'
import type { Compression } from './compression.js'
import type { LeafColumn } from './layout.js'
import { bitWidth, writeHybrid, writePlainBooleans } from './rle-hybrid.js'
import { type BooleanColumn, type LeafValues, type ListColumn, type NumberColumn, readU32, type TextColumn, type TextValues } from './row-columns.js'

/** Min/max of text longer than this is not written (it would bloat the footer of every file). */
const MAX_STATISTICS_BYTES = 64

/**
 * Encodes one leaf of buffered rows (`RowColumns`) over a range of their event-time order into a column chunk:
 * levels into reused typed arrays, dictionary indexes or runs of PLAIN bytes copied as they are.
 */
export class LeafEncoder {
  private definition = new Uint8Array(1024)
  private repetition = new Uint8Array(1024)
  private indexes = new Int32Array(1024)
  private positions = new Int32Array(1024)
  private flags = new Uint8Array(1024)
  private readonly values = new ByteSink(1 << 20)
  private readonly statistic = new ByteSink(64)
  readonly chunk: ChunkWriter

  constructor(
    out: ByteSink,
    private readonly pageSize: number,
  ) {
    this.chunk = new ChunkWriter(out)
  }

  /** Rows `order[start, end)` of `column`. */
  encode(column: LeafValues, order: Int32Array, start: number, end: number, compression: Compression): ColumnChunkMeta {
    this.chunk.begin(column.leaf, compression)
    switch (column.kind) {
      case 'text':
        return this.texts(column, order, start, end)
      case 'list':
        return this.lists(column, order, start, end)
      case 'number':
        return this.numbers(column, order, start, end)
      case 'boolean':
        return this.booleans(column, order, start, end)
    }
  }

  private levelArrays(entries: number, repeated: boolean): void {
    if (this.definition.length < entries) this.definition = new Uint8Array(Math.max(entries, this.definition.length * 2))
    if (repeated && this.repetition.length < entries) {
      this.repetition = new Uint8Array(Math.max(entries, this.repetition.length * 2))
    }
    if (this.positions.length < entries) this.positions = new Int32Array(Math.max(entries, this.positions.length * 2))
  }

  private texts(column: TextColumn, order: Int32Array, start: number, end: number): ColumnChunkMeta {
    const n = end - start
    this.levelArrays(n, false)
    const { definition, positions } = this
    const refs = column.values.refs
    for (let k = 0; k < n; k++) {
      const position = order[start + k]!
      positions[k] = position
      definition[k] = refs[position]! >= 0 ? 1 : 0
    }
    return this.textChunk(column.leaf, column.values, n, null, 1)
  }

  /** Level entries: one per element, one per null or empty list; pages end only where a row ends. */
  private lists(column: ListColumn, order: Int32Array, start: number, end: number): ColumnChunkMeta {
    const { lengths, starts } = column
    let entries = 0
    for (let k = start; k < end; k++) entries += Math.max(1, lengths[order[k]!]!)
    this.levelArrays(entries, true)
    const { definition, repetition, positions } = this
    const refs = column.elements.refs
    let e = 0
    for (let k = start; k < end; k++) {
      const row = order[k]!
      const length = lengths[row]!
      if (length <= 0) {
        repetition[e] = 0
        positions[e] = -1
        definition[e++] = length < 0 ? 0 : 1
        continue
      }
      const first = starts[row]!
      for (let j = 0; j < length; j++) {
        repetition[e] = j === 0 ? 0 : 1
        positions[e] = first + j
        definition[e++] = refs[first + j]! >= 0 ? 3 : 2
      }
    }
    return this.textChunk(column.leaf, column.elements, entries, repetition, 3)
  }

  /** The values at `positions[e]` of the entries whose definition level is `valued`. */
  private textChunk(leaf: LeafColumn, values: TextValues, entries: number, repetition: Uint8Array | null, valued: number): ColumnChunkMeta {
    values.settle()
    const { definition, positions } = this
    const refs = values.refs
    let count = 0
    if (values.dictionaryEncoded) {
      if (this.indexes.length < entries) this.indexes = new Int32Array(Math.max(entries, this.indexes.length * 2))
      const indexes = this.indexes
      for (let e = 0; e < entries; e++) if (definition[e] === valued) indexes[count++] = refs[positions[e]!]!
      const distinct = values.distinct
      const chunk = this.chunk
      chunk.startDataPage(definition, repetition, 0, entries)
      const width = bitWidth(distinct - 1)
      chunk.page.u8(width)
      writeHybrid(chunk.page, indexes, 0, count, width)
      chunk.finishDataPage(entries, Encoding.RLE_DICTIONARY, true, { bytes: values.dictionary.view(), count: distinct })
      if (!leaf.nullCount) return chunk.finish(undefined)
      return chunk.finish({ nullCount: entries - count, ...(leaf.minMax ? this.dictionaryMinMax(values.dictionary) : {}) })
    }
    const out = this.values
    out.reset()
    const plain = values.plain.bytes
    const pageSize = this.pageSize
    // Values next to each other in the buffer are copied as one run (all of them, when rows came in time order).
    let runStart = 0
    let runEnd = 0
    let pageStart = 0
    for (let e = 0; e < entries; e++) {
      if (definition[e] === valued) {
        const ref = refs[positions[e]!]!
        const size = 4 + readU32(plain, ref)
        if (ref === runEnd && runEnd > runStart) runEnd += size
        else {
          if (runEnd > runStart) out.append(plain.subarray(runStart, runEnd))
          runStart = ref
          runEnd = ref + size
        }
        count++
      }
      if (out.length + runEnd - runStart >= pageSize && e + 1 < entries && (repetition === null || repetition[e + 1] === 0)) {
        if (runEnd > runStart) out.append(plain.subarray(runStart, runEnd))
        runStart = runEnd = 0
        this.plainPage(pageStart, e + 1, repetition, false)
        pageStart = e + 1
      }
    }
    if (runEnd > runStart) out.append(plain.subarray(runStart, runEnd))
    this.plainPage(pageStart, entries, repetition, true)
    return this.chunk.finish(leaf.nullCount ? { nullCount: entries - count } : undefined)
  }

  /** Min and max (unsigned byte order) of a PLAIN-encoded dictionary's entries, when they are short. */
  private dictionaryMinMax(dictionary: ByteSink): { min?: Uint8Array; max?: Uint8Array } {
    const bytes = dictionary.bytes
    const length = dictionary.length
    let minAt = -1
    let minLength = 0
    let maxAt = -1
    let maxLength = 0
    for (let p = 0; p < length; ) {
      const size = readU32(bytes, p)
      const at = p + 4
      if (minAt < 0 || compareBytes(bytes, at, size, minAt, minLength) < 0) {
        minAt = at
        minLength = size
      }
      if (maxAt < 0 || compareBytes(bytes, at, size, maxAt, maxLength) > 0) {
        maxAt = at
        maxLength = size
      }
      p = at + size
    }
    if (minAt < 0 || minLength > MAX_STATISTICS_BYTES || maxLength > MAX_STATISTICS_BYTES) return {}
    return { min: dictionary.copy(minAt, minAt + minLength), max: dictionary.copy(maxAt, maxAt + maxLength) }
  }

  /** A PLAIN data page of the values in `values` for level entries `[from, to)`. */
  private plainPage(from: number, to: number, repetition: Uint8Array | null, last: boolean): void {
    const chunk = this.chunk
    chunk.startDataPage(this.definition, repetition, from, to)
    chunk.page.append(this.values.view())
    chunk.finishDataPage(to - from, Encoding.PLAIN, last)
    this.values.reset()
  }

  /** INT64 timestamps (epoch ms) or INT32 dates (days), PLAIN. */
  private numbers(column: NumberColumn, order: Int32Array, start: number, end: number): ColumnChunkMeta {
    const n = end - start
    this.levelArrays(n, false)
    const definition = this.definition
    const out = this.values
    out.reset()
    const date = column.leaf.kind === 'date'
    const { values, present } = column
    const pageSize = this.pageSize
    let count = 0
    let pageStart = 0
    let min = Number.POSITIVE_INFINITY
    let max = Number.NEGATIVE_INFINITY
    for (let k = 0; k < n; k++) {
      const row = order[start + k]!
      if (present[row] === 0) definition[k] = 0
      else {
        definition[k] = 1
        const v = values[row]!
        if (date) out.u32(v | 0)
        else out.i64(v)
        if (v < min) min = v
        if (v > max) max = v
        count++
      }
      if (out.length >= pageSize && k + 1 < n) {
        this.plainPage(pageStart, k + 1, null, false)
        pageStart = k + 1
      }
    }
    this.plainPage(pageStart, n, null, true)
    const statistics: ChunkStatistics = { nullCount: n - count }
    if (count > 0) {
      const s = this.statistic
      s.reset()
      if (date) {
        s.u32(min | 0)
        s.u32(max | 0)
        statistics.min = s.copy(0, 4)
        statistics.max = s.copy(4, 8)
      } else {
        s.i64(min)
        s.i64(max)
        statistics.min = s.copy(0, 8)
        statistics.max = s.copy(8, 16)
      }
      statistics.legacy = true
    }
    return this.chunk.finish(statistics)
  }

  /** BOOLEAN, PLAIN (bit-packed), one page. */
  private booleans(column: BooleanColumn, order: Int32Array, start: number, end: number): ColumnChunkMeta {
    const n = end - start
    this.levelArrays(n, false)
    if (this.flags.length < n) this.flags = new Uint8Array(Math.max(n, this.flags.length * 2))
    const definition = this.definition
    const flags = this.flags
    const values = column.values
    let count = 0
    let trues = 0
    for (let k = 0; k < n; k++) {
      const value = values[order[start + k]!]!
      if (value < 0) definition[k] = 0
      else {
        definition[k] = 1
        flags[count++] = value
        trues += value
      }
    }
    const chunk = this.chunk
    chunk.startDataPage(definition, null, 0, n)
    writePlainBooleans(chunk.page, flags, 0, count)
    chunk.finishDataPage(n, Encoding.PLAIN, true)
    const statistics: ChunkStatistics = { nullCount: n - count }
    if (count > 0) {
      statistics.min = Uint8Array.of(trues === count ? 1 : 0)
      statistics.max = Uint8Array.of(trues > 0 ? 1 : 0)
      statistics.legacy = true
    }
    return chunk.finish(statistics)
  }
}

function compareBytes(bytes: Uint8Array, a: number, aLength: number, b: number, bLength: number): number {
  const n = Math.min(aLength, bLength)
  for (let k = 0; k < n; k++) {
    const d = bytes[a + k]! - bytes[b + k]!
    if (d !== 0) return d
  }
  return aLength - bLength
}

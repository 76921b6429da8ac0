import { ByteSink } from './byte-sink.js'
import { type ChunkStatistics, type ColumnChunkMeta, ChunkWriter, Encoding } from './chunk-writer.js'
import type { Compression } from './compression.js'
import type { LeafColumn } from './layout.js'
import { bitWidth, writeHybrid, writePlainBooleans } from './rle-hybrid.js'

type Row = Readonly<Record<string, unknown>>

/** A dictionary is kept while its distinct values are at most this share of the values seen. */
const MAX_DISTINCT_SHARE = 0.75
/** ... and while it stays under these sizes (one dictionary page per chunk). */
const MAX_DICTIONARY_ENTRIES = 1 << 20
const MAX_DICTIONARY_BYTES = 32 << 20
/** The distinct share is first checked after this many values, then at every doubling. */
const FIRST_CHECK = 1024
/** Min/max of text longer than this is not written (it would bloat the footer of every file). */
const MAX_STATISTICS_BYTES = 64

const MS_PER_DAY = 86_400_000

function requiredError(name: string): Error {
  return new Error(`Parquet column ${name} is required but a row has no value`)
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : String(value)
}

function worthDictionary(distinct: number, values: number, bytes: number): boolean {
  return distinct <= values * MAX_DISTINCT_SHARE && distinct <= MAX_DICTIONARY_ENTRIES && bytes <= MAX_DICTIONARY_BYTES
}

/**
 * Encodes the values of one leaf column over a range of rows into a column chunk, reading the rows' properties
 * directly into reused typed arrays and byte buffers (no per-value allocation besides dictionary map entries).
 */
export class LeafEncoder {
  private definition = new Uint8Array(1024)
  private repetition = new Uint8Array(1024)
  private indexes = new Int32Array(1024)
  private flags = new Uint8Array(1024)
  private readonly values = new ByteSink(1 << 20)
  private readonly dictionary = new ByteSink(1 << 16)
  private readonly statistic = new ByteSink(64)
  readonly chunk: ChunkWriter

  constructor(
    out: ByteSink,
    private readonly pageSize: number,
  ) {
    this.chunk = new ChunkWriter(out)
  }

  encode(rows: readonly Row[], start: number, end: number, leaf: LeafColumn, compression: Compression): ColumnChunkMeta {
    this.chunk.begin(leaf, compression)
    switch (leaf.kind) {
      case 'string':
        return (leaf.dictionary && this.stringsWithDictionary(rows, start, end, leaf)) || this.plainStrings(rows, start, end, leaf)
      case 'list':
        return (leaf.dictionary && this.listsWithDictionary(rows, start, end, leaf)) || this.plainLists(rows, start, end, leaf)
      case 'timestamp':
      case 'date':
        return this.integers(rows, start, end, leaf)
      case 'boolean':
        return this.booleans(rows, start, end, leaf)
    }
  }

  private levelArrays(entries: number, repeated: boolean): void {
    if (this.definition.length < entries) this.definition = new Uint8Array(Math.max(entries, this.definition.length * 2))
    if (repeated && this.repetition.length < entries) {
      this.repetition = new Uint8Array(Math.max(entries, this.repetition.length * 2))
    }
  }

  private indexArray(values: number): Int32Array {
    if (this.indexes.length < values) this.indexes = new Int32Array(Math.max(values, this.indexes.length * 2))
    return this.indexes
  }

  /** RLE_DICTIONARY; returns undefined (having written nothing) when the values are too distinct for it. */
  private stringsWithDictionary(rows: readonly Row[], start: number, end: number, leaf: LeafColumn): ColumnChunkMeta | undefined {
    const n = end - start
    this.levelArrays(n, false)
    const definition = this.definition
    const indexes = this.indexArray(n)
    const dictionary = this.dictionary
    dictionary.reset()
    const map = new Map<string, number>()
    const { name, required } = leaf
    let count = 0
    let check = FIRST_CHECK
    for (let i = start; i < end; i++) {
      const value = rows[i]![name]
      if (value == null) {
        if (required) throw requiredError(name)
        definition[i - start] = 0
        continue
      }
      definition[i - start] = 1
      const key = text(value)
      let index = map.get(key)
      if (index === undefined) {
        index = map.size
        map.set(key, index)
        dictionary.plainString(key)
      }
      indexes[count++] = index
      if (count === check) {
        if (!worthDictionary(map.size, count, dictionary.length)) return undefined
        check *= 2
      }
    }
    if (map.size === 0 || !worthDictionary(map.size, count, dictionary.length)) return undefined
    this.writeDictionaryChunk(map.size, count, n, null)
    return this.chunk.finish({
      nullCount: n - count,
      ...(leaf.minMax ? this.dictionaryMinMax() : {}),
    })
  }

  private writeDictionaryChunk(distinct: number, values: number, entries: number, repetition: Uint8Array | null): void {
    const chunk = this.chunk
    chunk.startDataPage(this.definition, repetition, 0, entries)
    const width = bitWidth(distinct - 1)
    chunk.page.u8(width)
    writeHybrid(chunk.page, this.indexes, 0, values, width)
    chunk.finishDataPage(entries, Encoding.RLE_DICTIONARY, true, { bytes: this.dictionary.view(), count: distinct })
  }

  /** Min and max (unsigned byte order) of the PLAIN-encoded dictionary's entries, when they are short. */
  private dictionaryMinMax(): { min?: Uint8Array; max?: Uint8Array } {
    const bytes = this.dictionary.bytes
    const length = this.dictionary.length
    let minAt = -1
    let minLength = 0
    let maxAt = -1
    let maxLength = 0
    for (let p = 0; p < length; ) {
      const size = bytes[p]! | (bytes[p + 1]! << 8) | (bytes[p + 2]! << 16) | (bytes[p + 3]! << 24)
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
    return { min: this.dictionary.copy(minAt, minAt + minLength), max: this.dictionary.copy(maxAt, maxAt + maxLength) }
  }

  private plainStrings(rows: readonly Row[], start: number, end: number, leaf: LeafColumn): ColumnChunkMeta {
    this.chunk.restart()
    const n = end - start
    this.levelArrays(n, false)
    const definition = this.definition
    const values = this.values
    values.reset()
    const { name, required } = leaf
    const pageSize = this.pageSize
    let count = 0
    let pageStart = 0
    for (let i = start; i < end; i++) {
      const value = rows[i]![name]
      if (value == null) {
        if (required) throw requiredError(name)
        definition[i - start] = 0
      } else {
        definition[i - start] = 1
        values.plainString(text(value))
        count++
      }
      if (values.length >= pageSize && i + 1 < end) {
        this.plainPage(pageStart, i + 1 - start, null, false)
        pageStart = i + 1 - start
      }
    }
    this.plainPage(pageStart, n, null, true)
    return this.chunk.finish(leaf.nullCount ? { nullCount: n - count } : undefined)
  }

  /** A PLAIN data page of the values in `values` for level entries `[from, to)`. */
  private plainPage(from: number, to: number, repetition: Uint8Array | null, last: boolean): void {
    const chunk = this.chunk
    chunk.startDataPage(this.definition, repetition, from, to)
    chunk.page.append(this.values.view())
    chunk.finishDataPage(to - from, Encoding.PLAIN, last)
    this.values.reset()
  }

  /** Counts the level entries of a list column: one per element, one per null or empty list. */
  private listEntries(rows: readonly Row[], start: number, end: number, name: string): number {
    let entries = 0
    for (let i = start; i < end; i++) {
      const value = rows[i]![name]
      if (value == null) entries++
      else if (Array.isArray(value)) entries += value.length || 1
      else throw new Error(`Parquet column ${name} holds lists, a row has ${typeof value}`)
    }
    return entries
  }

  private listsWithDictionary(rows: readonly Row[], start: number, end: number, leaf: LeafColumn): ColumnChunkMeta | undefined {
    const { name } = leaf
    const entries = this.listEntries(rows, start, end, name)
    this.levelArrays(entries, true)
    const definition = this.definition
    const repetition = this.repetition
    const indexes = this.indexArray(entries)
    const dictionary = this.dictionary
    dictionary.reset()
    const map = new Map<string, number>()
    let count = 0
    let check = FIRST_CHECK
    let e = 0
    for (let i = start; i < end; i++) {
      const list = rows[i]![name] as readonly unknown[] | null | undefined
      if (list == null || list.length === 0) {
        repetition[e] = 0
        definition[e++] = list == null ? 0 : 1
        continue
      }
      for (let j = 0; j < list.length; j++) {
        const value = list[j]
        repetition[e] = j === 0 ? 0 : 1
        if (value == null) {
          definition[e++] = 2
          continue
        }
        definition[e++] = 3
        const key = text(value)
        let index = map.get(key)
        if (index === undefined) {
          index = map.size
          map.set(key, index)
          dictionary.plainString(key)
        }
        indexes[count++] = index
        if (count === check) {
          if (!worthDictionary(map.size, count, dictionary.length)) return undefined
          check *= 2
        }
      }
    }
    if (map.size === 0 || !worthDictionary(map.size, count, dictionary.length)) return undefined
    this.writeDictionaryChunk(map.size, count, entries, repetition)
    return this.chunk.finish(undefined)
  }

  private plainLists(rows: readonly Row[], start: number, end: number, leaf: LeafColumn): ColumnChunkMeta {
    this.chunk.restart()
    const { name } = leaf
    const entries = this.listEntries(rows, start, end, name)
    this.levelArrays(entries, true)
    const definition = this.definition
    const repetition = this.repetition
    const values = this.values
    values.reset()
    const pageSize = this.pageSize
    let e = 0
    let pageStart = 0
    for (let i = start; i < end; i++) {
      const list = rows[i]![name] as readonly unknown[] | null | undefined
      if (list == null || list.length === 0) {
        repetition[e] = 0
        definition[e++] = list == null ? 0 : 1
      } else {
        for (let j = 0; j < list.length; j++) {
          const value = list[j]
          repetition[e] = j === 0 ? 0 : 1
          if (value == null) definition[e++] = 2
          else {
            definition[e++] = 3
            values.plainString(text(value))
          }
        }
      }
      if (values.length >= pageSize && i + 1 < end) {
        this.plainPage(pageStart, e, repetition, false)
        pageStart = e
      }
    }
    this.plainPage(pageStart, entries, repetition, true)
    return this.chunk.finish(undefined)
  }

  /** INT64 timestamps (epoch ms numbers) or INT32 dates (`YYYY-MM-DD` strings or day numbers), PLAIN. */
  private integers(rows: readonly Row[], start: number, end: number, leaf: LeafColumn): ColumnChunkMeta {
    const n = end - start
    this.levelArrays(n, false)
    const definition = this.definition
    const values = this.values
    values.reset()
    const { name, required } = leaf
    const date = leaf.kind === 'date'
    const pageSize = this.pageSize
    let count = 0
    let pageStart = 0
    let min = Number.POSITIVE_INFINITY
    let max = Number.NEGATIVE_INFINITY
    for (let i = start; i < end; i++) {
      const value = rows[i]![name]
      if (value == null) {
        if (required) throw requiredError(name)
        definition[i - start] = 0
      } else {
        definition[i - start] = 1
        let v: number
        if (date) {
          v = typeof value === 'string' ? Date.parse(`${value}T00:00:00Z`) / MS_PER_DAY : Number(value)
          values.u32(v | 0)
        } else {
          v = typeof value === 'number' ? value : Number(value)
          values.i64(v)
        }
        if (!Number.isFinite(v)) throw new Error(`Parquet column ${name}: ${String(value)} is not a valid value`)
        if (v < min) min = v
        if (v > max) max = v
        count++
      }
      if (values.length >= pageSize && i + 1 < end) {
        this.plainPage(pageStart, i + 1 - start, null, false)
        pageStart = i + 1 - start
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
  private booleans(rows: readonly Row[], start: number, end: number, leaf: LeafColumn): ColumnChunkMeta {
    const n = end - start
    this.levelArrays(n, false)
    if (this.flags.length < n) this.flags = new Uint8Array(Math.max(n, this.flags.length * 2))
    const definition = this.definition
    const flags = this.flags
    const { name, required } = leaf
    let count = 0
    let trues = 0
    for (let i = start; i < end; i++) {
      const value = rows[i]![name]
      if (value == null) {
        if (required) throw requiredError(name)
        definition[i - start] = 0
      } else {
        definition[i - start] = 1
        const flag = value ? 1 : 0
        flags[count++] = flag
        trues += flag
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

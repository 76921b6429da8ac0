import { ownCopy } from '@cairn/normalizer'
import type { AwsCloudTrailLogRow } from '@cairn/schema'
import { ByteSink } from './byte-sink.js'
import { type LeafColumn, leafColumns } from './layout.js'

/** A dictionary is kept while its distinct values are at most this share of the values seen. */
const MAX_DISTINCT_SHARE = 0.75
/** ... and while it stays under these sizes (one dictionary page per chunk). */
const MAX_DICTIONARY_ENTRIES = 1 << 20
const MAX_DICTIONARY_BYTES = 32 << 20
/** The distinct share is first checked after this many values, then at every doubling. */
const FIRST_CHECK = 1024
const INITIAL_ROWS = 256
const MS_PER_DAY = 86_400_000

function worthDictionary(distinct: number, values: number, bytes: number): boolean {
  return distinct <= values * MAX_DISTINCT_SHARE && distinct <= MAX_DICTIONARY_ENTRIES && bytes <= MAX_DICTIONARY_BYTES
}

function grown<T extends Int32Array | Float64Array | Int8Array>(array: T, needed: number): T {
  if (needed <= array.length) return array
  const bigger = new (array.constructor as new (n: number) => T)(Math.max(needed, array.length * 2))
  bigger.set(array)
  return bigger
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : String(value)
}

/**
 * The text values of one leaf (a column, or a list column's elements) in the order they came, as Parquet will hold
 * them: dictionary indexes and the dictionary's PLAIN entries while the values repeat enough, else the values'
 * PLAIN bytes. No string of a row outlives its `push`.
 */
export class TextValues {
  count = 0
  private present = 0
  /** Per value: its dictionary index, or (plain) the start of its PLAIN bytes in `plain`; -1 for null. */
  refs = new Int32Array(INITIAL_ROWS)
  private map: Map<string, number> | null
  /** The dictionary's entries, PLAIN encoded, and where each starts. */
  readonly dictionary = new ByteSink(1024)
  private entryStarts = new Int32Array(64)
  /** Every value's PLAIN bytes (4-byte length, UTF-8), once the dictionary is given up. */
  readonly plain = new ByteSink(1024)
  private check = FIRST_CHECK

  constructor(tryDictionary: boolean) {
    this.map = tryDictionary ? new Map() : null
  }

  get dictionaryEncoded(): boolean {
    return this.map !== null
  }

  get distinct(): number {
    return this.map?.size ?? 0
  }

  push(value: string | null): void {
    const at = this.count
    if (at === this.refs.length) this.refs = grown(this.refs, at + 1)
    this.count = at + 1
    if (value === null) {
      this.refs[at] = -1
      return
    }
    this.present++
    const map = this.map
    if (map === null) {
      this.refs[at] = this.plain.length
      this.plain.plainString(value)
      return
    }
    let id = map.get(value)
    if (id === undefined) {
      id = map.size
      // the dictionary keeps its keys while the file is buffered: not slices that hold the input file's text
      const own = ownCopy(value)
      map.set(own, id)
      if (id === this.entryStarts.length) this.entryStarts = grown(this.entryStarts, id + 1)
      this.entryStarts[id] = this.dictionary.length
      this.dictionary.plainString(own)
    }
    this.refs[at] = id
    if (this.present === this.check) {
      if (worthDictionary(map.size, this.present, this.dictionary.length)) this.check *= 2
      else this.giveUpDictionary()
    }
  }

  /** Drops values pushed after the first `count` (a row that failed halfway). */
  truncate(count: number): void {
    for (let i = count; i < this.count; i++) if (this.refs[i]! >= 0) this.present--
    this.count = count
  }

  /** Called before encoding: a dictionary that did not pay off (or holds nothing) becomes PLAIN values. */
  settle(): void {
    if (this.map !== null && (this.map.size === 0 || !worthDictionary(this.map.size, this.present, this.dictionary.length))) {
      this.giveUpDictionary()
    }
  }

  private giveUpDictionary(): void {
    const entries = this.dictionary.bytes
    const starts = this.entryStarts
    const plain = this.plain
    plain.reset()
    for (let i = 0; i < this.count; i++) {
      const id = this.refs[i]!
      if (id < 0) continue
      const start = starts[id]!
      const size = 4 + readU32(entries, start)
      this.refs[i] = plain.length
      plain.append(entries.subarray(start, start + size))
    }
    this.map = null
    this.dictionary.reset()
  }
}

export function readU32(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0
}

export class TextColumn {
  readonly kind = 'text'
  readonly values: TextValues

  constructor(readonly leaf: LeafColumn) {
    this.values = new TextValues(leaf.dictionary)
  }

  append(value: unknown): void {
    this.values.push(value == null ? null : text(value))
  }

  truncate(rows: number): void {
    this.values.truncate(rows)
  }
}

/** A list of text per row: its length (-1 for a null list) and where its elements start in `elements`. */
export class ListColumn {
  readonly kind = 'list'
  lengths = new Int32Array(INITIAL_ROWS)
  starts = new Int32Array(INITIAL_ROWS)
  private rows = 0
  readonly elements: TextValues

  constructor(readonly leaf: LeafColumn) {
    this.elements = new TextValues(leaf.dictionary)
  }

  append(value: unknown): void {
    const at = this.rows
    if (at === this.lengths.length) {
      this.lengths = grown(this.lengths, at + 1)
      this.starts = grown(this.starts, at + 1)
    }
    this.rows = at + 1
    this.starts[at] = this.elements.count
    if (value == null) {
      this.lengths[at] = -1
      return
    }
    if (!Array.isArray(value)) throw new Error(`Parquet column ${this.leaf.name} holds lists, a row has ${typeof value}`)
    this.lengths[at] = value.length
    for (const element of value) this.elements.push(element == null ? null : text(element))
  }

  truncate(rows: number): void {
    if (rows < this.rows) this.elements.truncate(this.starts[rows]!)
    this.rows = Math.min(this.rows, rows)
  }
}

/** Timestamps (epoch ms) and dates (days since 1970), with a flag per row for null. */
export class NumberColumn {
  readonly kind = 'number'
  values = new Float64Array(INITIAL_ROWS)
  present = new Int8Array(INITIAL_ROWS)
  private rows = 0

  constructor(readonly leaf: LeafColumn) {}

  append(value: unknown): void {
    const at = this.rows
    if (at === this.values.length) {
      this.values = grown(this.values, at + 1)
      this.present = grown(this.present, at + 1)
    }
    if (value == null) {
      this.present[at] = 0
      this.rows = at + 1
      return
    }
    const v =
      this.leaf.kind === 'date'
        ? typeof value === 'string'
          ? Date.parse(`${value}T00:00:00Z`) / MS_PER_DAY
          : Number(value)
        : typeof value === 'number'
          ? value
          : Number(value)
    if (!Number.isFinite(v)) throw new Error(`Parquet column ${this.leaf.name}: ${String(value)} is not a valid value`)
    this.values[at] = v
    this.present[at] = 1
    this.rows = at + 1
  }

  truncate(rows: number): void {
    this.rows = Math.min(this.rows, rows)
  }
}

/** Booleans: 1, 0, or -1 for null. */
export class BooleanColumn {
  readonly kind = 'boolean'
  values = new Int8Array(INITIAL_ROWS)
  private rows = 0

  constructor(readonly leaf: LeafColumn) {}

  append(value: unknown): void {
    const at = this.rows
    if (at === this.values.length) this.values = grown(this.values, at + 1)
    this.values[at] = value == null ? -1 : value ? 1 : 0
    this.rows = at + 1
  }

  truncate(rows: number): void {
    this.rows = Math.min(this.rows, rows)
  }
}

export type LeafValues = TextColumn | ListColumn | NumberColumn | BooleanColumn

let leaves: LeafColumn[] | undefined

function leafValues(leaf: LeafColumn): LeafValues {
  switch (leaf.kind) {
    case 'string':
      return new TextColumn(leaf)
    case 'list':
      return new ListColumn(leaf)
    case 'timestamp':
    case 'date':
      return new NumberColumn(leaf)
    case 'boolean':
      return new BooleanColumn(leaf)
  }
}

/**
 * Rows of `aws_cloudtrail_log` held column by column, already in the shape of Parquet's column chunks (dictionary
 * indexes, PLAIN bytes, numbers in typed arrays), until they are encoded as one file. Compared with keeping the row
 * objects: a few hundred bytes per row instead of a few kilobytes, no row keeps its input file's text alive, and
 * encoding is left with little to do but copy.
 */
export class RowColumns {
  readonly columns: readonly LeafValues[]
  private readonly required: readonly string[]
  private readonly eventTime: NumberColumn
  length = 0

  constructor() {
    leaves ??= leafColumns()
    this.columns = leaves.map(leafValues)
    this.required = leaves.filter((l) => l.required).map((l) => l.name)
    this.eventTime = this.columns.find((c) => c.leaf.name === 'event_time') as NumberColumn
  }

  append(row: AwsCloudTrailLogRow): void {
    const values = row as unknown as Readonly<Record<string, unknown>>
    for (const name of this.required) {
      if (values[name] == null) throw new Error(`Parquet column ${name} is required but a row has no value`)
    }
    const columns = this.columns
    try {
      for (let c = 0; c < columns.length; c++) {
        const column = columns[c]!
        column.append(values[column.leaf.name])
      }
    } catch (error) {
      for (const column of columns) column.truncate(this.length)
      throw error
    }
    this.length++
  }

  /** Row positions in event time order (stable): the file is written in it, for tight row-group statistics. */
  order(): Int32Array {
    const n = this.length
    const times = this.eventTime.values
    const order = new Int32Array(n)
    let sorted = true
    for (let i = 0; i < n; i++) {
      order[i] = i
      if (i > 0 && times[i]! < times[i - 1]!) sorted = false
    }
    if (!sorted) order.sort((a, b) => times[a]! - times[b]! || a - b)
    return order
  }
}

import * as arrow from 'apache-arrow'

export interface ResultColumn {
  name: string
  type: string
}

export interface QueryResult {
  columns: ResultColumn[]
  rows: Record<string, unknown>[]
}

function cell(type: arrow.DataType, value: unknown): unknown {
  if (value == null) return null
  if (arrow.DataType.isTimestamp(type)) {
    const ms = value instanceof Date ? value.getTime() : Number(value)
    return new Date(ms).toISOString()
  }
  if (arrow.DataType.isDate(type)) {
    const ms = value instanceof Date ? value.getTime() : Number(value)
    return new Date(ms).toISOString().slice(0, 10)
  }
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString()
  }
  if (arrow.DataType.isList(type) && value && typeof (value as arrow.Vector).toArray === 'function') {
    const child = (type as arrow.List).children[0]!.type
    return Array.from(value as arrow.Vector, (v) => cell(child, v))
  }
  if (arrow.DataType.isStruct(type) && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const field of (type as arrow.Struct).children) out[field.name] = cell(field.type, (value as any)[field.name])
    return out
  }
  if (arrow.DataType.isDecimal(type)) return Number(String(value))
  return value
}

const utf8 = new TextDecoder()
export const MICROS_PER_UNIT = [1e-3, 1, 1e3, 1e6] // SECOND, MILLISECOND, MICROSECOND, NANOSECOND → per millisecond

export function isValid(data: arrow.Data, i: number): boolean {
  const bitmap = data.nullBitmap
  if (!bitmap || bitmap.length === 0 || data.nullCount === 0) return true
  const bit = data.offset + i
  return (bitmap[bit >> 3]! & (1 << (bit & 7))) !== 0
}

/**
 * Text cells of one chunk, decoded with one TextDecoder call: when the text is ASCII (CloudTrail's nearly always
 * is) byte offsets are character offsets, and cells are slices of one string instead of one decode each.
 */
function utf8Chunk(data: arrow.Data, out: unknown[], at: number): void {
  const offsets = data.valueOffsets as Int32Array
  const bytes = data.values as Uint8Array
  const start = offsets[0]!
  const end = offsets[data.length]!
  const text = utf8.decode(bytes.subarray(start, end))
  const ascii = text.length === end - start
  for (let i = 0; i < data.length; i++) {
    if (!isValid(data, i)) out[at + i] = null
    else if (ascii) out[at + i] = text.slice(offsets[i]! - start, offsets[i + 1]! - start)
    else out[at + i] = utf8.decode(bytes.subarray(offsets[i]!, offsets[i + 1]!))
  }
}

const MS_PER_HOUR = 3_600_000
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'))
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'))

/**
 * ISO-8601 text of epoch milliseconds (as Date#toISOString gives it): the hour's text is made once and reused by
 * the events of that hour, minutes, seconds and milliseconds come from tables. A result of 200k times spent most
 * of its conversion in toISOString.
 */
export function isoFormatter(): (ms: number) => string {
  let hour = Number.NaN
  let prefix = ''
  return (ms) => {
    const h = Math.floor(ms / MS_PER_HOUR)
    if (h !== hour) {
      const text = new Date(h * MS_PER_HOUR).toISOString()
      // years outside 0000-9999 have a sign and more digits: toISOString's own text for those
      if (text.length !== 24) return new Date(ms).toISOString()
      hour = h
      prefix = text.slice(0, 14)
    }
    const inHour = ms - h * MS_PER_HOUR
    const whole = Math.floor(inHour)
    const minute = Math.floor(whole / 60_000)
    const second = Math.floor((whole % 60_000) / 1000)
    return `${prefix}${TWO_DIGITS[minute]}:${TWO_DIGITS[second]}.${THREE_DIGITS[whole % 1000]}Z`
  }
}

function timestampChunk(data: arrow.Data, out: unknown[], at: number): void {
  const values = data.values as BigInt64Array
  const perMs = MICROS_PER_UNIT[(data.type as arrow.Timestamp).unit]!
  const iso = isoFormatter()
  for (let i = 0; i < data.length; i++) out[at + i] = isValid(data, i) ? iso(Number(values[i]!) / perMs) : null
}

/** A column's cells as plain values, converted by type once per column rather than per cell. */
export function columnValues(type: arrow.DataType, vector: arrow.Vector): unknown[] {
  const out: unknown[] = new Array(vector.length)
  const isText = arrow.DataType.isUtf8(type)
  const isTimestamp = arrow.DataType.isTimestamp(type) && vector.data.every((d) => d.values instanceof BigInt64Array)
  if (isText || isTimestamp) {
    let at = 0
    for (const data of vector.data) {
      if (isText) utf8Chunk(data, out, at)
      else timestampChunk(data, out, at)
      at += data.length
    }
    return out
  }
  let i = 0
  const plain = arrow.DataType.isBool(type) || arrow.DataType.isFloat(type)
  for (const value of vector) out[i++] = plain || value == null ? (value ?? null) : cell(type, value)
  return out
}

/** Set once eval turned out to be forbidden here: each try would be one more CSP violation report. */
let evalForbidden = false

/** A constructor of result rows with the result's own fields, so every row has one shape (fast to build and read). */
function rowMaker(names: string[]): ((values: unknown[][], r: number) => Record<string, unknown>) | undefined {
  if (evalForbidden || new Set(names).size !== names.length || names.includes('__proto__')) return undefined
  const body = names.map((n, c) => `${JSON.stringify(n)}: v[${c}][r]`).join(', ')
  try {
    return new Function('v', 'r', `return { ${body} }`) as (values: unknown[][], r: number) => Record<string, unknown>
  } catch {
    evalForbidden = true // a page whose Content-Security-Policy forbids eval
    return undefined
  }
}

type RowMaker = (values: unknown[][], r: number) => Record<string, unknown>

function rowsOf(table: arrow.Table, make: RowMaker | undefined): Record<string, unknown>[] {
  const fields = table.schema.fields
  const values = fields.map((f, i) => columnValues(f.type, table.getChildAt(i)!))
  const rows: Record<string, unknown>[] = new Array(table.numRows)
  for (let r = 0; r < table.numRows; r++) {
    if (make) {
      rows[r] = make(values, r)
      continue
    }
    const row: Record<string, unknown> = {}
    for (let c = 0; c < fields.length; c++) row[fields[c]!.name] = values[c]![r]
    rows[r] = row
  }
  return rows
}

function columnsOf(table: arrow.Table): ResultColumn[] {
  return table.schema.fields.map((f) => ({ name: f.name, type: String(f.type) }))
}

/** Converts an Arrow result into plain rows: timestamps as ISO-8601 UTC strings, dates as YYYY-MM-DD. */
export function toQueryResult(table: arrow.Table): QueryResult {
  // a name given twice (select a, a) keeps its last value, as assigning the keys in order does
  return { columns: columnsOf(table), rows: rowsOf(table, rowMaker(table.schema.fields.map((f) => f.name))) }
}

/** A result whose rows are made a batch at a time, as they are read. */
export interface BatchedQueryResult {
  columns: ResultColumn[]
  batches: Iterable<Record<string, unknown>[]>
}

/** Rows made per batch of about this many (DuckDB's record batches hold 2,048). */
const ROWS_PER_BATCH = 16_384

/**
 * `toQueryResult`'s rows, made batch by batch when `batches` is iterated: a large result written out never exists
 * as one array of row objects (less memory, and rows die young, which is cheap to collect).
 */
export function toQueryResultBatches(table: arrow.Table): BatchedQueryResult {
  const make = rowMaker(table.schema.fields.map((f) => f.name))
  // slices of the table itself: its record batches are of the engine's own copy of apache-arrow
  function* batches(): Generator<Record<string, unknown>[]> {
    for (let begin = 0; begin < table.numRows; begin += ROWS_PER_BATCH) {
      yield rowsOf(table.slice(begin, begin + ROWS_PER_BATCH), make)
    }
  }
  return { columns: columnsOf(table), batches: { [Symbol.iterator]: batches } }
}

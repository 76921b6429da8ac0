import * as arrow from 'apache-arrow'
import type { Column } from '@cairn/schema'

const encoder = new TextEncoder()
const SHORT_CELL_BYTES = 48
const MS_PER_DAY = 86_400_000

/** A text cell as it comes from Parquet (raw UTF-8 bytes) or from JS (a string). */
export type TextCell = Uint8Array | string | null | undefined

function validity(length: number, isValid: (i: number) => boolean): { bitmap: Uint8Array; nullCount: number } {
  const bitmap = new Uint8Array((length + 7) >> 3)
  let nullCount = 0
  for (let i = 0; i < length; i++) {
    if (isValid(i)) bitmap[i >> 3]! |= 1 << (i & 7)
    else nullCount++
  }
  return { bitmap, nullCount }
}

function utf8Data(values: ArrayLike<TextCell>): arrow.Data<arrow.Utf8> {
  const length = values.length
  const encoded: (Uint8Array | null)[] = new Array(length)
  let bytes = 0
  for (let i = 0; i < length; i++) {
    const v = values[i]
    const b = v == null ? null : typeof v === 'string' ? encoder.encode(v) : v
    encoded[i] = b
    if (b) bytes += b.length
  }
  const data = new Uint8Array(bytes)
  const valueOffsets = new Int32Array(length + 1)
  let offset = 0
  for (let i = 0; i < length; i++) {
    const b = encoded[i]
    if (b) {
      // most cells are short (names, ids, regions): a loop beats a call to TypedArray#set per cell
      const n = b.length
      if (n <= SHORT_CELL_BYTES) for (let k = 0; k < n; k++) data[offset + k] = b[k]!
      else data.set(b, offset)
      offset += n
    }
    valueOffsets[i + 1] = offset
  }
  const { bitmap, nullCount } = validity(length, (i) => encoded[i] !== null)
  return arrow.makeData({ type: new arrow.Utf8(), length, nullCount, nullBitmap: bitmap, valueOffsets, data })
}

function utf8ListData(values: ArrayLike<ArrayLike<TextCell> | null | undefined>): arrow.Data<arrow.List<arrow.Utf8>> {
  const length = values.length
  const valueOffsets = new Int32Array(length + 1)
  const flat: TextCell[] = []
  for (let i = 0; i < length; i++) {
    const list = values[i]
    if (list) for (let j = 0; j < list.length; j++) flat.push(list[j])
    valueOffsets[i + 1] = flat.length
  }
  const { bitmap, nullCount } = validity(length, (i) => values[i] != null)
  const child = utf8Data(flat)
  const type = new arrow.List(new arrow.Field('element', new arrow.Utf8(), true))
  return arrow.makeData({ type, length, nullCount, nullBitmap: bitmap, valueOffsets, child })
}

function boolData(values: ArrayLike<boolean | null | undefined>): arrow.Data<arrow.Bool> {
  const length = values.length
  const data = new Uint8Array((length + 7) >> 3)
  for (let i = 0; i < length; i++) if (values[i]) data[i >> 3]! |= 1 << (i & 7)
  const { bitmap, nullCount } = validity(length, (i) => values[i] != null)
  return arrow.makeData({ type: new arrow.Bool(), length, nullCount, nullBitmap: bitmap, data })
}

/** Timestamps as epoch milliseconds (number or bigint). */
function timestampData(values: ArrayLike<number | bigint | null | undefined>): arrow.Data<arrow.TimestampMillisecond> {
  const length = values.length
  const data = new BigInt64Array(length)
  for (let i = 0; i < length; i++) {
    const v = values[i]
    if (v != null) data[i] = typeof v === 'bigint' ? v : BigInt(v)
  }
  const { bitmap, nullCount } = validity(length, (i) => values[i] != null)
  return arrow.makeData({
    type: new arrow.TimestampMillisecond(),
    length,
    nullCount,
    nullBitmap: bitmap,
    data: new Int32Array(data.buffer),
  })
}

function dayNumber(day: string): number {
  return Math.floor(Date.parse(`${day}T00:00:00Z`) / MS_PER_DAY)
}

/** Dates as days since the epoch, or `YYYY-MM-DD` strings. */
function dateData(values: ArrayLike<number | string | null | undefined>): arrow.Data<arrow.DateDay> {
  const length = values.length
  const data = new Int32Array(length)
  for (let i = 0; i < length; i++) {
    const v = values[i]
    if (v != null) data[i] = typeof v === 'number' ? v : dayNumber(v)
  }
  const { bitmap, nullCount } = validity(length, (i) => values[i] != null)
  return arrow.makeData({ type: new arrow.DateDay(), length, nullCount, nullBitmap: bitmap, data })
}

/** Builds the Arrow vector of one table column from its cell values, without per-value Arrow builders. */
export function buildColumnVector(column: Column, values: ArrayLike<unknown>): arrow.Vector {
  switch (column.type) {
    case 'varchar':
    case 'json':
      return arrow.makeVector(utf8Data(values as ArrayLike<TextCell>))
    case 'varchar[]':
      return arrow.makeVector(utf8ListData(values as ArrayLike<ArrayLike<TextCell> | null>))
    case 'boolean':
      return arrow.makeVector(boolData(values as ArrayLike<boolean | null>))
    case 'timestamp':
      return arrow.makeVector(timestampData(values as ArrayLike<number | bigint | null>))
    case 'date':
      return arrow.makeVector(dateData(values as ArrayLike<number | string | null>))
  }
}

/** A constant text column (e.g. a hive partition value) of `length` rows. */
export function buildConstantVector(column: Column, value: string, length: number): arrow.Vector {
  if (column.type === 'date') {
    const data = new Int32Array(length).fill(dayNumber(value))
    return arrow.makeVector(arrow.makeData({ type: new arrow.DateDay(), length, nullCount: 0, data }))
  }
  const bytes = encoder.encode(value)
  const data = new Uint8Array(bytes.length * length)
  const valueOffsets = new Int32Array(length + 1)
  for (let i = 0; i < length; i++) {
    data.set(bytes, i * bytes.length)
    valueOffsets[i + 1] = (i + 1) * bytes.length
  }
  return arrow.makeVector(
    arrow.makeData({ type: new arrow.Utf8(), length, nullCount: 0, valueOffsets, data, nullBitmap: new Uint8Array(0) }),
  )
}

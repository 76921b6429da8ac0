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

/** A column's cells as plain values, converted by type once per column rather than per cell. */
function columnValues(type: arrow.DataType, vector: arrow.Vector): unknown[] {
  const out: unknown[] = new Array(vector.length)
  let i = 0
  const plain = arrow.DataType.isUtf8(type) || arrow.DataType.isBool(type) || arrow.DataType.isFloat(type)
  for (const value of vector) out[i++] = plain || value == null ? (value ?? null) : cell(type, value)
  return out
}

/** Converts an Arrow result into plain rows: timestamps as ISO-8601 UTC strings, dates as YYYY-MM-DD. */
export function toQueryResult(table: arrow.Table): QueryResult {
  const fields = table.schema.fields
  const columns = fields.map((f) => ({ name: f.name, type: String(f.type) }))
  const values = fields.map((f, i) => columnValues(f.type, table.getChildAt(i)!))
  const rows: Record<string, unknown>[] = new Array(table.numRows)
  for (let r = 0; r < table.numRows; r++) {
    const row: Record<string, unknown> = {}
    for (let c = 0; c < fields.length; c++) row[fields[c]!.name] = values[c]![r]
    rows[r] = row
  }
  return { columns, rows }
}

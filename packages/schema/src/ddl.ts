import { type Column, type ColumnType, columns, TABLE_NAME } from './columns.js'

const duckdbTypes: Record<ColumnType, string> = {
  varchar: 'VARCHAR',
  json: 'JSON',
  timestamp: 'TIMESTAMP',
  date: 'DATE',
  boolean: 'BOOLEAN',
  'varchar[]': 'VARCHAR[]',
}

/** The DuckDB type of a column. `JSON` needs the json extension natively, or `CREATE TYPE json AS VARCHAR` without it. */
export function duckdbType(column: Column): string {
  return duckdbTypes[column.type]
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/** A SQL string literal holding `value`. */
export function quoteStringLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`
}

/** `CREATE TABLE aws_cloudtrail_log (...)` for DuckDB. */
export function duckdbCreateTableSql(tableName = TABLE_NAME, only?: readonly string[]): string {
  const selected = only ? columns.filter((c) => only.includes(c.name)) : columns
  const body = selected.map((c) => `  ${quoteIdentifier(c.name)} ${duckdbType(c)}`).join(',\n')
  return `CREATE TABLE ${quoteIdentifier(tableName)} (\n${body}\n)`
}

/** DuckDB SQL comments for every column, for `COMMENT ON COLUMN` or documentation. */
export function columnDocs(): { name: string; type: string; description: string }[] {
  return columns.map((c) => ({ name: c.name, type: duckdbType(c), description: c.description }))
}

import { type Column, storedColumns } from './columns.js'

/** A Parquet schema element, in the shape hyparquet and hyparquet-writer use (parquet-format's SchemaElement). */
export interface ParquetSchemaElement {
  name: string
  type?: 'BOOLEAN' | 'INT32' | 'INT64' | 'BYTE_ARRAY'
  repetition_type?: 'REQUIRED' | 'OPTIONAL' | 'REPEATED'
  converted_type?: 'UTF8' | 'JSON' | 'LIST' | 'TIMESTAMP_MILLIS' | 'DATE'
  logical_type?: { type: 'STRING' } | { type: 'JSON' } | { type: 'LIST' } | { type: 'DATE' } | {
    type: 'TIMESTAMP'
    isAdjustedToUTC: boolean
    unit: 'MILLIS'
  }
  num_children?: number
}

function elementsFor(column: Column): ParquetSchemaElement[] {
  const repetition_type = column.name === 'event_time' || column.name === 'event_id' || column.name === 'tp_id'
    ? 'REQUIRED'
    : 'OPTIONAL'
  switch (column.type) {
    case 'varchar':
      return [{ name: column.name, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, repetition_type }]
    case 'json':
      return [{ name: column.name, type: 'BYTE_ARRAY', converted_type: 'JSON', logical_type: { type: 'JSON' }, repetition_type }]
    case 'boolean':
      return [{ name: column.name, type: 'BOOLEAN', repetition_type }]
    case 'timestamp':
      return [{
        name: column.name,
        type: 'INT64',
        converted_type: 'TIMESTAMP_MILLIS',
        logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
        repetition_type,
      }]
    case 'date':
      return [{ name: column.name, type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' }, repetition_type }]
    case 'varchar[]':
      return [
        { name: column.name, repetition_type: 'OPTIONAL', converted_type: 'LIST', logical_type: { type: 'LIST' }, num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, repetition_type: 'OPTIONAL' },
      ]
  }
}

/**
 * The Parquet schema of the files Cairn writes (flattened, root first). Partition columns live in the hive path
 * and are not stored. JSON columns carry the JSON logical type and timestamps are UTC-adjusted, so native DuckDB,
 * Athena/Trino and Spark read them with the right types.
 */
export function parquetSchema(): ParquetSchemaElement[] {
  return [{ name: 'aws_cloudtrail_log', num_children: storedColumns.length }, ...storedColumns.flatMap(elementsFor)]
}

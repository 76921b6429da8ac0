import { type ParquetSchemaElement, parquetSchema, storedColumns } from '@cairn/schema'

/** How a leaf's row values are read and written. */
export type LeafKind = 'string' | 'timestamp' | 'boolean' | 'date' | 'list'

/** parquet-format's Type ids. */
export const PhysicalType = { BOOLEAN: 0, INT32: 1, INT64: 2, BYTE_ARRAY: 6 } as const

/** One leaf column of Cairn's fixed Parquet schema, with the encoding choices made for it. */
export interface LeafColumn {
  /** The row key (the top-level column). */
  name: string
  kind: LeafKind
  physicalType: number
  /** path_in_schema: `[name]`, or `[name, 'list', 'element']` for lists. */
  path: string[]
  required: boolean
  maxDefinitionLevel: number
  maxRepetitionLevel: number
  /** Try RLE_DICTIONARY first (kept while the values repeat enough), else PLAIN. */
  dictionary: boolean
  /** Write min/max statistics (time columns, booleans, short dictionary-encoded strings). */
  minMax: boolean
  /** Write a null count. */
  nullCount: boolean
}

/**
 * Columns whose values are unique per row: a dictionary would only cost time, and min/max would prune nothing.
 * Every other text column tries a dictionary and falls back to PLAIN when its values turn out mostly distinct.
 */
const UNIQUE_COLUMNS = new Set(['event_id', 'tp_id', 'request_id'])

/** The leaves of `parquetSchema()`, in schema (= file) order. */
export function leafColumns(): LeafColumn[] {
  const schema = parquetSchema()
  const byName = new Map<string, ParquetSchemaElement>(schema.map((e) => [e.name, e]))
  return storedColumns.map((column): LeafColumn => {
    const required = byName.get(column.name)?.repetition_type === 'REQUIRED'
    const optional = required ? 0 : 1
    const unique = UNIQUE_COLUMNS.has(column.name)
    const base = { name: column.name, path: [column.name], required, maxDefinitionLevel: optional, maxRepetitionLevel: 0 }
    switch (column.type) {
      case 'varchar':
        return { ...base, kind: 'string', physicalType: PhysicalType.BYTE_ARRAY, dictionary: !unique, minMax: !unique, nullCount: true }
      case 'json':
        return { ...base, kind: 'string', physicalType: PhysicalType.BYTE_ARRAY, dictionary: true, minMax: false, nullCount: true }
      case 'timestamp':
        return { ...base, kind: 'timestamp', physicalType: PhysicalType.INT64, dictionary: false, minMax: true, nullCount: true }
      case 'boolean':
        return { ...base, kind: 'boolean', physicalType: PhysicalType.BOOLEAN, dictionary: false, minMax: true, nullCount: true }
      case 'date':
        return { ...base, kind: 'date', physicalType: PhysicalType.INT32, dictionary: false, minMax: true, nullCount: true }
      case 'varchar[]':
        return {
          ...base,
          kind: 'list',
          physicalType: PhysicalType.BYTE_ARRAY,
          path: [column.name, 'list', 'element'],
          maxDefinitionLevel: 3,
          maxRepetitionLevel: 1,
          dictionary: true,
          minMax: false,
          nullCount: false,
        }
      default:
        throw new Error(`no Parquet leaf for column ${column.name} of type ${column.type satisfies never}`)
    }
  })
}

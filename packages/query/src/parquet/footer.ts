import type { ParquetSchemaElement } from '@cairn/schema'
import type { ByteSink } from './byte-sink.js'
import type { ColumnChunkMeta } from './chunk-writer.js'
import { CompactType, CompactWriter } from './thrift-compact.js'

const TYPE_ID = { BOOLEAN: 0, INT32: 1, INT64: 2, BYTE_ARRAY: 6 } as const
const REPETITION_ID = { REQUIRED: 0, OPTIONAL: 1, REPEATED: 2 } as const
const CONVERTED_ID = { UTF8: 0, LIST: 3, DATE: 6, TIMESTAMP_MILLIS: 9, JSON: 19 } as const

export interface RowGroupMeta {
  columns: ColumnChunkMeta[]
  numRows: number
  fileOffset: number
}

export interface FileFooter {
  schema: readonly ParquetSchemaElement[]
  rowGroups: readonly RowGroupMeta[]
  keyValueMetadata: readonly { key: string; value: string }[]
  createdBy: string
}

/** Writes the Thrift-compact FileMetaData, its 4-byte length and the closing `PAR1`. */
export function writeFooter(out: ByteSink, footer: FileFooter): void {
  const start = out.length
  const w = new CompactWriter(out)
  w.i32(1, 2)
  w.list(2, CompactType.STRUCT, footer.schema.length)
  for (const element of footer.schema) writeSchemaElement(w, element)
  w.i64(3, footer.rowGroups.reduce((sum, g) => sum + g.numRows, 0))
  w.list(4, CompactType.STRUCT, footer.rowGroups.length)
  for (const group of footer.rowGroups) writeRowGroup(w, group)
  w.list(5, CompactType.STRUCT, footer.keyValueMetadata.length)
  for (const { key, value } of footer.keyValueMetadata) {
    w.element()
    w.string(1, key)
    w.string(2, value)
    w.end()
  }
  w.string(6, footer.createdBy)
  // column_orders: TYPE_ORDER for every leaf, so readers trust min_value/max_value (unsigned order for text).
  const leaves = footer.schema.filter((e) => e.type !== undefined).length
  w.list(7, CompactType.STRUCT, leaves)
  for (let i = 0; i < leaves; i++) {
    w.element()
    w.emptyStruct(1)
    w.end()
  }
  w.end()
  out.u32(out.length - start)
  out.u32(0x31524150)
}

function writeSchemaElement(w: CompactWriter, element: ParquetSchemaElement): void {
  w.element()
  if (element.type) w.i32(1, TYPE_ID[element.type])
  if (element.repetition_type) w.i32(3, REPETITION_ID[element.repetition_type])
  w.string(4, element.name)
  if (element.num_children !== undefined) w.i32(5, element.num_children)
  if (element.converted_type) w.i32(6, CONVERTED_ID[element.converted_type])
  const logical = element.logical_type
  if (logical) {
    w.struct(10)
    switch (logical.type) {
      case 'STRING':
        w.emptyStruct(1)
        break
      case 'LIST':
        w.emptyStruct(3)
        break
      case 'DATE':
        w.emptyStruct(6)
        break
      case 'TIMESTAMP':
        w.struct(8)
        w.bool(1, logical.isAdjustedToUTC)
        w.struct(2)
        w.emptyStruct(1) // MILLIS
        w.end()
        w.end()
        break
      case 'JSON':
        w.emptyStruct(12)
        break
    }
    w.end()
  }
  w.end()
}

function writeRowGroup(w: CompactWriter, group: RowGroupMeta): void {
  w.element()
  w.list(1, CompactType.STRUCT, group.columns.length)
  let uncompressed = 0
  let compressed = 0
  for (const column of group.columns) {
    uncompressed += column.totalUncompressedSize
    compressed += column.totalCompressedSize
    writeColumnChunk(w, column)
  }
  w.i64(2, uncompressed)
  w.i64(3, group.numRows)
  w.i64(5, group.fileOffset)
  w.i64(6, compressed)
  w.end()
}

function writeColumnChunk(w: CompactWriter, column: ColumnChunkMeta): void {
  w.element()
  w.i64(2, column.fileOffset)
  w.struct(3)
  w.i32(1, column.leaf.physicalType)
  w.list(2, CompactType.I32, column.encodings.length)
  for (const encoding of column.encodings) w.itemI32(encoding)
  w.list(3, CompactType.BINARY, column.leaf.path.length)
  for (const part of column.leaf.path) w.itemString(part)
  w.i32(4, column.codec)
  w.i64(5, column.numValues)
  w.i64(6, column.totalUncompressedSize)
  w.i64(7, column.totalCompressedSize)
  w.i64(9, column.dataPageOffset)
  if (column.dictionaryPageOffset !== undefined) w.i64(11, column.dictionaryPageOffset)
  const statistics = column.statistics
  if (statistics && (statistics.nullCount !== undefined || statistics.min)) {
    w.struct(12)
    if (statistics.legacy && statistics.max && statistics.min) {
      w.binary(1, statistics.max)
      w.binary(2, statistics.min)
    }
    if (statistics.nullCount !== undefined) w.i64(3, statistics.nullCount)
    if (statistics.max && statistics.min) {
      w.binary(5, statistics.max)
      w.binary(6, statistics.min)
    }
    w.end()
  }
  w.end()
  w.end()
}

import { type AwsCloudTrailLogRow, parquetSchema, TABLE_NAME } from '@cairn/schema'
import { ByteSink } from './byte-sink.js'
import { type Compression, compression as makeCompression } from './compression.js'
import { type RowGroupMeta, writeFooter } from './footer.js'
import { LeafEncoder } from './leaf-encoder.js'
import { RowColumns } from './row-columns.js'

export interface ParquetEncodeOptions {
  /** Codec and page compressor; by default `compression()` (GZIP level 1, Node's zlib where there is one). */
  compression?: Compression
  /** Rows per row group (100,000). */
  rowGroupSize?: number
  /** Uncompressed bytes of PLAIN values after which a data page is cut (1 MiB). */
  pageSize?: number
}

const MAGIC = 0x31524150 // "PAR1"
const DEFAULT_ROW_GROUP_SIZE = 100_000
const DEFAULT_PAGE_SIZE = 1 << 20

let defaultCompression: Compression | undefined
/** Buffers reused by every call (encoding is synchronous, so one set per thread suffices). */
let scratch: { out: ByteSink; encoders: Map<number, LeafEncoder> } | undefined

/**
 * Encodes `aws_cloudtrail_log` rows as one Parquet file of Cairn's fixed schema: rows sorted by event time, row
 * groups of up to 100k rows, data page v1, RLE_DICTIONARY for repetitive text (PLAIN once it turns out mostly
 * distinct), PLAIN for ids, times and booleans, min/max statistics for times, booleans and short dictionary text,
 * and the `cairn.table` key-value metadata.
 */
export function encodeCloudTrailParquet(rows: readonly AwsCloudTrailLogRow[], options: ParquetEncodeOptions = {}): Uint8Array {
  const columns = new RowColumns()
  for (const row of rows) columns.append(row)
  return encodeRowColumns(columns, options)
}

/** Encodes rows buffered column by column (see `RowColumns`) as one Parquet file, as `encodeCloudTrailParquet`. */
export function encodeRowColumns(rows: RowColumns, options: ParquetEncodeOptions = {}): Uint8Array {
  defaultCompression ??= makeCompression()
  const compression = options.compression ?? defaultCompression
  const rowGroupSize = Math.max(1, options.rowGroupSize ?? DEFAULT_ROW_GROUP_SIZE)
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE
  scratch ??= { out: new ByteSink(1 << 20), encoders: new Map() }
  const out = scratch.out
  let encoder = scratch.encoders.get(pageSize)
  if (!encoder) {
    encoder = new LeafEncoder(out, pageSize)
    scratch.encoders.set(pageSize, encoder)
  }
  const order = rows.order()
  out.reset()
  out.u32(MAGIC)
  const rowGroups: RowGroupMeta[] = []
  for (let start = 0; start < order.length; start += rowGroupSize) {
    const end = Math.min(order.length, start + rowGroupSize)
    const fileOffset = out.length
    const columns = rows.columns.map((column) => encoder.encode(column, order, start, end, compression))
    rowGroups.push({ columns, numRows: end - start, fileOffset })
  }
  writeFooter(out, {
    schema: parquetSchema(),
    rowGroups,
    keyValueMetadata: [{ key: 'cairn.table', value: TABLE_NAME }],
    createdBy: 'cairn',
  })
  return out.copy()
}

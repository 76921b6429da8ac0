import { type AwsCloudTrailLogRow, parquetSchema, TABLE_NAME } from '@cairn/schema'
import { ByteSink } from './byte-sink.js'
import { type Compression, compression as makeCompression } from './compression.js'
import { type RowGroupMeta, writeFooter } from './footer.js'
import { type LeafColumn, leafColumns } from './layout.js'
import { LeafEncoder } from './leaf-encoder.js'

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

let leaves: LeafColumn[] | undefined
let defaultCompression: Compression | undefined
/** Buffers reused by every call (encoding is synchronous, so one set per thread suffices). */
let scratch: { out: ByteSink; encoders: Map<number, LeafEncoder> } | undefined

function sortedByEventTime(rows: readonly AwsCloudTrailLogRow[]): readonly AwsCloudTrailLogRow[] {
  for (let i = 1; i < rows.length; i++) {
    if (rows[i]!.event_time < rows[i - 1]!.event_time) return [...rows].sort((a, b) => a.event_time - b.event_time)
  }
  return rows
}

/**
 * Encodes `aws_cloudtrail_log` rows as one Parquet file of Cairn's fixed schema: rows sorted by event time, row
 * groups of up to 100k rows, data page v1, RLE_DICTIONARY for repetitive text (PLAIN once it turns out mostly
 * distinct), PLAIN for ids, times and booleans, min/max statistics for times, booleans and short dictionary text,
 * and the `cairn.table` key-value metadata.
 */
export function encodeCloudTrailParquet(rows: readonly AwsCloudTrailLogRow[], options: ParquetEncodeOptions = {}): Uint8Array {
  leaves ??= leafColumns()
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
  const sorted = sortedByEventTime(rows) as unknown as readonly Record<string, unknown>[]
  out.reset()
  out.u32(MAGIC)
  const rowGroups: RowGroupMeta[] = []
  for (let start = 0; start < sorted.length; start += rowGroupSize) {
    const end = Math.min(sorted.length, start + rowGroupSize)
    const fileOffset = out.length
    const columns = leaves.map((leaf) => encoder.encode(sorted, start, end, leaf, compression))
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

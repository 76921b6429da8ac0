import { type AwsCloudTrailLogRow, storedColumns } from '@cairn/schema'
import { type Compressors, parquetMetadata, parquetRead } from 'hyparquet'
import { pageDecompressors } from '../parquet/compression.js'
import { encodeCloudTrailParquet, encodeRowColumns, type ParquetEncodeOptions } from '../parquet/encode-parquet.js'
import type { OpenedParquet } from './open-lake-parquet.js'

const identity = <T>(v: T) => v

/** Cells come back raw: text as UTF-8 bytes (copied straight into Arrow), timestamps as epoch ms, dates as days. */
const RAW_PARSERS = {
  stringFromBytes: identity,
  jsonFromBytes: identity,
  timestampFromMilliseconds: (v: bigint) => Number(v),
  timestampFromMicroseconds: (v: bigint) => Number(v / 1000n),
  timestampFromNanoseconds: (v: bigint) => Number(v / 1_000_000n),
  dateFromDays: identity,
}

let decompressors: Compressors | undefined

/**
 * Encodes rows (sorted by event time for tight row-group statistics) as one Parquet file, with Cairn's own encoder
 * of its fixed schema (see ../parquet/encode-parquet.ts). By default GZIP level 1 pages: Node's native zlib where
 * the runtime is Node, fflate elsewhere; `options.compression` picks another codec (`compression()` from
 * ../parquet/compression.ts).
 */
export function encodeParquet(rows: readonly AwsCloudTrailLogRow[], options?: ParquetEncodeOptions): Uint8Array {
  return encodeCloudTrailParquet(rows, options)
}

export { encodeRowColumns }

export interface DecodedColumns {
  rows: number
  columns: Map<string, unknown[]>
}

/**
 * Decodes the named columns of a Parquet file (columns the file lacks are absent from the result): its bytes, or a
 * file opened by `openLakeParquet` (over ranged reads only these columns' chunks are fetched).
 */
export async function decodeParquet(source: ArrayBuffer | OpenedParquet, columns: readonly string[]): Promise<DecodedColumns> {
  const { file, metadata } = source instanceof ArrayBuffer ? { file: source, metadata: parquetMetadata(source) } : source
  const present = new Set(metadata.schema.map((s) => s.name))
  const wanted = columns.filter((c) => present.has(c))
  const rows = Number(metadata.num_rows)
  const out = new Map<string, unknown[]>(wanted.map((c) => [c, new Array(rows)]))
  if (wanted.length > 0 && rows > 0) {
    await parquetRead({
      file,
      metadata,
      columns: wanted,
      parsers: RAW_PARSERS as never,
      // GZIP (and BROTLI/ZSTD where Node's zlib has them); SNAPPY files of earlier versions hyparquet reads itself.
      compressors: pageDecompressorsOnce(),
      onChunk: ({ columnName, columnData, rowStart }) => {
        const target = out.get(columnName)
        if (!target) return
        for (let i = 0; i < columnData.length; i++) target[rowStart + i] = columnData[i]
      },
    })
  }
  return { rows, columns: out }
}

const textDecoder = new TextDecoder()

/** Decodes whole rows of a Cairn Parquet file back into the row shape, for merging files. */
export async function decodeParquetRows(file: ArrayBuffer): Promise<AwsCloudTrailLogRow[]> {
  const names = storedColumns.map((c) => c.name)
  const { rows, columns } = await decodeParquet(file, names)
  const out: AwsCloudTrailLogRow[] = new Array(rows)
  const text = (v: unknown) => (v instanceof Uint8Array ? textDecoder.decode(v) : (v ?? null))
  for (let i = 0; i < rows; i++) {
    const row: Record<string, unknown> = {}
    for (const column of storedColumns) {
      const v = columns.get(column.name)?.[i]
      if (column.type === 'varchar' || column.type === 'json') row[column.name] = text(v)
      else if (column.type === 'varchar[]') row[column.name] = Array.isArray(v) ? v.map(text) : null
      else row[column.name] = v ?? null
    }
    out[i] = row as unknown as AwsCloudTrailLogRow
  }
  return out
}

function pageDecompressorsOnce(): ReturnType<typeof pageDecompressors> {
  decompressors ??= pageDecompressors()
  return decompressors
}

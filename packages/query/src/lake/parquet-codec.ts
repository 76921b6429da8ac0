import { type AwsCloudTrailLogRow, parquetSchema, storedColumns } from '@cairn/schema'
import { parquetMetadata, parquetRead, type SchemaElement } from 'hyparquet'
import { ByteWriter, ParquetWriter } from 'hyparquet-writer'

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

const UNIQUE_COLUMNS = new Set(['event_id', 'tp_id', 'request_id'])

/** Encodes rows (sorted by event time for tight row-group statistics) as one Parquet file. */
export function encodeParquet(rows: readonly AwsCloudTrailLogRow[]): Uint8Array {
  const sorted = [...rows].sort((a, b) => a.event_time - b.event_time)
  const columnData = storedColumns.map((column) => {
    const name = column.name as keyof AwsCloudTrailLogRow
    const data =
      column.type === 'timestamp'
        ? sorted.map((r) => (r[name] == null ? null : BigInt(r[name] as number)))
        : sorted.map((r) => r[name] ?? null)
    // Min/max statistics and dictionaries pay off on short, repetitive columns (names, regions, accounts, time);
    // on JSON documents and unique ids they cost a third of the write time and prune nothing.
    const unique = UNIQUE_COLUMNS.has(column.name)
    const bulky = column.type === 'json' || column.type === 'varchar[]'
    return {
      name: column.name,
      data,
      statistics: !(bulky || unique),
      ...(unique ? { encoding: 'PLAIN' as const } : {}),
    }
  })
  // hyparquet-writer JSON.stringify()s the values of a column whose converted type is JSON; Cairn's values are
  // JSON text already, so those columns are encoded as UTF8 and labelled JSON in the footer, written last.
  const schema = parquetSchema() as SchemaElement[]
  const jsonElements = schema.filter((e) => e.converted_type === 'JSON')
  for (const element of jsonElements) element.converted_type = 'UTF8'
  const writer = new ByteWriter()
  const parquet = new ParquetWriter({
    writer,
    schema,
    createdBy: 'cairn',
    kvMetadata: [{ key: 'cairn.table', value: 'aws_cloudtrail_log' }],
  })
  parquet.write({ columnData, rowGroupSize: 100_000 })
  for (const element of jsonElements) element.converted_type = 'JSON'
  parquet.finish()
  return new Uint8Array(writer.getBuffer())
}

export interface DecodedColumns {
  rows: number
  columns: Map<string, unknown[]>
}

/** Decodes the named columns of a Parquet file (columns the file lacks are absent from the result). */
export async function decodeParquet(file: ArrayBuffer, columns: readonly string[]): Promise<DecodedColumns> {
  const metadata = parquetMetadata(file)
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

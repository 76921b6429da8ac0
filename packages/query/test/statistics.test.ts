import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DuckDBInstance } from '@duckdb/node-api'
import { readCloudTrail } from '@cairn/normalizer'
import type { AwsCloudTrailLogRow } from '@cairn/schema'
import { parquetMetadata } from 'hyparquet'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeParquetRows, encodeParquet } from '../src/index.js'

const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/cloudtrail/invictus-aws-dataset/CloudTrail/', import.meta.url))

async function fixtureRows(): Promise<AwsCloudTrailLogRow[]> {
  const rows: AwsCloudTrailLogRow[] = []
  const context = { partition: 'test', sourceType: 'file' as const, sourceName: 'fixtures', ingestTime: Date.UTC(2026, 0, 2) }
  for (const name of readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort()) {
    const path = join(FIXTURES, name)
    for await (const item of readCloudTrail({ location: path, chunks: [readFileSync(path)] }, context)) {
      if (item.kind === 'row') rows.push(item.row)
    }
  }
  return rows
}

function comparable(value: unknown): string | number | boolean {
  if (value instanceof Date) return value.getTime()
  if (typeof value === 'bigint') return Number(value)
  return value as string | number | boolean
}

// Readers (native DuckDB, Trino, Spark, Athena) skip row groups on these min/max values, so a wrong one loses rows.
describe('Parquet column statistics', () => {
  let rows: AwsCloudTrailLogRow[]
  let bytes: Uint8Array
  let dir: string
  beforeAll(async () => {
    rows = await fixtureRows()
    bytes = encodeParquet(rows)
    dir = await mkdtemp(join(tmpdir(), 'cairn-statistics-'))
    await writeFile(join(dir, 'data.parquet'), bytes)
  })
  afterAll(async () => rm(dir, { recursive: true, force: true }))

  it("hold each row group's real minimum and maximum", async () => {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
    const metadata = parquetMetadata(buffer)
    const decoded = (await decodeParquetRows(buffer)) as unknown as Record<string, unknown>[]
    let checked = 0
    let offset = 0
    for (const group of metadata.row_groups) {
      const groupRows = decoded.slice(offset, offset + Number(group.num_rows))
      offset += Number(group.num_rows)
      for (const chunk of group.columns) {
        const statistics = chunk.meta_data?.statistics
        const name = chunk.meta_data?.path_in_schema[0]
        if (!statistics || statistics.min_value === undefined || !name || chunk.meta_data!.path_in_schema.length > 1) continue
        const values = groupRows.map((r) => r[name]).filter((v) => v != null).map(comparable)
        const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
        expect({ column: name, min: comparable(statistics.min_value), max: comparable(statistics.max_value) }).toEqual({
          column: name,
          min: sorted[0],
          max: sorted.at(-1),
        })
        checked++
      }
    }
    expect(checked).toBeGreaterThan(10)
  })

  it('let native DuckDB prune row groups without losing rows', async () => {
    const instance = await DuckDBInstance.create(':memory:')
    const connection = await instance.connect()
    const source = `read_parquet('${join(dir, 'data.parquet')}')`
    const count = async (where: string) => {
      const result = await connection.runAndReadAll(`select count(*)::integer as n from ${source} where ${where}`)
      return result.getRowObjects()[0]!.n
    }
    const deletes = rows.filter((r) => r.event_name?.startsWith('Delete')).length
    const latest = Math.max(...rows.map((r) => r.event_time))
    expect(deletes).toBeGreaterThan(0)
    expect(await count(`event_name like 'Delete%'`)).toBe(deletes)
    expect(await count(`event_time >= make_timestamp(${latest * 1000})`)).toBe(rows.filter((r) => r.event_time >= latest).length)
    connection.closeSync()
  })
})

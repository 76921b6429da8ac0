import { readdirSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type DuckDBConnection, DuckDBInstance, DuckDBTimestampValue } from '@duckdb/node-api'
import { openLocalLake } from '@cairn/query/node'
import { columns, duckdbType } from '@cairn/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCairn as cairn } from './support/run-cairn.js'
import { canonical } from './support/seed-expectations.js'

const shared = fileURLToPath(new URL('../../../../shared/', import.meta.url))
const fixtures = join(shared, 'fixtures', 'cloudtrail')
const seedDir = join(shared, 'seed-queries')
const seedFiles = readdirSync(seedDir).filter((f) => f.endsWith('.sql')).sort()
/** A partition name whose folder is %-escaped and which needs escaping in a SQL literal. */
const ODD_PARTITION = "it's/odd"

/** A native DuckDB value as `cairn query --output json` prints it (timestamps as ISO-8601 UTC). */
function jsonValue(value: unknown): unknown {
  if (value instanceof DuckDBTimestampValue) return new Date(Number(value.micros / 1000n)).toISOString()
  if (typeof value === 'bigint') return Number(value)
  return value
}

async function duckdbRows(connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  const result = await connection.runAndReadAll(sql)
  return result.getRowObjects().map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, jsonValue(v)])))
}

// Native DuckDB (parquet and json extensions linked in) stands for the engine a lake is taken to when it outgrows
// duckdb-wasm: the printed DDL must make the files read there answer exactly what `cairn query` answers.
describe('cairn schema --dialect duckdb', () => {
  let dir: string
  let dataDir: string
  let instance: DuckDBInstance
  let connection: DuckDBConnection
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-schema-'))
    dataDir = join(dir, 'data')
    // exit 2: the fixtures hold some deliberately broken records, which collect lists and skips
    const all = await cairn(['collect', '--path', fixtures, '--partition', 'fixtures', '--data-dir', dataDir])
    expect([0, 2], all.stderr).toContain(all.code)
    const odd = await cairn(['collect', '--path', join(fixtures, 'stratus-red-team'), '--partition', ODD_PARTITION, '--data-dir', dataDir])
    expect([0, 2], odd.stderr).toContain(odd.code)
    instance = await DuckDBInstance.create(':memory:')
    connection = await instance.connect()
    const ddl = await cairn(['schema', '--dialect', 'duckdb', '--data-dir', dataDir])
    expect(ddl.code, ddl.stderr).toBe(0)
    await connection.run(ddl.stdout)
  })
  afterAll(async () => {
    connection?.closeSync()
    await rm(dir, { recursive: true, force: true })
  })

  it('defines aws_cloudtrail_log with the table’s columns, in order, with its DuckDB types', async () => {
    const described = await duckdbRows(connection, 'select column_name, column_type from (describe aws_cloudtrail_log)')
    expect(described).toEqual(columns.map((c) => ({ column_name: c.name, column_type: duckdbType(c) })))
  })

  it('sees every row and partition that cairn query sees', async () => {
    const sql = `select tp_partition, tp_index, tp_date::varchar as tp_date, count(*) as n, min(event_time) as first, max(tp_ingest_timestamp) as ingested
      from aws_cloudtrail_log group by all`
    const run = await cairn(['query', '--data-dir', dataDir, '--output', 'json', sql])
    expect(run.code, run.stderr).toBe(0)
    const expected = JSON.parse(run.stdout) as Record<string, unknown>[]
    expect(expected.map((r) => r.tp_partition)).toContain(ODD_PARTITION)
    expect(canonical(await duckdbRows(connection, sql))).toEqual(canonical(expected))
  })

  it("answers a seed query verbatim with exactly cairn query's rows", async () => {
    // 05 filters on event_name like 'Delete%', which DuckDB answers from row-group statistics when it can
    const path = join(seedDir, '05-list-resource-deletions.sql')
    const run = await cairn(['query', '--data-dir', dataDir, '--output', 'json', path])
    expect(run.code, run.stderr).toBe(0)
    const expected = JSON.parse(run.stdout) as Record<string, unknown>[]
    expect(expected.length).toBeGreaterThan(100)
    expect(canonical(await duckdbRows(connection, await readFile(path, 'utf8')))).toEqual(canonical(expected))
  })

  it('answers every seed query verbatim as the query engine of cairn query does', async () => {
    const lake = await openLocalLake(dataDir)
    let nonEmpty = 0
    for (const file of seedFiles) {
      const sql = await readFile(join(seedDir, file), 'utf8')
      const { rows } = await lake.query(sql)
      expect(canonical(await duckdbRows(connection, sql)), file).toEqual(canonical(rows))
      if (rows.length > 0) nonEmpty++
    }
    // the fixtures are years old (01 looks at the last 7 days) and hold no call from 192.0.2.1
    expect(nonEmpty).toBeGreaterThanOrEqual(7)
  }, 120_000)
})

describe('cairn schema', () => {
  let dataDir: string
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cairn-schema-athena-'))
    const run = await cairn(['collect', '--path', join(fixtures, 'lookup-events-format'), '--partition', 'org', '--data-dir', dataDir])
    expect(run.code, run.stderr).toBe(0)
  })
  afterAll(async () => rm(dataDir, { recursive: true, force: true }))

  it('projects for Athena the partitions, accounts and first day the local lake holds, and says so', async () => {
    const days = await cairn(['query', '--data-dir', dataDir, '--output', 'json', 'select distinct tp_index, tp_date::varchar as d from aws_cloudtrail_log'])
    const held = JSON.parse(days.stdout) as { tp_index: string; d: string }[]
    const run = await cairn(['schema', '--dialect', 'athena', '--location', 's3://org-lake/cairn', '--data-dir', dataDir])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain("LOCATION 's3://org-lake/cairn/aws_cloudtrail_log/'")
    expect(run.stdout).toContain("'projection.tp_partition.values' = 'org'")
    expect(run.stdout).toContain(`'projection.tp_index.values' = '${[...new Set(held.map((r) => r.tp_index))].sort().join(',')}'`)
    expect(run.stdout).toContain(`'projection.tp_date.range' = '${held.map((r) => r.d).sort()[0]},NOW'`)
    expect(run.stderr).toMatch(/^cairn schema: projection read off .*: tp_date from \d{4}-\d{2}-\d{2}, 1 partition\(s\)/)
  })

  it('takes --from, --partition and --index over what the lake holds', async () => {
    const run = await cairn(['schema', '--dialect', 'athena', '--location', 's3://b/p', '--data-dir', dataDir, '--from', '2024-02-01', '--partition', 'prod', '--index', '111122223333'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain("'projection.tp_partition.values' = 'prod'")
    expect(run.stdout).toContain("'projection.tp_index.values' = '111122223333'")
    expect(run.stdout).toContain("'projection.tp_date.range' = '2024-02-01,NOW'")
    expect(run.stderr).toBe('')
  })

  it('refuses an unknown dialect, listing the valid ones, and Athena without S3', async () => {
    const unknown = await cairn(['schema', '--dialect', 'oracle', '--data-dir', dataDir])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain("argument 'oracle' is invalid. Allowed choices are athena, trino, spark, duckdb.")
    const local = await cairn(['schema', '--dialect', 'athena', '--data-dir', dataDir])
    expect(local.code).toBe(1)
    expect(local.stderr).toMatch(/^cairn: Athena reads from Amazon S3: give --location s3:\/\/bucket\/prefix/)
    expect(local.stdout).toBe('')
  })

  it('prints Trino and Spark DDL for the data dir, as file URIs', async () => {
    const trino = await cairn(['schema', '--dialect', 'trino', '--data-dir', dataDir, '--database', 'security'])
    expect(trino.code, trino.stderr).toBe(0)
    expect(trino.stdout).toContain(`external_location = 'file://${dataDir}/aws_cloudtrail_log'`)
    expect(trino.stdout).toContain("CALL system.sync_partition_metadata(schema_name => 'security'")
    const spark = await cairn(['schema', '--dialect', 'spark', '--data-dir', dataDir, '--table', 'trail'])
    expect(spark.code, spark.stderr).toBe(0)
    expect(spark.stdout).toContain('MSCK REPAIR TABLE `trail`;')
  })
})

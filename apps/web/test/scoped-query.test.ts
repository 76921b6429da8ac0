import { readdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { QueryEngine, toQueryResult } from '@cairn/query'
import { BrowserLake } from '@cairn/query/browser'
import { createNodeBindings } from '@cairn/query/node'
import { tableFromIPC } from 'apache-arrow'
import { beforeAll, describe, expect, it } from 'vitest'
import { queryInScope } from '../src/engine/scoped-query.js'
import type { Filter } from '../src/filters/filters.js'

const fixtures = fileURLToPath(new URL('../../../../shared/fixtures/cloudtrail/stratus-red-team', import.meta.url))
const rowsOf = (answer: { ipc: Uint8Array }) => toQueryResult(tableFromIPC(answer.ipc)).rows

/** The browser's engine on Node's duckdb-wasm bindings, with the Stratus Red Team detonation logs opened raw. */
async function openFixtures(): Promise<BrowserLake> {
  const lake = new BrowserLake(new QueryEngine(await createNodeBindings()))
  const files = readdirSync(fixtures, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.json'))
  const picked = await Promise.all(
    files.map(async (e) => ({ path: relative(fixtures, join(e.parentPath, e.name)), file: new Blob([await readFile(join(e.parentPath, e.name))]) })),
  )
  const summary = await lake.open(picked)
  expect(summary.rows).toBeGreaterThan(100)
  return lake
}

describe('queries in scope (the engine worker) on real CloudTrail', () => {
  let engine: BrowserLake

  beforeAll(async () => {
    engine = await openFixtures()
  }, 60_000)

  it('narrows aws_cloudtrail_log for any SQL naming it: plain, CTE, subquery, self-join', async () => {
    const [busiest] = rowsOf(await queryInScope(engine, 'select event_name, count(*) as n from aws_cloudtrail_log group by 1 order by 2 desc, 1 limit 1', {}))
    const name = String(busiest!.event_name)
    const total = Number(rowsOf(await queryInScope(engine, 'select count(*) as n from aws_cloudtrail_log', {}))[0]!.n)
    const scope = { filters: [{ field: 'event_name', value: name }] satisfies Filter[] }
    const count = async (sql: string) => Number(rowsOf(await queryInScope(engine, sql, scope))[0]!.n)
    expect(await count('select count(*) as n from aws_cloudtrail_log')).toBe(busiest!.n)
    expect(await count('with e as (select * from aws_cloudtrail_log) select count(*) as n from e')).toBe(busiest!.n)
    expect(await count('select count(*) as n from (select event_id from aws_cloudtrail_log where event_id is not null)')).toBe(busiest!.n)
    expect(await count('select count(*) as n from aws_cloudtrail_log a join aws_cloudtrail_log b using (event_id)')).toBe(busiest!.n)
    const names = rowsOf(await queryInScope(engine, 'select distinct event_name from aws_cloudtrail_log', scope))
    expect(names).toEqual([{ event_name: name }])
    // the filter lasts for its statement only: the table is whole again afterwards
    expect(Number(rowsOf(await queryInScope(engine, 'select count(*) as n from aws_cloudtrail_log', {}))[0]!.n)).toBe(total)
    expect(total).toBeGreaterThan(Number(busiest!.n))
  }, 60_000)

  it('loads the columns a filter reads even when the SQL does not name them', async () => {
    const [ip] = rowsOf(await queryInScope(engine, 'select source_ip_address as v from aws_cloudtrail_log where source_ip_address is not null limit 1', {}))
    const expected = rowsOf(await queryInScope(engine, `select count(*) as n from aws_cloudtrail_log where source_ip_address = '${ip!.v}'`, {}))
    // a fresh lake: nothing loaded yet, and the SQL itself reads no column at all
    const fresh = await openFixtures()
    const scope = { filters: [{ field: 'source_ip_address', value: String(ip!.v) }] satisfies Filter[] }
    expect(rowsOf(await queryInScope(fresh, 'select count(*) as n from aws_cloudtrail_log', scope))).toEqual(expected)
  }, 60_000)

  it('matches a value with quotes in it literally, and a failed query leaves no filter behind', async () => {
    const scope = { filters: [{ field: 'user_arn', value: "x' or '1'='1" }] satisfies Filter[] }
    expect(rowsOf(await queryInScope(engine, 'select count(*) as n from aws_cloudtrail_log', scope))).toEqual([{ n: 0 }])
    await expect(queryInScope(engine, 'select no_such_column from aws_cloudtrail_log', scope)).rejects.toThrow(/no_such_column/)
    expect(Number(rowsOf(await queryInScope(engine, 'select count(*) as n from aws_cloudtrail_log', {}))[0]!.n)).toBeGreaterThan(0)
  }, 60_000)

  it('cuts the time window and filters together', async () => {
    const days = rowsOf(await queryInScope(engine, "select strftime(date_trunc('day', event_time), '%Y-%m-%d') as day, count(*) as n from aws_cloudtrail_log group by 1 order by 1", {}))
    const day = String(days[0]!.day)
    const from = `${day}T00:00:00Z`
    const to = new Date(Date.parse(from) + 86_400_000).toISOString()
    const inDay = rowsOf(await queryInScope(engine, 'select count(*) as n from aws_cloudtrail_log', { from, to }))
    expect(inDay).toEqual([{ n: days[0]!.n }])
    const [name] = rowsOf(await queryInScope(engine, 'select event_name from aws_cloudtrail_log order by event_time limit 1', {}))
    const filters: Filter[] = [{ field: 'event_name', value: String(name!.event_name) }]
    const both = rowsOf(await queryInScope(engine, 'select count(*) as n from aws_cloudtrail_log', { from, to, filters }))
    const expected = rowsOf(await queryInScope(engine, `select count(*) as n from aws_cloudtrail_log where event_name = '${name!.event_name}'`, { from, to }))
    expect(both).toEqual(expected)
    expect(Number(both[0]!.n)).toBeGreaterThan(0)
  }, 60_000)
})

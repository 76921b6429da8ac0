import { readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { EventIdSet, readCloudTrail } from '@cairn/normalizer'
import type { AwsCloudTrailLogRow } from '@cairn/schema'
import { tableFromIPC } from 'apache-arrow'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BrowserLake, type PickedFile } from '../src/browser/browser-lake.js'
import { QueryEngine } from '../src/engine/query-engine.js'
import { encodeParquet, LakeWriter, toQueryResult } from '../src/index.js'
import { createNodeBindings, FsLakeStore, openLocalLake } from '../src/node.js'

const shared = fileURLToPath(new URL('../../../../shared/', import.meta.url))
const fixtures = join(shared, 'fixtures', 'cloudtrail')
const seedDir = join(shared, 'seed-queries')
const seeds = readdirSync(seedDir).filter((f) => f.endsWith('.sql')).sort()

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort()
}

async function picked(root: string, files: string[], prefix: string): Promise<PickedFile[]> {
  return Promise.all(files.map(async (f) => ({ path: `${prefix}/${relative(root, f)}`, file: new Blob([await readFile(f)]) })))
}

const canonical = (rows: Record<string, unknown>[]) => rows.map((r) => JSON.stringify(r)).sort()

// BrowserLake is the browser's engine; its engine is any blocking duckdb-wasm bindings, so Node's serve here.
const browserLake = async () => new BrowserLake(new QueryEngine(await createNodeBindings()))

describe('BrowserLake (the engine of apps/web) on real CloudTrail', () => {
  let dir: string
  let rows: AwsCloudTrailLogRow[]
  const rawFiles = filesUnder(fixtures)

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-browser-lake-'))
    // the lake as `cairn collect` would write it, from the same normalizer
    const deduplicator = new EventIdSet()
    rows = []
    for (const file of rawFiles) {
      const input = { location: file, chunks: [readFileSync(file)] }
      for await (const item of readCloudTrail(input, { partition: 'browser', sourceType: 'file' }, { deduplicator })) {
        if (item.kind === 'row') rows.push(item.row)
      }
    }
    const writer = new LakeWriter(new FsLakeStore(dir))
    await writer.write(rows)
    await writer.close()
  }, 60_000)
  afterAll(async () => rm(dir, { recursive: true, force: true }))

  it('normalizes raw files, names each rejected one, and answers every seed query as the Node lake does', async () => {
    const fromRaw = await browserLake()
    const summary = await fromRaw.open(await picked(fixtures, rawFiles, 'cloudtrail'))
    expect(summary.rows).toBe(rows.length)
    expect(summary.rawFiles).toBe(rawFiles.length)
    const license = summary.rejected.find((r) => r.location.endsWith('/LICENSE'))
    expect(license?.reason).toBe('not-cloudtrail')

    const lakeFiles = filesUnder(dir)
    const fromLake = await browserLake()
    const lakeSummary = await fromLake.open([
      ...(await picked(dir, lakeFiles, 'data')),
      { path: 'data/state/browser/file-1.jsonl', file: new Blob(['{"not":"an event"}\n']) },
    ])
    expect(lakeSummary).toMatchObject({ lakeFiles: lakeFiles.length, skippedFiles: 1, rejected: [] })

    // one load for the whole library: no query after it loads anything more
    const sqls = seeds.map((seed) => readFileSync(join(seedDir, seed), 'utf8'))
    const prepared = await fromLake.prepare(sqls)
    for (const sql of sqls) expect((await fromLake.query(sql)).load).toBe(prepared)

    const node = await openLocalLake(dir)
    for (const seed of seeds) {
      const sql = readFileSync(join(seedDir, seed), 'utf8')
      const expected = canonical((await node.query(sql)).rows)
      expect(canonical((await fromRaw.query(sql)).rows), `${seed} from raw files`).toEqual(expected)
      expect(canonical((await fromLake.query(sql)).rows), `${seed} from the lake's files`).toEqual(expected)
    }
  }, 60_000)

  it('takes loose Parquet files whole, and the time filter cuts raw rows too', async () => {
    const lake = await browserLake()
    const summary = await lake.open([{ path: 'export.parquet', file: new Blob([encodeParquet(rows) as Uint8Array<ArrayBuffer>]) }])
    expect(summary).toMatchObject({ looseParquetFiles: 1, rows: rows.length })
    const all = await lake.query('select count(*) as n from aws_cloudtrail_log')
    expect(all.rows[0]!.n).toBe(rows.length)
    const times = rows.map((r) => r.event_time).sort((a, b) => a - b)
    const from = new Date(times[Math.floor(times.length / 2)]!)
    const some = await lake.query('select count(*) as n from aws_cloudtrail_log', { from })
    expect(some.rows[0]!.n).toBe(times.filter((t) => t >= from.getTime()).length)
  }, 60_000)

  it('hands a result over as Arrow IPC bytes that decode to the same rows (what the web worker transfers)', async () => {
    const lake = await browserLake()
    await lake.open([{ path: 'export.parquet', file: new Blob([encodeParquet(rows) as Uint8Array<ArrayBuffer>]) }])
    const sql = "select event_time, event_name, user_identity->>'type' as type, tp_akas, current_date as today from aws_cloudtrail_log order by event_time, event_id"
    const expected = await lake.query(sql)
    const bytes = lake.engine.runIpc(sql)
    expect(bytes.byteOffset).toBe(0)
    expect(bytes.byteLength).toBe(bytes.buffer.byteLength) // a buffer of its own: transferable
    expect(toQueryResult(tableFromIPC(bytes))).toEqual({ columns: expected.columns, rows: expected.rows })
    expect(expected.rows.length).toBe(rows.length)
  }, 60_000)
})

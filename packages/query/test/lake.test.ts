import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AwsCloudTrailLogRow } from '@cairn/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deleteLakeRows, LakeWriter, listLakeFiles } from '../src/index.js'
import { FsLakeStore, openLocalLake } from '../src/node.js'

function row(i: number, overrides: Partial<AwsCloudTrailLogRow> = {}): AwsCloudTrailLogRow {
  const t = Date.UTC(2025, 0, 1) + i * 3_600_000
  const empty = {} as Record<string, null>
  return {
    ...(empty as unknown as AwsCloudTrailLogRow),
    event_time: t,
    tp_timestamp: t,
    tp_ingest_timestamp: t,
    tp_date: new Date(t).toISOString().slice(0, 10),
    event_id: `event-${i}`,
    tp_id: `id-${i}`,
    event_name: i % 2 ? 'DeleteBucket' : 'PutUserPolicy',
    event_source: i % 2 ? 's3.amazonaws.com' : 'iam.amazonaws.com',
    user_identity: JSON.stringify({ type: i % 10 === 0 ? 'Root' : 'IAMUser', userName: `user${i % 3}` }),
    user_type: i % 10 === 0 ? 'Root' : 'IAMUser',
    user_name: `user${i % 3}`,
    request_parameters: JSON.stringify({ policyName: `p${i}`, policyDocument: { Statement: [] } }),
    resources: JSON.stringify([{ ARN: `arn:aws:s3:::b${i}`, type: 'AWS::S3::Bucket', resourceType: 'AWS::S3::Bucket', resourceName: `arn:aws:s3:::b${i}` }]),
    management_event: true,
    read_only: false,
    tp_ips: ['192.0.2.1'],
    tp_akas: null,
    tp_usernames: [`user${i % 3}`],
    tp_table: 'aws_cloudtrail_log',
    tp_source_type: 'file',
    tp_partition: 'p1',
    tp_index: i % 2 ? '111111111111' : '222222222222',
    ...overrides,
  }
}

describe('lake', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-lake-'))
  })
  afterAll(async () => rm(dir, { recursive: true, force: true }))

  it('writes hive-partitioned files, drops duplicates, merges small files', async () => {
    const store = new FsLakeStore(dir)
    const writer = new LakeWriter(store, { rowsPerFile: 5, maxFilesPerDay: 2 })
    const rows = Array.from({ length: 96 }, (_, i) => row(i))
    await writer.write(rows)
    await writer.write(rows.slice(0, 10))
    const summary = await writer.close()
    expect(summary.rowsWritten).toBe(96)
    expect(summary.duplicates).toBe(10)
    expect(summary.filesMerged).toBeGreaterThan(0)
    const files = await listLakeFiles(store)
    expect(new Set(files.map((f) => f.tp_date)).size).toBe(4)
    expect(files.every((f) => /^aws_cloudtrail_log\/tp_partition=p1\/tp_index=\d{12}\/tp_date=2025-01-0\d\/data_.*\.parquet$/.test(f.path))).toBe(true)
    // a second collection of the same rows adds nothing
    const again = new LakeWriter(store)
    await again.write(rows)
    expect((await again.close()).rowsWritten).toBe(0)
  })

  it('writes buffered rows out early when memory runs short, and loses none', async () => {
    const pressed = await mkdtemp(join(tmpdir(), 'cairn-lake-pressure-'))
    try {
      let short = false
      const writer = new LakeWriter(new FsLakeStore(pressed), { underPressure: () => short })
      const rows = Array.from({ length: 24_000 }, (_, i) => row(i % 96, { event_id: `e-${i}`, tp_id: `t-${i}` }))
      await writer.write(rows.slice(0, 12_000))
      expect(writer.progress().filesWritten).toBe(0) // nothing asked it to: all still buffered
      short = true
      for (let at = 12_000; at < rows.length; at += 1_000) await writer.write(rows.slice(at, at + 1_000))
      await writer.flush()
      const early = writer.progress().filesWritten
      const summary = await writer.close()
      expect(summary.rowsWritten).toBe(24_000)
      const session = await openLocalLake(pressed)
      expect((await session.query('select count(distinct event_id) as n from aws_cloudtrail_log')).rows[0]!.n).toBe(24_000)
      // half of what was buffered went out at each check (every 5,000 rows), besides the last flush of the 8 days
      expect(early).toBeGreaterThan(8)
    } finally {
      await rm(pressed, { recursive: true, force: true })
    }
  })

  it('answers the brief-style JSON queries and prunes by window, partition and index', async () => {
    const session = await openLocalLake(dir)
    const all = await session.query(`select count(*) as n from aws_cloudtrail_log`)
    expect(all.rows[0]!.n).toBe(96)
    const root = await session.query(`select event_id, user_identity->>'type' as t from aws_cloudtrail_log where user_identity->>'type' = 'Root' order by event_time`)
    expect(root.rows.map((r) => r.event_id)).toEqual(['event-0', 'event-10', 'event-20', 'event-30', 'event-40', 'event-50', 'event-60', 'event-70', 'event-80', 'event-90'])
    const res = await session.query(`select resources[0]->>'resourceType' as rt, request_parameters->>'policyName' as pn, request_parameters->>'policyDocument' as pd from aws_cloudtrail_log where event_id = 'event-7'`)
    expect(res.rows[0]).toEqual({ rt: 'AWS::S3::Bucket', pn: 'p7', pd: '{"Statement":[]}' })
    const window = await session.query(`select count(*) as n, min(event_time) as first from aws_cloudtrail_log`, {
      filter: { from: new Date('2025-01-02T05:00:00Z'), to: new Date('2025-01-03T00:00:00Z') },
    })
    expect(window.rows[0]).toEqual({ n: 19, first: '2025-01-02T05:00:00.000Z' })
    expect(window.load.files).toBeLessThanOrEqual(2)
    const index = await session.query(`select count(*) as n from aws_cloudtrail_log`, { filter: { indexes: ['111111111111'] } })
    expect(index.rows[0]!.n).toBe(48)
    const typed = await session.query(`select tp_date, tp_ips, event_time from aws_cloudtrail_log order by event_time limit 1`)
    expect(typed.rows[0]).toEqual({ tp_date: '2025-01-01', tp_ips: ['192.0.2.1'], event_time: '2025-01-01T00:00:00.000Z' })
  })

  it('adds the columns a later query needs to what is loaded, row for row, in and out of a window', async () => {
    const sql = `select event_id, event_name, request_parameters->>'policyName' as pn, user_name, tp_index from aws_cloudtrail_log order by event_id`
    for (const filter of [{}, { from: new Date('2025-01-02T05:00:00Z'), to: new Date('2025-01-03T00:00:00Z') }]) {
      const fresh = await (await openLocalLake(dir)).query(sql, { filter })
      const session = await openLocalLake(dir)
      await session.query('select count(*) from aws_cloudtrail_log where event_name is not null', { filter })
      await session.query('select max(user_name) from aws_cloudtrail_log', { filter })
      const stepped = await session.query(sql, { filter })
      expect(stepped.rows).toEqual(fresh.rows)
      expect(stepped.rows.every((r) => r.pn === `p${String(r.event_id).slice('event-'.length)}`)).toBe(true)
      expect(stepped.load.columns).toEqual(expect.arrayContaining(['event_name', 'user_name', 'event_id', 'request_parameters', 'tp_index']))
      // once loaded, nothing is read again
      expect((await session.query(sql, { filter })).load).toBe(stepped.load)
    }
  })

  it('starts over with what a query needs when adding columns fails (a file gone), and stays usable', async () => {
    const own = await mkdtemp(join(tmpdir(), 'cairn-lake-gone-'))
    try {
      const store = new FsLakeStore(own)
      const writer = new LakeWriter(store, { rowsPerFile: 10 })
      await writer.write(Array.from({ length: 60 }, (_, i) => row(i)))
      await writer.close()
      const session = await openLocalLake(own)
      expect((await session.query('select count(*)::int as n from aws_cloudtrail_log where event_name is not null')).rows[0]!.n).toBe(60)
      const files = await listLakeFiles(store)
      await rm(join(own, files[0]!.path))
      const sql = 'select event_id, user_name, event_name from aws_cloudtrail_log order by event_id'
      const after = await session.query(sql)
      expect(after.rows).toEqual((await (await openLocalLake(own)).query(sql)).rows)
      expect(after.rows.length).toBeLessThan(60)
      expect((await session.query('select count(*)::int as n from aws_cloudtrail_log')).rows[0]!.n).toBe(after.rows.length)
    } finally {
      await rm(own, { recursive: true, force: true })
    }
  })

  it('ignores temp files and half-written garbage a killed writer leaves', async () => {
    const files = await listLakeFiles(new FsLakeStore(dir))
    const dayDir = join(dir, ...files[0]!.path.split('/').slice(0, -1))
    await writeFile(join(dayDir, '.tmp-abc-data_x.parquet'), 'PAR1 truncated')
    const session = await openLocalLake(dir)
    expect((await session.query('select count(*) as n from aws_cloudtrail_log')).rows[0]!.n).toBe(96)
    expect((await readdir(dayDir)).some((f) => f.startsWith('.tmp-'))).toBe(true)
  })

  it('deletes a window of a partition, rewriting cut days', async () => {
    const store = new FsLakeStore(dir)
    const deleted = await deleteLakeRows(store, { partitions: ['p1'], from: new Date('2025-01-02T12:00:00Z'), to: new Date('2025-01-04T00:00:00Z') })
    expect(deleted.rows).toBe(36)
    const session = await openLocalLake(dir)
    expect((await session.query('select count(*) as n from aws_cloudtrail_log')).rows[0]!.n).toBe(60)
  })
})

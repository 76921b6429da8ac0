import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { type FaultProxy, S3RVER_CREDENTIALS, type S3rverProcess, startFaultProxy, startS3rver } from '@cairn/test-servers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateTrail } from '../src/generate/index.js'
import { lakeLocationOf } from '../src/lake-location.js'
import { openLakeAt } from '../src/lake-store.js'
import { killCairnWhen, runCairn } from './support/run-cairn.js'

const shared = fileURLToPath(new URL('../../../../shared/', import.meta.url))
const FIXTURES = join(shared, 'fixtures', 'cloudtrail')
const SEEDS = join(shared, 'seed-queries')
const seedFiles = readdirSync(SEEDS).filter((f) => f.endsWith('.sql')).sort()
const BUCKET = 'cairn-lake'
const env = { AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey }
// the in-process sessions below reach s3rver through the standard credential chain, as the command does
Object.assign(process.env, env, { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' })

const cairn = (args: string[]) => runCairn(args, env)
const HIVE_KEY = /^aws_cloudtrail_log\/tp_partition=[^/]+\/tp_index=[^/]+\/tp_date=\d{4}-\d{2}-\d{2}\/data_[^/]+\.parquet$/

/** Paths of the lake's Parquet files below a local data dir, `/`-separated. */
function localLakeFiles(dataDir: string): string[] {
  const root = join(dataDir, 'aws_cloudtrail_log')
  if (!existsSync(root)) return []
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.parquet'))
    .map((e) => relative(dataDir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort()
}

const dayDirs = (paths: string[]) => [...new Set(paths.map((p) => p.split('/').slice(0, -1).join('/')))].sort()

describe('the lake on S3: collect --output s3://…, query --data-dir s3://… (s3rver)', () => {
  let dir: string
  let server: S3rverProcess
  let proxy: FaultProxy
  let client: S3Client
  const s3 = () => ['--endpoint', proxy.endpoint, '--force-path-style']

  /** Every key below a prefix, with its size, listed straight from the server (not counted by the proxy). */
  async function keysUnder(prefix: string): Promise<Map<string, number>> {
    const keys = new Map<string, number>()
    let token: string | undefined
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, ContinuationToken: token }))
      for (const o of page.Contents ?? []) keys.set(o.Key!.slice(prefix.length), o.Size ?? 0)
      token = page.IsTruncated ? page.NextContinuationToken : undefined
    } while (token)
    return keys
  }

  /** Every event of a lake as `event_id|event_time|tp_index|tp_date`, sorted, read by `cairn query`. */
  async function lakeEvents(lake: string): Promise<string[]> {
    const sql = `select event_id || '|' || epoch_ms(event_time) || '|' || tp_index || '|' || tp_date::varchar as e from aws_cloudtrail_log order by 1`
    const q = await cairn(['query', '--data-dir', lake, ...(lake.startsWith('s3://') ? s3() : []), '--output', 'json', sql])
    expect(q.code, q.stderr).toBe(0)
    return (JSON.parse(q.stdout) as { e: string }[]).map((r) => r.e)
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-lake-s3-'))
    server = await startS3rver(join(dir, 's3rver'))
    proxy = await startFaultProxy(server.endpoint)
    client = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3RVER_CREDENTIALS })
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }))
  })

  afterAll(async () => {
    client?.destroy()
    await proxy?.close()
    await server?.stop()
    await rm(dir, { recursive: true, force: true })
  })

  it('refuses an --output that is neither a format nor an S3 URL, and an s3:// data dir on collect', async () => {
    const bad = await cairn(['collect', '--path', join(FIXTURES, 'stratus-red-team'), '--output', 'xml'])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain("'xml' is neither a summary format (text, json) nor an s3://bucket/prefix URL")
    const state = await cairn(['collect', '--path', join(FIXTURES, 'stratus-red-team'), '--data-dir', `s3://${BUCKET}/x`])
    expect(state.code).toBe(1)
    expect(state.stderr).toContain("its --data-dir (or $CAIRN_DATA_DIR) is the local dir for collect's state")
  })

  describe('the real CloudTrail fixtures', () => {
    const LAKE = `s3://${BUCKET}/lakes/fixtures`
    let local: string
    let state: string
    let localSummary: { events: number; rejected: unknown[] }
    let localFiles: string[]

    beforeAll(async () => {
      local = join(dir, 'local')
      state = join(dir, 'state')
      const run = await cairn(['collect', '--path', FIXTURES, '--data-dir', local, '--output', 'json'])
      expect([0, 2], run.stderr).toContain(run.code)
      localSummary = JSON.parse(run.stdout)
      localFiles = localLakeFiles(local)
    }, 240_000)

    it('collects into the bucket what a local collect writes, in the same hive layout, and nothing on disk', async () => {
      const run = await cairn(['collect', '--path', FIXTURES, '--output', LAKE, '--output', 'json', '--data-dir', state, ...s3()])
      expect([0, 2], run.stderr).toContain(run.code)
      const summary = JSON.parse(run.stdout)
      expect(summary.events).toBe(localSummary.events)
      expect(summary.events).toBeGreaterThan(1000)
      expect(summary.rejected).toEqual(localSummary.rejected)
      const keys = [...(await keysUnder('lakes/fixtures/')).keys()].sort()
      expect(keys.length).toBeGreaterThan(0)
      expect(keys.filter((k) => !HIVE_KEY.test(k))).toEqual([])
      expect(dayDirs(keys)).toEqual(dayDirs(localFiles))
      // the state stays local, per lake: the Parquet files do not
      const stateDir = join(state, 's3-lakes', BUCKET, 'lakes', 'fixtures')
      expect(readdirSync(stateDir).sort()).toEqual(expect.arrayContaining(['rejected']))
      expect(localLakeFiles(state)).toEqual([])
      expect(localLakeFiles(stateDir)).toEqual([])
    }, 240_000)

    it('answers every seed query with exactly the rows of the local lake', async () => {
      const [onS3, onDisk] = await Promise.all([
        openLakeAt(lakeLocationOf(LAKE, { endpoint: server.endpoint, forcePathStyle: true })),
        openLakeAt(lakeLocationOf(local, {})),
      ])
      const nonEmpty: string[] = []
      for (const file of seedFiles) {
        const sql = readFileSync(join(SEEDS, file), 'utf8')
        const expected = await onDisk.query(sql)
        const actual = await onS3.query(sql)
        expect(actual.rows, file).toEqual(expected.rows)
        expect(actual.load.files, file).toBe(expected.load.files)
        if (expected.rows.length > 0) nonEmpty.push(file)
      }
      // the fixtures are years old (01 looks at the last 7 days) and hold no call from 192.0.2.1
      expect(nonEmpty.length).toBeGreaterThanOrEqual(7)
      // and through the command itself, output for output
      for (const file of nonEmpty.slice(0, 2)) {
        const viaS3 = await cairn(['query', '--data-dir', LAKE, ...s3(), '--output', 'json', join(SEEDS, file)])
        const viaDisk = await cairn(['query', '--data-dir', local, '--output', 'json', join(SEEDS, file)])
        expect(viaS3.code, viaS3.stderr).toBe(0)
        expect(JSON.parse(viaS3.stdout).length, file).toBeGreaterThan(0)
        expect(viaS3.stdout, file).toBe(viaDisk.stdout)
      }
    }, 240_000)

    it('a rerun adds nothing, also with no state at all (the lake itself deduplicates)', async () => {
      const before = await keysUnder('lakes/fixtures/')
      const again = await cairn(['collect', '--path', FIXTURES, '--output', LAKE, '--output', 'json', '--data-dir', state, ...s3()])
      expect([0, 2], again.stderr).toContain(again.code)
      expect(JSON.parse(again.stdout).events).toBe(0)
      const fresh = await cairn(['collect', '--path', FIXTURES, '--output', LAKE, '--output', 'json', '--data-dir', join(dir, 'fresh-state'), ...s3()])
      expect([0, 2], fresh.stderr).toContain(fresh.code)
      const summary = JSON.parse(fresh.stdout)
      expect(summary.events).toBe(0)
      expect(summary.duplicates).toBeGreaterThanOrEqual(localSummary.events)
      expect(await keysUnder('lakes/fixtures/')).toEqual(before)
    }, 240_000)

    it('a window query lists and reads only the objects of its day', async () => {
      const byDay = new Map<string, string[]>()
      for (const path of localFiles) {
        const day = /tp_date=(\d{4}-\d{2}-\d{2})/.exec(path)![1]!
        byDay.set(day, [...(byDay.get(day) ?? []), path])
      }
      const [day] = [...byDay].sort((a, b) => b[1].length - a[1].length)[0]!
      expect(byDay.size).toBeGreaterThan(2)
      const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
      const sql = 'select count(*) as n, count(distinct event_name) as names from aws_cloudtrail_log'
      proxy.setRules([])
      const viaS3 = await cairn(['query', '--data-dir', LAKE, ...s3(), '--from', day, '--to', next, '--output', 'json', sql])
      expect(viaS3.code, viaS3.stderr).toBe(0)
      const requests = [...proxy.requests]
      const viaDisk = await cairn(['query', '--data-dir', local, '--from', day, '--to', next, '--output', 'json', sql])
      expect(JSON.parse(viaS3.stdout)).toEqual(JSON.parse(viaDisk.stdout))
      expect(JSON.parse(viaS3.stdout)[0].n).toBeGreaterThan(0)
      const gets = requests.filter((r) => r.operation === 'get').map((r) => r.target.slice('lakes/fixtures/'.length))
      const objectsOfDay = [...(await keysUnder('lakes/fixtures/')).keys()].filter((k) => k.includes(`/tp_date=${day}/`))
      expect(objectsOfDay.length).toBeGreaterThan(0)
      // each of the day's objects read once, no other object touched; no other day's folder listed
      expect([...gets].sort()).toEqual([...objectsOfDay].sort())
      const dayListings = requests.filter((r) => r.operation === 'list' && r.target.includes('tp_date='))
      expect(dayListings.every((r) => r.target.includes(`tp_date=${day}/`))).toBe(true)
    }, 240_000)

    it('detect and partition list read the S3 lake as they read the local one', async () => {
      const detectS3 = await cairn(['detect', '--output', 'json', '--data-dir', LAKE, ...s3()])
      const detectDisk = await cairn(['detect', '--output', 'json', '--data-dir', local])
      expect(detectS3.code, detectS3.stderr).toBe(detectDisk.code)
      expect(JSON.parse(detectS3.stdout).length).toBeGreaterThan(0)
      expect(JSON.parse(detectS3.stdout)).toEqual(JSON.parse(detectDisk.stdout))
      const listS3 = await cairn(['partition', 'list', '--output', 'json', '--data-dir', LAKE, ...s3()])
      const listDisk = await cairn(['partition', 'list', '--output', 'json', '--data-dir', local])
      expect(listS3.code, listS3.stderr).toBe(0)
      // the files hold the same rows, but not byte for byte: rows of equal event time may come in another order
      const [onS3] = JSON.parse(listS3.stdout)
      const [onDisk] = JSON.parse(listDisk.stdout)
      expect({ ...onS3, bytes: 0 }).toEqual({ ...onDisk, bytes: 0 })
      expect(onS3.bytes).toBe([...(await keysUnder('lakes/fixtures/')).values()].reduce((a, b) => a + b, 0))
    }, 240_000)

    it('partition delete removes a window from the S3 lake', async () => {
      const days = dayDirs(localFiles).map((d) => /tp_date=(\d{4}-\d{2}-\d{2})/.exec(d)![1]!).sort()
      const day = days[0]!
      const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
      const before = await lakeEvents(LAKE)
      const deleted = await cairn(['partition', 'delete', 'default', '--data-dir', LAKE, ...s3(), '--from', day, '--to', next, '--output', 'json'])
      expect(deleted.code, deleted.stderr).toBe(0)
      expect(JSON.parse(deleted.stdout).rows).toBeGreaterThan(0)
      const after = await lakeEvents(LAKE)
      expect(after).toEqual(before.filter((e) => !e.endsWith(`|${day}`)))
      expect([...(await keysUnder('lakes/fixtures/')).keys()].filter((k) => k.includes(`tp_date=${day}/`))).toEqual([])
    }, 240_000)
  })

  describe('a generated trail big enough for ranged reads', () => {
    const LAKE = `s3://${BUCKET}/lakes/generated`
    let logs: string
    let local: string
    let reference: string[]

    beforeAll(async () => {
      logs = join(dir, 'generated')
      await generateTrail({ outDir: logs, events: 40_000, seed: 3, days: 2, accounts: 1, end: new Date('2024-06-02T20:00:00Z') })
      local = join(dir, 'generated-local')
      const run = await cairn(['collect', '--path', logs, '--data-dir', local, '--output', 'json'])
      expect(run.code, run.stderr).toBe(0)
      reference = await lakeEvents(local)
      expect(reference.length).toBeGreaterThanOrEqual(40_000)
    }, 240_000)

    it('a collect killed while it uploads leaves a readable lake, and the next run completes it exactly', async () => {
      proxy.setRules([])
      const state = join(dir, 'generated-state')
      const args = ['collect', '--path', logs, '--output', LAKE, '--data-dir', state, ...s3()]
      const uploads = () => proxy.requests.filter((r) => r.operation === 'other' && r.target.endsWith('.parquet')).length
      const killed = await killCairnWhen(args, env, () => uploads() >= 1)
      expect(killed).toBe(true)
      const partial = await lakeEvents(LAKE)
      expect(partial.length).toBeLessThan(reference.length)
      expect(partial.every((e) => reference.includes(e))).toBe(true)
      const rest = await cairn([...args, '--output', 'json'])
      expect(rest.code, rest.stderr).toBe(0)
      expect(JSON.parse(rest.stdout).events).toBe(reference.length - partial.length)
      expect(await lakeEvents(LAKE)).toEqual(reference)
    }, 240_000)

    it('a query fetches the footers and the chunks of the columns it references, not whole files', async () => {
      const objects = await keysUnder('lakes/generated/')
      const big = [...objects].filter(([, size]) => size > 512 * 1024)
      expect(big.length).toBeGreaterThan(0)
      proxy.setRules([])
      const q = await cairn(['query', '--data-dir', LAKE, ...s3(), '--output', 'json', 'select count(distinct event_name) as names from aws_cloudtrail_log'])
      expect(q.code, q.stderr).toBe(0)
      expect(JSON.parse(q.stdout)[0].names).toBeGreaterThan(10)
      const fetched = new Map<string, number>()
      for (const r of proxy.requests.filter((r) => r.operation === 'get')) {
        const key = r.target.slice('lakes/generated/'.length)
        const [, start, end] = /^bytes=(\d+)-(\d+)$/.exec(r.range ?? '') ?? []
        const bytes = start === undefined ? objects.get(key)! : Number(end) - Number(start) + 1
        fetched.set(key, (fetched.get(key) ?? 0) + bytes)
      }
      for (const [key, size] of big) {
        expect(proxy.requests.some((r) => r.target.endsWith(key) && r.range), key).toBe(true)
        expect(fetched.get(key)!, key).toBeLessThan(size * 0.25)
        // the footer, then the referenced chunks (adjacent ones in one request)
        expect(proxy.requests.filter((r) => r.target.endsWith(key)).length, key).toBeLessThanOrEqual(3)
      }
      // every column, read by ranges, decodes to what the local files hold
      const every = 'select * from aws_cloudtrail_log order by event_id limit 300 offset 1000'
      const viaS3 = await cairn(['query', '--data-dir', LAKE, ...s3(), '--output', 'json', every])
      const viaDisk = await cairn(['query', '--data-dir', local, '--output', 'json', every])
      expect(viaS3.code, viaS3.stderr).toBe(0)
      const rows = JSON.parse(viaS3.stdout) as Record<string, unknown>[]
      expect(rows).toHaveLength(300)
      const withoutIngestTime = (r: Record<string, unknown>) => ({ ...r, tp_ingest_timestamp: null })
      expect(rows.map(withoutIngestTime)).toEqual((JSON.parse(viaDisk.stdout) as Record<string, unknown>[]).map(withoutIngestTime))
    }, 240_000)
  })
})

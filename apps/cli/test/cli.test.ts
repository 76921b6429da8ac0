import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateTrail } from '../src/generate/index.js'
import { uniqueEvents } from './support/raw-events.js'

const cli = fileURLToPath(new URL('../dist/main.js', import.meta.url))
const shared = fileURLToPath(new URL('../../../../shared/', import.meta.url))

function cairn(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 28 })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

function parquetFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.parquet') && !e.name.startsWith('.'))
    .map((e) => join(e.parentPath, e.name))
}

describe('cairn CLI', () => {
  let dir: string
  let logs: string
  let expectedEvents: number
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-cli-'))
    logs = join(dir, 'logs')
    await generateTrail({ outDir: logs, events: 30_000, seed: 3 })
    expectedEvents = uniqueEvents([logs]).length
  }, 120_000)
  afterAll(async () => rm(dir, { recursive: true, force: true }))

  it('collects, answers SQL as JSON with ISO timestamps, and re-collecting adds nothing', () => {
    const data = join(dir, 'data')
    const first = cairn(['collect', '--source', 'file', '--path', logs, '--data-dir', data, '--output', 'json'])
    expect(first.code, first.stderr).toBe(0)
    expect(JSON.parse(first.stdout).events).toBe(expectedEvents)
    const again = cairn(['collect', '--path', logs, '--output', 'json'], { CAIRN_DATA_DIR: data })
    expect(JSON.parse(again.stdout).events).toBe(0)
    const q = cairn(['query', '--data-dir', data, '--output', 'json', 'select count(*) as n, max(event_time) as last from aws_cloudtrail_log'])
    expect(q.code, q.stderr).toBe(0)
    const [row] = JSON.parse(q.stdout)
    expect(row.n).toBe(expectedEvents)
    expect(row.last).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
    const csv = cairn(['query', '--data-dir', data, '--output', 'csv', "select event_name from aws_cloudtrail_log where event_name = 'CreateUser' limit 1"])
    expect(csv.stdout.trim().split('\n')).toEqual(['event_name', 'CreateUser'])
    const piped = spawnSync(process.execPath, [cli, 'query', '--data-dir', data, '--output', 'jsonl'], { input: 'select 1 as one', encoding: 'utf8' })
    expect(piped.stdout.trim()).toBe('{"one":1}')
    const list = cairn(['partition', 'list', '--data-dir', data, '--output', 'json'])
    const [partition] = JSON.parse(list.stdout)
    expect(partition).toMatchObject({ partition: 'default', rows: expectedEvents })
    expect(partition.files).toBeGreaterThan(0)
  }, 180_000)

  it('honours --from/--to exactly and deletes a window of a partition', () => {
    const data = join(dir, 'window')
    const all = uniqueEvents([logs]).map((e) => Date.parse(e.eventTime)).sort((a, b) => a - b)
    const mid = new Date(all[Math.floor(all.length / 2)]!).toISOString()
    const late = new Date(all[Math.floor((all.length * 3) / 4)]!).toISOString()
    const r = cairn(['collect', '--path', logs, '--data-dir', data, '--from', mid, '--to', late, '--partition', 'w', '--output', 'json'])
    const inWindow = all.filter((t) => t >= Date.parse(mid) && t < Date.parse(late)).length
    expect(JSON.parse(r.stdout).events).toBe(inWindow)
    const q = cairn(['query', '--data-dir', data, '--output', 'json', 'select min(event_time) as a, max(event_time) as b from aws_cloudtrail_log'])
    const [row] = JSON.parse(q.stdout)
    expect(Date.parse(row.a)).toBeGreaterThanOrEqual(Date.parse(mid))
    expect(Date.parse(row.b)).toBeLessThan(Date.parse(late))
    const del = cairn(['partition', 'delete', 'w', '--data-dir', data, '--from', mid, '--to', late, '--output', 'json'])
    expect(JSON.parse(del.stdout).rows).toBe(inWindow)
  }, 180_000)

  it('exits 2 and lists rejected input while collecting everything good', () => {
    const data = join(dir, 'edge')
    const r = cairn(['collect', '--path', join(shared, 'fixtures', 'cloudtrail', 'parser-edge-cases'), '--data-dir', data])
    expect(r.code).toBe(2)
    expect(r.stdout).toMatch(/REJECTED \d+ inputs/)
    expect(r.stdout).toMatch(/SerializerTestFileBadFieldName|SQSMessageBody/)
    expect(existsSync(join(data, 'rejected'))).toBe(true)
  }, 120_000)

  it('refuses a second collect into a data dir another collect is writing, and the first completes', async () => {
    const data = join(dir, 'concurrent')
    const lock = join(data, '.collect.lock')
    const first = spawn(process.execPath, [cli, 'collect', '--path', logs, '--data-dir', data, '--output', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    first.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d
    })
    const exited = new Promise<number | null>((r) => first.once('exit', r))
    while (!existsSync(lock)) await new Promise((r) => setTimeout(r, 5))
    const second = cairn(['collect', '--path', logs, '--data-dir', data, '--output', 'json'])
    expect(second.code).toBe(1)
    expect(second.stderr).toMatch(new RegExp(`another cairn collect \\(pid ${first.pid}\\) is writing to .*concurrent`))
    expect(await exited).toBe(0)
    expect(JSON.parse(out).events).toBe(expectedEvents)
    expect(existsSync(lock)).toBe(false)
  }, 120_000)

  it('a collect killed mid-run leaves a queryable lake, and a rerun completes it exactly', async () => {
    const data = join(dir, 'killed')
    const child = spawn(process.execPath, [cli, 'collect', '--path', logs, '--data-dir', data], { stdio: 'ignore' })
    const started = Date.now()
    while (parquetFiles(data).length === 0 && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 20))
    child.kill('SIGKILL')
    await new Promise((r) => child.once('exit', r))
    const q = cairn(['query', '--data-dir', data, '--output', 'json', 'select count(*) as n from aws_cloudtrail_log'])
    expect(q.code, q.stderr).toBe(0)
    expect(JSON.parse(q.stdout)[0].n).toBeLessThanOrEqual(expectedEvents)
    const rerun = cairn(['collect', '--path', logs, '--data-dir', data, '--output', 'json'])
    expect(rerun.code, rerun.stderr).toBe(0)
    const after = cairn(['query', '--data-dir', data, '--output', 'json', 'select count(*) as n, count(distinct event_id) as ids from aws_cloudtrail_log'])
    expect(JSON.parse(after.stdout)[0]).toEqual({ n: expectedEvents, ids: expectedEvents })
  }, 180_000)
})

import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateTrail } from '../src/generate/index.js'

const cli = fileURLToPath(new URL('../dist/main.js', import.meta.url))

function cairn(args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** The lake's data files with their day folder and size, found on disk (not through Cairn's own listing). */
function lakeFiles(data: string): { day: string; size: number }[] {
  return readdirSync(join(data, 'aws_cloudtrail_log'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.parquet') && !e.name.startsWith('.') && !e.name.startsWith('_'))
    .map((e) => ({ day: e.parentPath.match(/tp_date=([\d-]+)$/)![1]!, size: statSync(join(e.parentPath, e.name)).size }))
}

const LOAD_LINE = /^cairn query: read ([\d,]+) of ([\d,]+) lake files, ([\d,]+) of ([\d,]+) bytes, ([\d,]+) rows, columns: (.*)$/m
const numbers = (m: RegExpMatchArray) => m.slice(1, 6).map((v) => Number(v.replaceAll(',', '')))

describe('cairn query --verbose', () => {
  let dir: string
  let data: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-query-verbose-'))
    const logs = join(dir, 'logs')
    data = join(dir, 'data')
    await generateTrail({ outDir: logs, events: 4_000, seed: 11, days: 10, end: new Date('2024-05-11T00:00:00Z') })
    const collect = cairn(['collect', '--source', 'file', '--path', logs, '--data-dir', data, '--output', 'json'])
    expect(collect.code, collect.stderr).toBe(0)
  })
  afterAll(async () => rm(dir, { recursive: true, force: true }))

  it("says that a one-day --from/--to query read only that day's files, of all the lake's", () => {
    const files = lakeFiles(data)
    const day = '2024-05-06'
    const ofDay = files.filter((f) => f.day === day)
    expect(ofDay.length).toBeGreaterThan(0)
    const q = cairn(['query', '--data-dir', data, '--verbose', '--from', day, '--to', '2024-05-07', '--output', 'json', 'select count(*) as n from aws_cloudtrail_log'])
    expect(q.code, q.stderr).toBe(0)
    const match = q.stderr.match(LOAD_LINE)
    expect(match, q.stderr).not.toBeNull()
    const [read, total, bytesRead, totalBytes, rows] = numbers(match!)
    expect(read).toBe(ofDay.length)
    expect(total).toBe(files.length)
    expect(bytesRead).toBe(ofDay.reduce((sum, f) => sum + f.size, 0))
    expect(totalBytes).toBe(files.reduce((sum, f) => sum + f.size, 0))
    expect(match![6]).toBe('event_time')
    // the day's files hold exactly the day's events: the exact window cuts none of them
    expect(rows).toBe(JSON.parse(q.stdout)[0].n)
    expect(rows).toBeGreaterThan(0)
  })

  it('prints nothing of the kind without --verbose, and the whole lake without a window', () => {
    const quiet = cairn(['query', '--data-dir', data, '--output', 'json', 'select 1 as one'])
    expect(quiet.stderr).not.toMatch(LOAD_LINE)
    const all = cairn(['query', '--data-dir', data, '--verbose', '--output', 'json', 'select count(*) as n, max(event_name) as e from aws_cloudtrail_log'])
    const match = all.stderr.match(LOAD_LINE)
    expect(match, all.stderr).not.toBeNull()
    const [read, total, , , rows] = numbers(match!)
    expect(read).toBe(total)
    expect(rows).toBe(JSON.parse(all.stdout)[0].n)
    expect(match![6]!.split(', ')).toEqual(['event_name'])
  })
})

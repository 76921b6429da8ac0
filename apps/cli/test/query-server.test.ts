import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateTrail } from '../src/generate/index.js'
import { serverAddress } from '../src/query-server/server-address.js'
import { runCairn } from './support/run-cairn.js'

// This suite turns the query server on (vitest.config turns it off for every other suite) and stops it itself.
const ON = { CAIRN_QUERY_SERVER: 'on' }
const OFF = { CAIRN_QUERY_SERVER: 'off' }
const seedDir = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'seed-queries')

let work: string
let dataDir: string

async function collect(logs: string): Promise<void> {
  const run = await runCairn(['collect', '--source', 'file', '--path', logs, '--data-dir', dataDir, '--output', 'json'], OFF)
  expect(run.code, run.stderr).toBe(0)
}

async function generate(out: string, events: number, seed: number): Promise<void> {
  await generateTrail({ outDir: out, events, seed, days: 20, end: new Date('2026-11-30T00:00:00Z') })
}

function serverPid(): number | undefined {
  const { pid } = serverAddress(dataDir)!
  return existsSync(pid) ? Number(readFileSync(pid, 'utf8')) : undefined
}

const query = (args: string[], env: Record<string, string> = ON) => runCairn(['query', '--data-dir', dataDir, ...args], env)

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'cairn-query-server-'))
  dataDir = join(work, 'data')
  await generate(join(work, 'logs-1'), 4_000, 11)
  await collect(join(work, 'logs-1'))
})

afterAll(async () => {
  await runCairn(['query-server', '--stop', '--data-dir', dataDir])
  rmSync(work, { recursive: true, force: true })
})

describe('cairn query through the query server', () => {
  it('answers every seed query with exactly the text an in-process query prints, and keeps serving', async () => {
    for (const file of ['01-basic-log-analysis.sql', '04-monitor-iam-policy-changes.sql', '09-failed-api-calls.sql']) {
      for (const output of ['json', 'csv', 'table']) {
        const args = ['--output', output, '--from', '2026-11-01', join(seedDir, file)]
        const served = await query(args)
        const local = await query(['--no-server', ...args])
        expect(served.code, served.stderr).toBe(0)
        expect(served.stdout).toBe(local.stdout)
      }
    }
    expect(serverPid()).toBeGreaterThan(0)
  })

  it('gives the same error and exit code as an in-process query', async () => {
    const served = await query(['select no_such_column from aws_cloudtrail_log'])
    const local = await query(['select no_such_column from aws_cloudtrail_log'], OFF)
    expect(served.code).toBe(1)
    expect(local.code).toBe(1)
    expect(served.stderr).toContain('no_such_column')
    expect(served.stderr).toBe(local.stderr)
  })

  it('says what it read with --verbose, as an in-process query does', async () => {
    const args = ['--verbose', '--output', 'json', 'select count(*) as n from aws_cloudtrail_log where event_name is not null']
    const served = await query(args)
    const local = await query(args, OFF)
    expect(served.stdout).toBe(local.stdout)
    // the same files and rows; the server names every column its session has loaded, this query's among them
    const [servedRead, servedColumns] = served.stderr.trim().split(', columns: ')
    const [localRead, localColumns] = local.stderr.trim().split(', columns: ')
    expect(servedRead).toMatch(/^cairn query: read \d+ of \d+ lake files/)
    expect(servedRead).toBe(localRead)
    expect(servedColumns!.split(', ')).toEqual(expect.arrayContaining(localColumns!.split(', ')))
  })

  it('sees what a later collect added', async () => {
    const count = async () => JSON.parse((await query(['--output', 'json', 'select count(*)::int as n from aws_cloudtrail_log'])).stdout)[0].n
    const before = await count()
    await generate(join(work, 'logs-2'), 1_500, 12)
    await collect(join(work, 'logs-2'))
    const after = await count()
    const local = JSON.parse((await query(['--output', 'json', 'select count(*)::int as n from aws_cloudtrail_log'], OFF)).stdout)[0].n
    expect(after).toBeGreaterThan(before)
    expect(after).toBe(local)
  })

  it('keeps its socket in a folder only this user can enter, and will not use one that others can', async () => {
    const dir = dirname(serverAddress(dataDir)!.socket)
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    const shared = mkdtempSync(join(tmpdir(), 'cairn-shared-tmp-'))
    try {
      const user = String(process.getuid?.())
      mkdirSync(join(shared, `cairn-${user}`), { mode: 0o777 })
      chmodSync(join(shared, `cairn-${user}`), 0o777)
      const args = ['--output', 'json', 'select count(*)::int as n from aws_cloudtrail_log']
      // with TMPDIR there, the query answers in its own process, the same answer
      const served = await query(args, { ...ON, TMPDIR: shared })
      expect(served.code, served.stderr).toBe(0)
      expect(served.stdout).toBe((await query(args, OFF)).stdout)
      expect(readdirSync(join(shared, `cairn-${user}`))).toEqual([])
    } finally {
      rmSync(shared, { recursive: true, force: true })
    }
  })

  it('starts anew after its server was killed, and stops when asked', async () => {
    const pid = serverPid()
    expect(pid).toBeDefined()
    process.kill(pid!, 'SIGKILL')
    await new Promise((resolve) => setTimeout(resolve, 200))
    const args = ['--output', 'json', 'select event_name, count(*)::int as n from aws_cloudtrail_log group by 1 order by 2 desc, 1']
    const served = await query(args)
    expect(served.code, served.stderr).toBe(0)
    expect(served.stdout).toBe((await query(args, OFF)).stdout)
    const restarted = serverPid()
    expect(restarted).toBeDefined()
    expect(restarted).not.toBe(pid)

    const stop = await runCairn(['query-server', '--stop', '--data-dir', dataDir])
    expect(stop.stderr).toContain('stopped the query server')
    expect(serverPid()).toBeUndefined()
    const alive = () => {
      try {
        process.kill(restarted!, 0)
        return true
      } catch {
        return false
      }
    }
    for (let waited = 0; alive() && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100))
    expect(alive()).toBe(false)
  })
})

import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateTrail } from '../src/generate/index.js'
import { runCairn as cairn } from './support/run-cairn.js'

interface Finding {
  detection_id: string
  severity: string
  event_id: string
  event_time: string
  title: string
  actor: string | null
  source_ip_address: string | null
  recipient_account_id: string | null
}

describe('cairn detect', () => {
  let dir: string
  let data: string
  let findings: Finding[]
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-detect-'))
    await generateTrail({ outDir: join(dir, 'logs'), events: 20_000, seed: 5 })
    data = join(dir, 'data')
    const collect = await cairn(['collect', '--path', join(dir, 'logs'), '--data-dir', data, '--output', 'json'])
    expect(collect.code, collect.stderr).toBe(0)
    const run = await cairn(['detect', '--data-dir', data, '--output', 'json'])
    expect(run.code, run.stderr).toBe(0)
    findings = JSON.parse(run.stdout)
  }, 240_000)
  afterAll(async () => rm(dir, { recursive: true, force: true }))

  it('prints findings with the fields scripts rely on, ordered by time', () => {
    expect(findings.length).toBeGreaterThan(0)
    for (const f of findings) {
      expect(Object.keys(f)).toEqual(
        expect.arrayContaining(['detection_id', 'severity', 'event_id', 'event_time', 'title', 'actor', 'source_ip_address', 'recipient_account_id']),
      )
      expect(f.event_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
    }
    expect(findings.map((f) => f.event_time)).toEqual(findings.map((f) => f.event_time).sort())
    // the generator's root sign-ins are found
    expect(findings.some((f) => f.detection_id === 'aws_root_activity')).toBe(true)
  }, 60_000)

  it('raises no high or critical finding on an ordinary read-only call', async () => {
    const serious = findings.filter((f) => f.severity === 'high' || f.severity === 'critical')
    const ids = [...new Set(serious.map((f) => f.event_id))]
    const q = await cairn([
      'query',
      '--data-dir',
      data,
      '--output',
      'json',
      `select event_id, event_name, user_type from aws_cloudtrail_log where read_only and user_type <> 'Root' and event_name <> 'ConsoleLogin' and event_id in (${ids.map((id) => `'${id}'`).join(',') || "''"})`,
    ])
    expect(q.code, q.stderr).toBe(0)
    const noisy = JSON.parse(q.stdout) as { event_id: string; event_name: string }[]
    const by = noisy.map((n) => `${serious.find((f) => f.event_id === n.event_id)?.detection_id} on ${n.event_name}`)
    expect(by).toEqual([])
  }, 60_000)

  it('filters by detection glob and severity, and writes SARIF', async () => {
    const run = await cairn(['detect', '--data-dir', data, '--detection', 'aws_cis_*', '--min-severity', 'medium', '--output', 'sarif'])
    expect(run.code, run.stderr).toBe(0)
    const sarif = JSON.parse(run.stdout)
    expect(sarif.version).toBe('2.1.0')
    const rules = sarif.runs[0].tool.driver.rules as { id: string; properties: { severity: string } }[]
    expect(rules.length).toBeGreaterThan(0)
    expect(rules.every((r) => r.id.startsWith('aws_cis_') && ['medium', 'high', 'critical'].includes(r.properties.severity))).toBe(true)
    const expected = findings.filter((f) => rules.some((r) => r.id === f.detection_id)).length
    expect(sarif.runs[0].results.length).toBe(expected)
  }, 60_000)

  it('names the file and what is wrong in a bad detection, and a selection that matches nothing', async () => {
    await writeFile(join(dir, 'bad.yml'), 'id: mine\ntitle: Mine\nseverity: urgent\nmitre: [T1078]\ndescription: x\ncondition: true\n')
    const bad = await cairn(['detect', '--data-dir', data, '--detections', join(dir, 'bad.yml')])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('bad.yml: severity must be one of info, low, medium, high, critical')
    const typo = await cairn(['detect', '--data-dir', data, '--detection', 'aws_roto_*'])
    expect(typo.code).toBe(1)
    expect(typo.stderr).toContain('no detection matches aws_roto_*')
    // a detection whose SQL fails is reported by name; the others still run (exit 2)
    await writeFile(
      join(dir, 'broken.yml'),
      'id: mine_broken\ntitle: Broken\nseverity: low\nmitre: [T1078]\ndescription: A detection with a typo in its SQL.\ncondition: no_such_column = 1\n',
    )
    await writeFile(
      join(dir, 'fine.yml'),
      "id: mine_fine\ntitle: Fine\nseverity: low\nmitre: [T1078]\ndescription: Every CreateUser call.\ncondition: event_name = 'CreateUser'\n",
    )
    const partial = await cairn(['detect', '--data-dir', data, '--detections', join(dir, 'broken.yml'), '--detections', join(dir, 'fine.yml'), '--output', 'json'])
    expect(partial.code).toBe(2)
    expect(partial.stderr).toMatch(/mine_broken \(.*broken\.yml\) failed: .*no_such_column/)
    expect((JSON.parse(partial.stdout) as Finding[]).every((f) => f.detection_id === 'mine_fine')).toBe(true)
  }, 60_000)
})

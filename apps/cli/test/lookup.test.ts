import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateTrail } from '../src/generate/index.js'
import { runCairn as cairn } from './support/run-cairn.js'

const fixture = fileURLToPath(new URL('../../../../shared/fixtures/cloudtrail/lookup-events-format/aws_cloudtrail.jsonl', import.meta.url))

interface LookupEvent {
  EventId: string
  EventName: string
  ReadOnly: string
  AccessKeyId?: string
  EventTime: string
  EventSource: string
  Username?: string
  Resources: { ResourceType?: string; ResourceName?: string }[]
  CloudTrailEvent: string
}

/** A null top-level key and an absent one are the same event (both are a NULL column). */
const withoutNulls = (json: string) => Object.fromEntries(Object.entries(JSON.parse(json)).filter(([, v]) => v !== null))

describe('cairn lookup', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-lookup-'))
  })
  afterAll(async () => rm(dir, { recursive: true, force: true }))

  it("gives back what Event history's lookup-events printed, for every event of a real lookup-events export", async () => {
    const data = join(dir, 'real')
    expect((await cairn(['collect', '--path', fixture, '--data-dir', data])).code).toBe(0)
    const expected = readFileSync(fixture, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as LookupEvent)
    const run = await cairn(['lookup', '--data-dir', data, '--output', 'json'])
    expect(run.code, run.stderr).toBe(0)
    const events = (JSON.parse(run.stdout) as { Events: LookupEvent[] }).Events
    expect(events.map((e) => e.EventId).sort()).toEqual(expected.map((e) => e.EventId).sort())
    for (const e of events) {
      const want = expected.find((x) => x.EventId === e.EventId)!
      expect({ ...e, EventTime: Date.parse(e.EventTime), CloudTrailEvent: withoutNulls(e.CloudTrailEvent) }).toEqual({
        ...want,
        EventTime: Date.parse(want.EventTime.replace(' ', 'T')),
        CloudTrailEvent: withoutNulls(want.CloudTrailEvent),
      })
    }
    // newest first, as lookup-events
    expect(events.map((e) => Date.parse(e.EventTime))).toEqual(events.map((e) => Date.parse(e.EventTime)).sort((a, b) => b - a))
  }, 60_000)

  it('takes several attributes and any window, across accounts and regions', async () => {
    const data = join(dir, 'generated')
    await generateTrail({ outDir: join(dir, 'logs'), events: 8_000, seed: 9 })
    expect((await cairn(['collect', '--path', join(dir, 'logs'), '--data-dir', data])).code).toBe(0)
    const q = await cairn([
      'query',
      '--data-dir',
      data,
      '--output',
      'json',
      "select event_id, event_time from aws_cloudtrail_log where event_name in ('ConsoleLogin', 'CreateUser') and read_only = false order by event_time desc, event_id",
    ])
    const want = JSON.parse(q.stdout) as { event_id: string; event_time: string }[]
    expect(want.length).toBeGreaterThan(2)
    const run = await cairn([
      'lookup',
      '--data-dir',
      data,
      '--attribute',
      'EventName=ConsoleLogin',
      '--attribute',
      'eventname=CreateUser',
      '--attribute',
      'ReadOnly=false',
      '--max-results',
      '1000',
      '--output',
      'json',
    ])
    expect(run.code, run.stderr).toBe(0)
    expect((JSON.parse(run.stdout) as { Events: LookupEvent[] }).Events.map((e) => e.EventId)).toEqual(want.map((w) => w.event_id))
    const middle = want[Math.floor(want.length / 2)]!.event_time
    const windowed = await cairn(['lookup', '--data-dir', data, '--attribute', 'EventName=ConsoleLogin', '--attribute', 'EventName=CreateUser', '--attribute', 'ReadOnly=false', '--start-time', middle, '--max-results', '1000', '--output', 'json'])
    expect((JSON.parse(windowed.stdout) as { Events: LookupEvent[] }).Events.map((e) => e.EventId)).toEqual(
      want.filter((w) => w.event_time >= middle).map((w) => w.event_id),
    )
    const table = await cairn(['lookup', '--data-dir', data, '--attribute', 'Username=root', '--max-results', '5'])
    expect(table.code, table.stderr).toBe(0)
    expect(table.stdout).toContain('| root ')
  }, 120_000)

  it('names a wrong attribute', async () => {
    const run = await cairn(['lookup', '--data-dir', join(dir, 'real'), '--attribute', 'Region=us-east-1'])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('--attribute Region=us-east-1: expected Key=Value with Key one of EventId, EventName')
  }, 60_000)
})

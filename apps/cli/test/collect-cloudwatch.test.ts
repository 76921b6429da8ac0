import { readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { FakeCloudWatchLogs } from '@cairn/test-servers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateTrail } from '../src/generate/index.js'
import { killCairnWhen, runCairn } from './support/run-cairn.js'

const GROUP = 'aws-cloudtrail-logs-org'
const env = { AWS_ACCESS_KEY_ID: 'AKIDLOCAL', AWS_SECRET_ACCESS_KEY: 'local-secret', AWS_REGION: 'us-east-1' }

interface TrailEvent {
  eventID: string
  eventTime: string
  recipientAccountId: string
  awsRegion: string
}

const cairn = (args: string[]) => runCairn(args, env)

async function lakeIds(data: string): Promise<string[]> {
  const q = await cairn(['query', '--data-dir', data, '--output', 'json', 'select event_id from aws_cloudtrail_log order by 1'])
  expect(q.code, q.stderr).toBe(0)
  return (JSON.parse(q.stdout) as { event_id: string }[]).map((r) => r.event_id)
}

/** The generated trail's events (S3 delivery files), one per CloudTrail event, duplicates delivered twice dropped. */
function trailEvents(dir: string): TrailEvent[] {
  const byId = new Map<string, TrailEvent>()
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.json.gz') || !entry.parentPath.includes('/CloudTrail/')) continue
    const doc = JSON.parse(gunzipSync(readFileSync(join(entry.parentPath, entry.name))).toString('utf8'))
    for (const record of doc.Records as TrailEvent[]) byId.set(record.eventID, record)
  }
  return [...byId.values()].sort((a, b) => a.eventTime.localeCompare(b.eventTime))
}

const streamOf = (e: TrailEvent) => `${e.recipientAccountId}_CloudTrail_${e.awsRegion}`

function put(fake: FakeCloudWatchLogs, events: TrailEvent[]) {
  const byStream = new Map<string, TrailEvent[]>()
  for (const e of events) byStream.set(streamOf(e), [...(byStream.get(streamOf(e)) ?? []), e])
  for (const [stream, list] of byStream) {
    fake.putLogEvents(
      GROUP,
      stream,
      list.map((e) => ({ timestamp: Date.parse(e.eventTime), message: JSON.stringify(e) })),
    )
  }
}

describe('cairn collect --source cloudwatch (a CloudWatch Logs JSON endpoint, the real SDK client)', () => {
  let dir: string
  let fake: FakeCloudWatchLogs
  let events: TrailEvent[]
  /** Events the first test adds to the endpoint beyond the trail's. */
  let extras: TrailEvent[] = []
  const flags = () => ['--source', 'cloudwatch', '--log-group', GROUP, '--endpoint', fake.url]

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-cw-'))
    await generateTrail({ outDir: join(dir, 'logs'), events: 6_000, seed: 21 })
    events = trailEvents(join(dir, 'logs'))
    fake = await FakeCloudWatchLogs.start({ filterPageSize: 500 })
    fake.createLogGroup(GROUP)
  }, 120_000)

  afterAll(async () => {
    await fake?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('takes every event once, then only what arrived since, including events in the millisecond it stopped at', async () => {
    const cut = Math.floor(events.length * 0.6)
    const firstPart = events.slice(0, cut)
    put(fake, firstPart)
    const data = join(dir, 'incremental')
    const first = await cairn(['collect', ...flags(), '--data-dir', data, '--output', 'json'])
    expect(first.code, first.stderr).toBe(0)
    expect(JSON.parse(first.stdout).events).toBe(firstPart.length)
    expect(await lakeIds(data)).toEqual(firstPart.map((e) => e.eventID).sort())

    // new events: some share the last taken millisecond of their stream, one arrives late (older timestamp)
    const last = firstPart.at(-1)!
    const sameMs = [1, 2, 3].map((k) => ({ ...last, eventID: `${last.eventID.slice(0, -3)}x${k}${k}` }))
    const lateStream = firstPart.filter((e) => streamOf(e) === streamOf(firstPart[cut - 5]!))
    const lateTime = Date.parse(lateStream.at(-1)!.eventTime) - 1_000
    const late = { ...lateStream.at(-1)!, eventID: 'late-arrival-0000', eventTime: new Date(lateTime).toISOString() }
    const rest = events.slice(cut)
    extras = [...sameMs, late]
    put(fake, [...extras, ...rest])
    fake.injectFault({ kind: 'throttle', operation: 'FilterLogEvents', times: 3 })
    const second = await cairn(['collect', ...flags(), '--data-dir', data, '--output', 'json'])
    expect(second.code, second.stderr).toBe(0)
    expect(JSON.parse(second.stdout).events).toBe(rest.length + sameMs.length + 1)
    const all = [...events, ...sameMs, late].map((e) => e.eventID).sort()
    expect(await lakeIds(data)).toEqual(all)

    const third = await cairn(['collect', ...flags(), '--data-dir', data, '--output', 'json'])
    expect(JSON.parse(third.stdout).events).toBe(0)
  }, 240_000)

  it('honours --from/--to to the millisecond', async () => {
    const data = join(dir, 'window')
    const from = events[100]!.eventTime
    const to = events[events.length - 100]!.eventTime
    const run = await cairn(['collect', ...flags(), '--data-dir', data, '--from', from, '--to', to, '--output', 'json'])
    expect(run.code, run.stderr).toBe(0)
    const inWindow = (e: TrailEvent) => Date.parse(e.eventTime) >= Date.parse(from) && Date.parse(e.eventTime) < Date.parse(to)
    const expected = [...events, ...extras].filter(inWindow).map((e) => e.eventID).sort()
    expect(await lakeIds(data)).toEqual(expected)
  }, 240_000)

  it('killed mid-run and rerun, holds every event exactly once', async () => {
    const data = join(dir, 'killed')
    // killed after a few pages, while streams are being read and rows written
    for (const pages of [3, 12]) {
      const before = fake.callsOf('FilterLogEvents').length
      const due = () => fake.callsOf('FilterLogEvents').length >= before + pages
      expect(await killCairnWhen(['collect', ...flags(), '--data-dir', data], env, due)).toBe(true)
    }
    const rerun = await cairn(['collect', ...flags(), '--data-dir', data, '--output', 'json'])
    expect(rerun.code, rerun.stderr).toBe(0)
    const ids = await lakeIds(data)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.length).toBe(events.length + 4)
  }, 240_000)

  it('collects a partition named in a config file', async () => {
    const config = join(dir, 'cairn.hcl')
    await writeFile(
      config,
      `connection "aws" "local" {\n  endpoint = "${fake.url}"\n  regions = ["us-east-1"]\n}\npartition "aws_cloudtrail_log" "org_cw" {\n  source "aws_cloudwatch_log_group" {\n    connection = connection.aws.local\n    log_group_name = "${GROUP}"\n    log_stream_names = ["${streamOf(events[0]!)}"]\n  }\n}\n`,
    )
    const data = join(dir, 'config')
    const run = await cairn(['collect', 'aws_cloudtrail_log.org_cw', '--config', config, '--data-dir', data, '--output', 'json'])
    expect(run.code, run.stderr).toBe(0)
    const [summary] = JSON.parse(run.stdout)
    expect(summary.partition).toBe('org_cw')
    const inStream = events.filter((e) => streamOf(e) === streamOf(events[0]!)).length
    expect(summary.events).toBeGreaterThanOrEqual(inStream)
    const q = await cairn(['query', '--data-dir', data, '--output', 'json', 'select distinct tp_partition, tp_source_type, tp_source_location from aws_cloudtrail_log'])
    expect(JSON.parse(q.stdout)).toEqual([
      { tp_partition: 'org_cw', tp_source_type: 'aws_cloudwatch_log_group', tp_source_location: streamOf(events[0]!) },
    ])
  }, 240_000)
})

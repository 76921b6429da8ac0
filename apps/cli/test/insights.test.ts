import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { InsightRecord } from '@cairn/detections'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_REGIONS, generateTrail } from '../src/generate/index.js'
import { planSpikes, type Spike, writeSpikes } from './support/insight-spikes.js'
import { runCairn as cairn } from './support/run-cairn.js'

interface Insight {
  start: InsightRecord
  end?: InsightRecord
}

const MINUTE_MS = 60_000
const DAY_MIN = 1440
const END = new Date('2026-11-01T00:00:00Z')
const DAYS = 28
const TOLERANCE_MIN = 3
/** The bound asserted: at most this many insights a week of data that no injected spike explains. */
const MAX_FALSE_POSITIVES_PER_WEEK = 1

const minuteOf = (iso: string) => Math.floor(Date.parse(iso) / MINUTE_MS)

function pair(records: InsightRecord[]): Insight[] {
  const byId = new Map<string, Insight>()
  for (const r of records) {
    const entry = byId.get(r.sharedEventID) ?? ({} as Insight)
    if (r.insightDetails.state === 'Start') entry.start = r
    else entry.end = r
    byId.set(r.sharedEventID, entry)
  }
  return [...byId.values()]
}

const sameSeries = (i: Insight, s: Spike) =>
  i.start.recipientAccountId === s.account &&
  i.start.awsRegion === s.region &&
  i.start.insightDetails.eventSource === s.source &&
  i.start.insightDetails.eventName === s.name &&
  i.start.insightDetails.insightType === s.type

const topIdentity = (i: Insight) =>
  i.start.insightDetails.insightContext.attributions.find((a) => a.attribute === 'userIdentityArn')?.insight[0]?.value

/** Found: same series, start and end within the tolerance, the injected identity first. */
function found(i: Insight, s: Spike): boolean {
  return (
    sameSeries(i, s) &&
    i.end !== undefined &&
    Math.abs(minuteOf(i.start.eventTime) - s.startMinute) <= TOLERANCE_MIN &&
    Math.abs(minuteOf(i.end.eventTime) - s.endMinute) <= TOLERANCE_MIN &&
    topIdentity(i) === s.arn
  )
}

const overlaps = (i: Insight, s: Spike) =>
  sameSeries(i, s) &&
  minuteOf(i.start.eventTime) < s.endMinute + TOLERANCE_MIN &&
  minuteOf(i.end?.eventTime ?? END.toISOString()) > s.startMinute - TOLERANCE_MIN

describe('cairn insights', () => {
  let dir: string
  let data: string
  let spikes: Spike[]
  let early: Spike
  let insights: Insight[]
  let accounts: string[]
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-insights-'))
    // a quiet org trail (small files: no file-sized bursts of its own) for four weeks
    const summary = await generateTrail({
      outDir: join(dir, 'logs'),
      events: 40_000,
      seed: 3,
      days: DAYS,
      end: END,
      shape: 'small-files',
    })
    accounts = summary.accounts
    const endMinute = END.getTime() / MINUTE_MS
    const startMinute = endMinute - DAYS * DAY_MIN
    // 12 call-rate and 8 error-rate spikes from day 8 on, and one in the first week, before any baseline exists
    spikes = planSpikes(summary.accounts, DEFAULT_REGIONS, startMinute + 8 * DAY_MIN, endMinute - 60, 12, 8)
    const [first] = planSpikes(
      [accounts[0]!],
      DEFAULT_REGIONS,
      startMinute + 2 * DAY_MIN,
      startMinute + 3 * DAY_MIN,
      1,
      0,
      99,
    )
    early = { ...first!, id: 'early', arn: `arn:aws:iam::${accounts[0]}:user/early` }
    await mkdir(join(dir, 'spikes'))
    await writeSpikes(join(dir, 'spikes', 'spikes.json'), [...spikes, early])
    data = join(dir, 'data')
    const collect = await cairn([
      'collect',
      '--path',
      join(dir, 'logs'),
      '--path',
      join(dir, 'spikes'),
      '--data-dir',
      data,
      '--output',
      'json',
    ])
    expect(collect.code, collect.stderr).toBe(0)
    const run = await cairn(['insights', '--data-dir', data, '--output', 'json'])
    expect(run.code, run.stderr).toBe(0)
    insights = pair(JSON.parse(run.stdout))
  }, 120_000)
  afterAll(async () => rm(dir, { recursive: true, force: true }))

  it('finds the injected spikes, with their start, end and identity, and few others', () => {
    const hits = spikes.filter((s) => insights.some((i) => found(i, s)))
    const recall = hits.length / spikes.length
    const unexplained = insights.filter((i) => !spikes.some((s) => overlaps(i, s)))
    const perWeek = unexplained.length / (DAYS / 7)
    const missed = spikes.filter((s) => !hits.includes(s))
    const errors = hits.map((s) => {
      const i = insights.find((x) => found(x, s))!
      return Math.max(
        Math.abs(minuteOf(i.start.eventTime) - s.startMinute),
        Math.abs(minuteOf(i.end!.eventTime) - s.endMinute),
      )
    })
    process.stdout.write(
      `insights: recall ${hits.length}/${spikes.length} = ${recall.toFixed(2)} (call rate ${hits.filter((s) => s.type === 'ApiCallRateInsight').length}/${spikes.filter((s) => s.type === 'ApiCallRateInsight').length}, error rate ${hits.filter((s) => s.type === 'ApiErrorRateInsight').length}/${spikes.filter((s) => s.type === 'ApiErrorRateInsight').length}); false positives ${unexplained.length} in ${DAYS} days = ${perWeek.toFixed(2)}/week (bound ${MAX_FALSE_POSITIVES_PER_WEEK}); start/end off by at most ${Math.max(0, ...errors)} min\n`,
    )
    for (const s of missed) {
      const near = insights
        .filter((i) => sameSeries(i, s))
        .map((i) => `${i.start.eventTime}..${i.end?.eventTime} ${topIdentity(i)}`)
      process.stdout.write(
        `  missed ${s.id} ${s.type} ${s.source} ${s.name} ${new Date(s.startMinute * MINUTE_MS).toISOString()} +${s.endMinute - s.startMinute}m at ${s.perMinute}/min; same series: ${near.join('; ') || 'none'}\n`,
      )
    }
    for (const i of unexplained)
      process.stdout.write(
        `  unexplained ${i.start.eventTime} ${i.start.insightDetails.eventSource} ${i.start.insightDetails.eventName} ${topIdentity(i)}\n`,
      )
    expect(recall).toBeGreaterThanOrEqual(0.9)
    expect(perWeek).toBeLessThanOrEqual(MAX_FALSE_POSITIVES_PER_WEEK)
  })

  it('raises nothing before seven days of history', () => {
    expect(insights.filter((i) => overlaps(i, early))).toEqual([])
  })

  it('writes Insights records: Start and End share an id, with statistics and top-5 attributions', () => {
    expect(insights.length).toBeGreaterThan(0)
    for (const i of insights) {
      expect(i.start, JSON.stringify(i)).toBeDefined()
      expect(i.end, JSON.stringify(i)).toBeDefined()
      for (const r of [i.start, i.end!]) {
        expect(r.eventType).toBe('AwsCloudTrailInsight')
        const stats = r.insightDetails.insightContext.statistics
        expect(stats.baselineDuration).toBeGreaterThanOrEqual(7 * DAY_MIN)
        expect(stats.insight.average).toBeGreaterThan(stats.baseline.average)
        expect(r.insightDetails.insightContext.attributions.map((a) => a.attribute)).toEqual([
          'userIdentityArn',
          'userAgent',
          'errorCode',
        ])
        for (const a of r.insightDetails.insightContext.attributions) {
          expect(a.insight.length).toBeGreaterThan(0)
          expect(a.insight.length).toBeLessThanOrEqual(5)
          expect(a.baseline.length).toBeLessThanOrEqual(5)
        }
      }
      expect(i.end!.insightDetails.insightContext.statistics.insightDuration).toBe(
        minuteOf(i.end!.eventTime) - minuteOf(i.start.eventTime),
      )
    }
    // an error-rate insight names its error; the spike's rate is what the insight average says
    const errorSpike = spikes.find((s) => s.type === 'ApiErrorRateInsight' && insights.some((i) => found(i, s)))!
    const match = insights.find((i) => found(i, errorSpike))!
    expect(match.start.insightDetails.errorCode).toBe(errorSpike.errorCode)
    expect(match.start.insightDetails.insightContext.statistics.insight.average).toBeCloseTo(errorSpike.perMinute, 0)
    const agents = match.start.insightDetails.insightContext.attributions.find((a) => a.attribute === 'userAgent')!
    expect(agents.insight[0]!.value).toBe(`spike-agent/${errorSpike.id}`)
  })

  it('prints one table line per insight, and says when there is too little history', { timeout: 60_000 }, async () => {
    const table = await cairn(['insights', '--data-dir', data])
    expect(table.code, table.stderr).toBe(0)
    const lines = table.stdout.split('\n').filter((l) => /^\| \d{12} /.test(l))
    expect(lines.length).toBe(insights.length)
    expect(table.stdout).toContain('top_identity')
    const short = await cairn([
      'insights',
      '--data-dir',
      data,
      '--index',
      accounts[0]!,
      '--to',
      new Date(END.getTime() - 22 * DAY_MIN * MINUTE_MS).toISOString(),
    ])
    expect(short.code, short.stderr).toBe(0)
    expect(short.stdout).toContain('no insight raised: less than 7 days of history')
    const json = await cairn([
      'insights',
      '--data-dir',
      data,
      '--index',
      accounts[0]!,
      '--to',
      new Date(END.getTime() - 22 * DAY_MIN * MINUTE_MS).toISOString(),
      '--output',
      'json',
    ])
    expect(JSON.parse(json.stdout)).toEqual([])
    expect(json.stderr).toContain('less than 7 days')
  })

  it('judges only --from on, with the history before it as baseline', { timeout: 30_000 }, async () => {
    const from = new Date(END.getTime() - 7 * DAY_MIN * MINUTE_MS)
    const run = await cairn(['insights', '--data-dir', data, '--from', from.toISOString(), '--output', 'json'])
    expect(run.code, run.stderr).toBe(0)
    const late = pair(JSON.parse(run.stdout))
    const expected = insights.filter((i) => Date.parse(i.start.eventTime) >= from.getTime() + 5 * MINUTE_MS)
    expect(late.length).toBeGreaterThan(0)
    for (const i of expected) expect(late.some((l) => l.start.sharedEventID === i.start.sharedEventID)).toBe(true)
    expect(late.every((l) => Date.parse(l.start.eventTime) >= from.getTime() - 5 * MINUTE_MS)).toBe(true)
  })
})

import { describe, expect, it } from 'vitest'
import {
  BaselineIndex,
  DEFAULT_INSIGHT_RULE,
  denseSeries,
  findEpisodes,
  type InsightRule,
  MINUTES_PER_DAY,
  prefixSums,
  quantileOf,
  startThreshold,
  windowSums,
} from '../src/index.js'

const WEEK = 7 * MINUTES_PER_DAY
const rule: InsightRule = DEFAULT_INSIGHT_RULE

/** A seeded generator (mulberry32) for reproducible background traffic. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** `minutes` of Poisson-like traffic at `rate` calls a minute (binomial over 20 slots a minute). */
function background(minutes: number, rate: number, seed = 1): Float64Array {
  const next = random(seed)
  const counts = new Float64Array(minutes)
  for (let i = 0; i < minutes; i++) for (let s = 0; s < 20; s++) if (next() < rate / 20) counts[i]!++
  return counts
}

const series = (counts: Float64Array, firstMinute = 0) => ({ firstMinute, counts })

describe('per-minute series', () => {
  it('fills missing minutes with zeros and drops points outside', () => {
    const s = denseSeries(
      [
        { minute: 101, count: 2 },
        { minute: 104, count: 1 },
        { minute: 104, count: 3 },
        { minute: 99, count: 7 },
        { minute: 110, count: 7 },
      ],
      100,
      106,
    )
    expect(s.firstMinute).toBe(100)
    expect([...s.counts]).toEqual([0, 2, 0, 0, 4, 0])
  })

  it('sums windows and prefixes', () => {
    expect([...windowSums([1, 2, 3, 4, 5], 3)]).toEqual([1, 3, 6, 9, 12])
    expect([...prefixSums([1, 2, 3])]).toEqual([0, 1, 3, 6])
    expect([...prefixSums([1, 2, 3], true)]).toEqual([0, 1, 5, 14])
  })

  it('takes quantiles by nearest rank', () => {
    expect(quantileOf([5, 1, 4, 2, 3], 0.5)).toBe(3)
    expect(quantileOf([5, 1, 4, 2, 3], 1)).toBe(5)
    expect(
      quantileOf(
        Array.from({ length: 1000 }, (_, i) => i),
        0.999,
      ),
    ).toBe(998)
    expect(quantileOf([], 0.9)).toBe(0)
  })
})

describe('the baseline', () => {
  const counts = background(WEEK + 500, 0.7, 3)
  const index = new BaselineIndex(counts, rule)

  it('needs seven days of history before the window judged', () => {
    expect(index.before(WEEK + rule.windowMinutes - 2)).toBeUndefined()
    expect(index.before(WEEK + rule.windowMinutes - 1)).toBeDefined()
  })

  it('agrees with a direct computation over the minutes before the window', () => {
    const end = WEEK + 300
    const b = index.before(end)!
    const to = end - rule.windowMinutes + 1
    expect(b.to).toBe(to)
    expect(b.from).toBe(0)
    const minutes = Array.from(counts.subarray(0, to))
    expect(b.average).toBeCloseTo(minutes.reduce((a, c) => a + c, 0) / minutes.length, 10)
    const windows: number[] = []
    for (let k = rule.windowMinutes - 1; k < to; k++) {
      let sum = 0
      for (let m = k - rule.windowMinutes + 1; m <= k; m++) sum += counts[m]!
      windows.push(sum)
    }
    const mean = windows.reduce((a, c) => a + c, 0) / windows.length
    const sd = Math.sqrt(windows.reduce((a, c) => a + (c - mean) ** 2, 0) / windows.length)
    expect(b.windowMean).toBeCloseTo(mean, 8)
    expect(b.windowStdDev).toBeCloseTo(sd, 8)
    expect(index.windowQuantile(b)).toBe(quantileOf(windows, rule.quantile))
  })

  it('looks back at most maxBaselineMinutes', () => {
    const short: InsightRule = { ...rule, maxBaselineMinutes: WEEK }
    const b = new BaselineIndex(counts, short).before(WEEK + 400)!
    expect(b.to - b.from).toBe(WEEK)
  })

  it('sets the threshold by the larger of the floor, mean and deviations, and the quantile', () => {
    expect(startThreshold(rule, 0, 0)).toBe(10)
    expect(startThreshold(rule, 4, 2)).toBe(2 * 4 + 6 * 2)
    expect(startThreshold(rule, 1, 0.5, 20)).toBe(40)
  })
})

describe('episodes', () => {
  it('finds a burst over a quiet baseline, to the minute', () => {
    const counts = background(3 * WEEK, 0.05, 7)
    const start = 2 * WEEK + 123
    for (let m = start; m < start + 20; m++) counts[m]! += 6
    const found = findEpisodes(series(counts, 1_000_000), rule)
    expect(found).toHaveLength(1)
    const e = found[0]!
    expect(e.startMinute).toBe(1_000_000 + start)
    expect(e.endMinute).toBe(1_000_000 + start + 20)
    expect(e.ongoing).toBe(false)
    expect(e.average).toBeGreaterThanOrEqual(6)
    expect(e.baseline.average).toBeLessThan(0.1)
    // the baseline is the history before the window that started the episode, none of the burst in it
    expect(e.baseline.to).toBeLessThanOrEqual(e.startMinute)
    expect(e.baseline.to).toBeGreaterThan(e.startMinute - rule.windowMinutes)
  })

  it('raises nothing on one call, or a few, against a zero baseline', () => {
    const counts = new Float64Array(2 * WEEK)
    counts[WEEK + 100] = 1
    counts[WEEK + 500] = 3
    counts[WEEK + 501] = 4
    expect(findEpisodes(series(counts), rule)).toEqual([])
    counts[WEEK + 502] = 3
    expect(findEpisodes(series(counts), rule)).toHaveLength(1)
  })

  it('raises nothing in the first seven days, however large the burst', () => {
    const counts = new Float64Array(WEEK + 100)
    for (let m = 1000; m < 1030; m++) counts[m] = 50
    expect(findEpisodes(series(counts), rule)).toEqual([])
  })

  it('raises nothing on steady busy traffic, and finds a tripling of it', () => {
    const counts = background(3 * WEEK, 8, 11)
    expect(findEpisodes(series(counts), rule)).toEqual([])
    const start = 2 * WEEK + 4000
    for (let m = start; m < start + 30; m++) counts[m]! += 16
    const [e, ...rest] = findEpisodes(series(counts), rule)
    expect(rest).toEqual([])
    expect(Math.abs(e!.startMinute - start)).toBeLessThanOrEqual(2)
    expect(Math.abs(e!.endMinute - (start + 30))).toBeLessThanOrEqual(2)
  })

  it('takes a burst the series has had several times a month as normal', () => {
    const counts = new Float64Array(5 * WEEK)
    // 20 calls in one minute every two days: its own history says this is how the API is used
    for (let m = 300; m < counts.length; m += 2 * MINUTES_PER_DAY) counts[m] = 20
    const found = findEpisodes(series(counts), rule)
    // the first bursts after the first week are still news; once several are in the baseline, they are not
    expect(found.length).toBeLessThanOrEqual(5)
    expect(found.every((e) => e.startMinute < 3 * WEEK)).toBe(true)
  })

  it('judges only from judgeFromMinute, and marks an episode still running at the end as ongoing', () => {
    const counts = background(2 * WEEK, 0.05, 5)
    for (let m = WEEK + 100; m < WEEK + 120; m++) counts[m]! += 8
    for (let m = 2 * WEEK - 15; m < 2 * WEEK; m++) counts[m]! += 8
    expect(findEpisodes(series(counts), rule).map((e) => e.ongoing)).toEqual([false, true])
    const late = findEpisodes(series(counts), rule, { judgeFromMinute: WEEK + 1000 })
    expect(late).toHaveLength(1)
    expect(late[0]!.ongoing).toBe(true)
    expect(late[0]!.endMinute).toBe(2 * WEEK)
  })
})

import { type Baseline, BaselineIndex } from './baseline.js'
import { type InsightRule, startThreshold } from './insight-rule.js'
import type { MinuteSeries } from './minute-series.js'

/** One stretch of unusual activity in a series. Minutes are minutes since the epoch. */
export interface Episode {
  /** First elevated minute, inclusive. */
  startMinute: number
  /** The minute after the last elevated one; for an ongoing episode, the end of the series. */
  endMinute: number
  /** Still elevated when the series ends: there is no End yet. */
  ongoing: boolean
  /** The window count that started it, and the threshold it passed. */
  triggerCount: number
  threshold: number
  /** Calls in [startMinute, endMinute) and their per-minute average. */
  calls: number
  average: number
  /** The baseline, fixed when the episode started (minutes since the epoch). */
  baseline: Baseline
}

export interface EpisodeSearch {
  /** Minutes before this one (since the epoch) are history only: no window ending there is judged. */
  judgeFromMinute?: number
}

/**
 * Episodes of a series: a window whose count reaches the start threshold (against the history before it) starts
 * one; it lasts while windows stay at least `endShare` of the way from the baseline mean to that threshold. Start
 * and end are narrowed to the minutes that were themselves elevated, so they are exact to the minute for a burst
 * and not smeared by the window.
 */
export function findEpisodes(series: MinuteSeries, rule: InsightRule, search: EpisodeSearch = {}): Episode[] {
  const { counts, firstMinute } = series
  const index = new BaselineIndex(counts, rule)
  const windows = index.windowCounts
  const w = rule.windowMinutes
  const episodes: Episode[] = []
  let i = Math.max(0, (search.judgeFromMinute ?? firstMinute) - firstMinute)
  while (i < counts.length) {
    const baseline = index.before(i)
    if (!baseline) {
      i = Math.max(i + 1, rule.minBaselineMinutes + w - 1)
      continue
    }
    const count = windows[i]!
    // cheap terms first; the quantile term only for windows that pass them
    if (
      count < startThreshold(rule, baseline.windowMean, baseline.windowStdDev) ||
      index.exceedsQuantileAt(baseline, count / rule.quantileMultiplier)
    ) {
      i++
      continue
    }
    const threshold = startThreshold(rule, baseline.windowMean, baseline.windowStdDev, index.windowQuantile(baseline))
    // a window stays elevated while it holds at least `endShare` of the way from the baseline mean to the
    // threshold; a minute is elevated at that level's per-minute share
    const level = baseline.windowMean + (threshold - baseline.windowMean) * rule.endShare
    const elevated = level / w
    let start = i - w + 1
    while (counts[start]! < elevated) start++
    let j = i + 1
    while (j < counts.length && windows[j]! >= level) j++
    const ongoing = j >= counts.length
    let last = Math.min(j, counts.length - 1)
    while (last > start && counts[last]! < elevated) last--
    const end = ongoing ? counts.length : last + 1
    let calls = 0
    for (let k = start; k < end; k++) calls += counts[k]!
    episodes.push({
      startMinute: firstMinute + start,
      endMinute: firstMinute + end,
      ongoing,
      triggerCount: windows[i]!,
      threshold,
      calls,
      average: calls / (end - start),
      baseline: { ...baseline, from: firstMinute + baseline.from, to: firstMinute + baseline.to },
    })
    i = Math.max(j, end)
  }
  return episodes
}

/**
 * When a burst of calls is an insight. All counts are per window of `windowMinutes` minutes, so the default rule
 * reads: "the last 5 minutes held at least 10 calls, at least twice what 5 minutes hold on average plus 6
 * standard deviations, and at least twice the 99.9th percentile of the baseline's 5-minute counts". The
 * percentile term is there because real traffic comes in bursts (a deploy, a batch job): a burst the account has
 * had a few times a month is its normal, which a mean and a deviation alone do not capture.
 */
export interface InsightRule {
  /** The short window judged, in minutes. */
  windowMinutes: number
  /** The fewest calls (or errors) in one window that can start an insight, whatever the baseline. */
  minCalls: number
  /** Times the baseline's average window count... */
  multiplier: number
  /** ...plus this many standard deviations of the baseline's window counts. */
  deviations: number
  /** The baseline's window counts at this quantile... */
  quantile: number
  /** ...times this factor must be exceeded too. */
  quantileMultiplier: number
  /** History needed before the window judged; with less, nothing is judged. */
  minBaselineMinutes: number
  /** The longest history the baseline looks back over. */
  maxBaselineMinutes: number
  /** An insight ends when a window falls below this share of the way from the baseline mean to the threshold. */
  endShare: number
}

export const MINUTES_PER_DAY = 1440

export const DEFAULT_INSIGHT_RULE: InsightRule = Object.freeze({
  windowMinutes: 5,
  minCalls: 10,
  multiplier: 2,
  deviations: 6,
  quantile: 0.999,
  quantileMultiplier: 2,
  minBaselineMinutes: 7 * MINUTES_PER_DAY,
  maxBaselineMinutes: 30 * MINUTES_PER_DAY,
  endShare: 0.5,
})

/** The threshold a window count must reach, for a baseline whose window counts have these statistics. */
export function startThreshold(
  rule: InsightRule,
  windowMean: number,
  windowStdDev: number,
  windowQuantile = 0,
): number {
  return Math.max(
    rule.minCalls,
    rule.multiplier * windowMean + rule.deviations * windowStdDev,
    rule.quantileMultiplier * windowQuantile,
  )
}

/** The value at quantile q (0..1) of the values, by the nearest rank (no interpolation). */
export function quantileOf(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) return 0
  const sorted = Float64Array.from(values).sort()
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[rank]!
}

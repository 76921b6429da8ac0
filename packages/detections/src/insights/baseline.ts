import { type InsightRule, quantileOf } from './insight-rule.js'
import { prefixSums, windowSums } from './minute-series.js'

/** What the minutes before a window looked like. Minute indexes are into the series. */
export interface Baseline {
  /** First minute of the baseline, inclusive, and the minute after its last. */
  from: number
  to: number
  /** Calls per minute. */
  average: number
  /** Mean and standard deviation of the window counts that fit inside the baseline. */
  windowMean: number
  windowStdDev: number
}

/**
 * Baselines for any window of a series in O(1) each: prefix sums of the counts, of the window counts and of their
 * squares are built once. Quantiles, which need the values themselves, are asked for only at candidate windows.
 */
export class BaselineIndex {
  private readonly counts: Float64Array
  private readonly windows: Float64Array
  private readonly windowsSquared: Float64Array
  readonly windowCounts: Float64Array

  constructor(
    counts: ArrayLike<number>,
    private readonly rule: InsightRule,
  ) {
    this.windowCounts = windowSums(counts, rule.windowMinutes)
    this.counts = prefixSums(counts)
    this.windows = prefixSums(this.windowCounts)
    this.windowsSquared = prefixSums(this.windowCounts, true)
  }

  /**
   * The baseline of the window ending at minute `end` (inclusive): the history before that window, at most
   * `maxBaselineMinutes` long; undefined when less than `minBaselineMinutes` of history lies before it.
   */
  before(end: number): Baseline | undefined {
    const to = end - this.rule.windowMinutes + 1
    if (to < this.rule.minBaselineMinutes) return undefined
    const from = Math.max(0, to - this.rule.maxBaselineMinutes)
    const average = (this.counts[to]! - this.counts[from]!) / (to - from)
    const first = this.firstWindow(from)
    const n = to - first
    const sum = this.windows[to]! - this.windows[first]!
    const sumSquares = this.windowsSquared[to]! - this.windowsSquared[first]!
    const windowMean = sum / n
    const variance = Math.max(0, sumSquares / n - windowMean * windowMean)
    return { from, to, average, windowMean, windowStdDev: Math.sqrt(variance) }
  }

  /** Whether more than the quantile's share of the baseline's windows reach `level` (a linear count, no sort). */
  exceedsQuantileAt(baseline: Baseline, level: number): boolean {
    const first = this.firstWindow(baseline.from)
    const allowed = (1 - this.rule.quantile) * (baseline.to - first)
    let reaching = 0
    for (let k = first; k < baseline.to; k++) {
      if (this.windowCounts[k]! >= level && ++reaching > allowed) return true
    }
    return false
  }

  /** The baseline's window count at the rule's quantile. */
  windowQuantile(baseline: Baseline): number {
    return quantileOf(this.windowCounts.subarray(this.firstWindow(baseline.from), baseline.to), this.rule.quantile)
  }

  /** Windows wholly inside a baseline starting at `from` end at from + width - 1 or later. */
  private firstWindow(from: number): number {
    return from + this.rule.windowMinutes - 1
  }
}

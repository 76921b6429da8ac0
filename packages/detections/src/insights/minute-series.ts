/** Per-minute counts of one series, dense from `firstMinute` (minutes since the epoch): a missing minute is 0. */
export interface MinuteSeries {
  firstMinute: number
  counts: Float64Array
}

export interface MinuteCount {
  minute: number
  count: number
}

/** Dense counts over [fromMinute, toMinute); points outside are dropped. */
export function denseSeries(points: Iterable<MinuteCount>, fromMinute: number, toMinute: number): MinuteSeries {
  const counts = new Float64Array(Math.max(0, toMinute - fromMinute))
  for (const { minute, count } of points) {
    const i = minute - fromMinute
    if (i >= 0 && i < counts.length) counts[i]! += count
  }
  return { firstMinute: fromMinute, counts }
}

/** Prefix sums: `sum[k]` is the total of the first k values, so any range total is one subtraction. */
export function prefixSums(values: ArrayLike<number>, square = false): Float64Array {
  const sums = new Float64Array(values.length + 1)
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    sums[i + 1] = sums[i]! + (square ? v * v : v)
  }
  return sums
}

/** `window[i]` = the total of the `width` minutes ending at minute i (fewer at the start). */
export function windowSums(counts: ArrayLike<number>, width: number): Float64Array {
  const sums = new Float64Array(counts.length)
  let running = 0
  for (let i = 0; i < counts.length; i++) {
    running += counts[i]!
    if (i >= width) running -= counts[i - width]!
    sums[i] = running
  }
  return sums
}

/** Field names that carry time, coarsest first; a key's time span comes from a leading run of them. */
export const DATE_FIELDS = ['year', 'month', 'day', 'hour', 'minute'] as const

/** Index into DATE_FIELDS: 0 = year … 4 = minute. */
export type DateUnit = number

/** Half-open [start, end) in epoch milliseconds. */
export interface Span {
  readonly start: number
  readonly end: number
}

/** Half-open [from, to) in epoch milliseconds; a missing end is unbounded. */
export interface Bounds {
  readonly from?: number
  readonly to?: number
}

/**
 * The span denoted by date field values (`values[i]` for DATE_FIELDS[i]). Only the leading run of
 * present fields counts: a day without a month narrows nothing. 'unbounded' when no year is present,
 * 'invalid' when the values are not a real date (e.g. 2024/02/30).
 */
export function spanOf(values: readonly (string | undefined)[]): Span | 'unbounded' | 'invalid' {
  const numbers: number[] = []
  for (const value of values) {
    if (value === undefined) break
    if (!/^\d{1,9}$/.test(value)) return 'invalid'
    numbers.push(Number(value))
  }
  const [year, month = 1, day = 1, hour = 0, minute = 0] = numbers
  if (year === undefined) return 'unbounded'
  const valid =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= new Date(utc(year, month, 0)).getUTCDate() &&
    hour <= 23 &&
    minute <= 59
  if (!valid) return 'invalid'
  const start = utc(year, month - 1, day, hour, minute)
  return { start, end: addUnit(start, numbers.length - 1) }
}

export function overlaps(span: Span, window: Bounds): boolean {
  return (window.from === undefined || span.end > window.from) && (window.to === undefined || span.start < window.to)
}

/** Start of the `unit` period that contains `ms`. */
export function floorTo(ms: number, unit: DateUnit): number {
  const d = new Date(ms)
  return utc(
    d.getUTCFullYear(),
    unit >= 1 ? d.getUTCMonth() : 0,
    unit >= 2 ? d.getUTCDate() : 1,
    unit >= 3 ? d.getUTCHours() : 0,
    unit >= 4 ? d.getUTCMinutes() : 0,
  )
}

/** Start of the next `unit` period, given the start of one. */
export function addUnit(start: number, unit: DateUnit): number {
  const d = new Date(start)
  if (unit === 0) return utc(d.getUTCFullYear() + 1, 0, 1)
  if (unit === 1) return utc(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)
  return start + [86_400_000, 3_600_000, 60_000][unit - 2]!
}

/** Canonical folder values (4-digit year, 2-digit others) of the date fields DATE_FIELDS[0..=unit] at `ms`. */
export function folderValues(ms: number, unit: DateUnit): string[] {
  const d = new Date(ms)
  const all = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()]
  return all.slice(0, unit + 1).map((n, i) => String(n).padStart(i === 0 ? 4 : 2, '0'))
}

/** Date.UTC without its mapping of years 0–99 to 1900–1999. */
function utc(year: number, monthIndex: number, day: number, hour = 0, minute = 0): number {
  const d = new Date(0)
  d.setUTCFullYear(year, monthIndex, day)
  d.setUTCHours(hour, minute, 0, 0)
  return d.getTime()
}

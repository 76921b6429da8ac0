/**
 * CloudTrail's ISO-8601 times (`2023-01-01T00:00:00Z`, fractional seconds, offsets) as epoch milliseconds. A time
 * without a zone is taken as UTC: CloudTrail itself always writes `Z`, and the systems that export its events
 * without one (Panther's `2025-01-21 17:49:47.000000000`, Athena and warehouse timestamp columns) keep UTC.
 */

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/

function digit(text: string, i: number): number {
  const d = text.charCodeAt(i) - 0x30
  return d >= 0 && d <= 9 ? d : Number.NaN
}

function daysIn(year: number, month: number): number {
  if (month === 2 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0)) return 29
  return DAYS_IN_MONTH[month - 1] ?? 0
}

function toEpoch(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millis: number,
): number {
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month))) return Number.NaN
  if (!(hour <= 23 && minute <= 59 && second <= 59) || year < 1000) return Number.NaN
  return Date.UTC(year, month - 1, day, hour, minute, second, millis)
}

/** Epoch milliseconds (UTC) of an ISO-8601 date-time (zone `Z`, `±hh:mm` or none for UTC), or NaN. */
export function parseEventTime(text: string): number {
  // The shape CloudTrail writes, `YYYY-MM-DDTHH:MM:SS[.fff]Z`, without a regular expression.
  const n = text.length
  if (
    n >= 20 &&
    text.charCodeAt(n - 1) === 0x5a &&
    text.charCodeAt(10) === 0x54 &&
    (n === 20 || text.charCodeAt(19) === 0x2e)
  ) {
    if (
      text.charCodeAt(4) === 0x2d &&
      text.charCodeAt(7) === 0x2d &&
      text.charCodeAt(13) === 0x3a &&
      text.charCodeAt(16) === 0x3a
    ) {
      const year = digit(text, 0) * 1000 + digit(text, 1) * 100 + digit(text, 2) * 10 + digit(text, 3)
      const month = digit(text, 5) * 10 + digit(text, 6)
      const day = digit(text, 8) * 10 + digit(text, 9)
      const hour = digit(text, 11) * 10 + digit(text, 12)
      const minute = digit(text, 14) * 10 + digit(text, 15)
      const second = digit(text, 17) * 10 + digit(text, 18)
      let millis = 0
      if (n > 20) {
        if (n === 21) return Number.NaN
        let scale = 100
        for (let i = 20; i < n - 1; i++) {
          const d = digit(text, i)
          if (Number.isNaN(d)) return Number.NaN
          millis += d * scale
          scale /= 10
        }
        millis = Math.floor(millis)
      }
      return toEpoch(year, month, day, hour, minute, second, millis)
    }
  }
  const match = ISO_TIME.exec(text)
  if (match === null) return Number.NaN
  const [, y, mo, d, h, mi, s, fraction, zulu, sign, offsetHours, offsetMinutes] = match
  const millis = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000)
  const local = toEpoch(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s ?? 0), millis)
  if (zulu !== undefined || sign === undefined) return local
  const offset = (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000
  if (Number(offsetHours) > 23 || Number(offsetMinutes) > 59) return Number.NaN
  return sign === '-' ? local + offset : local - offset
}

/** `YYYY-MM-DD` (UTC) of epoch milliseconds. */
function utcDate(epochMillis: number): string {
  return new Date(epochMillis).toISOString().slice(0, 10)
}

/** The UTC date of a parsed event time, taken from its text when it is already in UTC. */
export function eventDate(text: string, epochMillis: number): string {
  const last = text.charCodeAt(text.length - 1)
  return (last === 0x5a || last === 0x7a) && text.charCodeAt(4) === 0x2d ? text.slice(0, 10) : utcDate(epochMillis)
}

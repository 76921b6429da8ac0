/** Time formats CloudTrail uses: event times, file name stamps, the date folders and response dates. */

export const MINUTE_MS = 60_000
export const HOUR_MS = 3_600_000
export const SLOT_MS = 5 * MINUTE_MS

/** `2024-08-01T12:23:55Z` (whole seconds, as eventTime). */
export function isoSeconds(ms: number): string {
  const iso = new Date(ms).toISOString()
  return `${iso.slice(0, 19)}Z`
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

/** `{ year: '2024', month: '08', day: '01' }` for the key's date folders. */
export function dateFolders(ms: number): { year: string; month: string; day: string } {
  const d = new Date(ms)
  return { year: String(d.getUTCFullYear()), month: pad2(d.getUTCMonth() + 1), day: pad2(d.getUTCDate()) }
}

/** `20240801T1225Z`, the stamp in a log file name. */
export function minuteStamp(ms: number): string {
  const d = new Date(ms)
  return `${d.getUTCFullYear()}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}T${pad2(d.getUTCHours())}${pad2(d.getUTCMinutes())}Z`
}

/** `20240801T122500Z`, the stamp in a digest file name. */
export function secondStamp(ms: number): string {
  const d = new Date(ms)
  return `${minuteStamp(ms).slice(0, -1)}${pad2(d.getUTCSeconds())}Z`
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** `Aug 1, 2024, 1:33:28 PM`, the Java-style date IAM and STS put in responseElements. */
export function javaDate(ms: number): string {
  const d = new Date(ms)
  const h = d.getUTCHours()
  const h12 = h % 12 === 0 ? 12 : h % 12
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h12}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`
}

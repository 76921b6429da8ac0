import { InvalidArgumentError } from 'commander'

const RELATIVE = /^(?:T-|-)?(\d+)\s*(m|h|d|w)$/i
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }

/**
 * A time for --from/--to: an ISO-8601 instant (`2024-05-01T12:00:00Z`), a UTC date (`2024-05-01` = its midnight),
 * or a span back from now (`7d`, `T-24h`, `90m`, `2w`).
 */
export function parseTime(value: string, now = new Date()): Date {
  const relative = RELATIVE.exec(value.trim())
  if (relative) return new Date(now.getTime() - Number(relative[1]) * UNIT_MS[relative[2]!.toLowerCase()]!)
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value
  const date = new Date(text)
  if (Number.isNaN(date.getTime())) {
    throw new InvalidArgumentError(`'${value}' is not a time: use 2024-05-01, 2024-05-01T12:00:00Z, 7d or T-24h`)
  }
  return date
}

import type { Detection, Severity } from './detection.js'

/** One event a detection found. */
export interface Finding {
  detection_id: string
  title: string
  severity: Severity
  mitre: string[]
  event_id: string
  /** ISO-8601 UTC. */
  event_time: string
  /** The identity's ARN, else its name. */
  actor: string | null
  source_ip_address: string | null
  recipient_account_id: string | null
  aws_region: string | null
  event_source: string | null
  event_name: string | null
  error_code: string | null
}

function iso(value: unknown): string {
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'number' || typeof value === 'bigint') return new Date(Number(value)).toISOString()
  return String(value)
}

const textOrNull = (value: unknown) => (value === null || value === undefined ? null : String(value))

/** Findings from the rows `findingsSql(detection)` returned. */
export function toFindings(detection: Detection, rows: readonly Record<string, unknown>[]): Finding[] {
  return rows.map((row) => ({
    detection_id: detection.id,
    title: detection.title,
    severity: detection.severity,
    mitre: detection.mitre,
    event_id: String(row.event_id),
    event_time: iso(row.event_time),
    actor: textOrNull(row.actor),
    source_ip_address: textOrNull(row.source_ip_address),
    recipient_account_id: textOrNull(row.recipient_account_id),
    aws_region: textOrNull(row.aws_region),
    event_source: textOrNull(row.event_source),
    event_name: textOrNull(row.event_name),
    error_code: textOrNull(row.error_code),
  }))
}

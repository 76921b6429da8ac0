export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const
export type Severity = (typeof SEVERITIES)[number]

/** How a detection is related to a rule of Panther's CloudTrail rule set, whose tests check it. */
export interface PantherMapping {
  /** Panther RuleIDs whose test events this detection must judge as Panther does. */
  rules: string[]
  /** Why a test verdict differs from Panther's, where it does. */
  notes?: string
}

/**
 * Events the detection must find (`match: true`: a finding on at least one of them) or must not find at all, kept
 * beside it and run by the test suite. Detections over groups of events take several.
 */
export interface DetectionTest {
  name: string
  match: boolean
  /** CloudTrail events, as CloudTrail writes them (`event:` in YAML for one, `events:` for several). */
  events: Record<string, unknown>[]
}

/**
 * One detection of the library: what it finds, how bad it is, what to do, and the SQL over `aws_cloudtrail_log`
 * that finds it. Either `condition` (a boolean SQL expression over the table's columns: one finding per matching
 * event) or `sql` (a whole SELECT that returns the finding columns, for detections over groups of events).
 */
export interface Detection {
  id: string
  title: string
  severity: Severity
  /** MITRE ATT&CK technique ids, e.g. T1562.008. */
  mitre: string[]
  /** What it means and what to do about it. */
  description: string
  condition?: string
  sql?: string
  tags: string[]
  references: string[]
  panther?: PantherMapping
  tests: DetectionTest[]
  /** Where it was read from, for messages. */
  source: string
}

/** The columns every detection's findings have, in this order (see `findingsSql`). */
export const FINDING_COLUMNS = [
  'event_id',
  'event_time',
  'actor',
  'source_ip_address',
  'recipient_account_id',
  'aws_region',
  'event_source',
  'event_name',
  'error_code',
] as const

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity)
}

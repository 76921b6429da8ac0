/** `->>` as a reader expects it: a string as itself, anything else as JSON text, absent as null. */
export function text(value: unknown): string | null {
  if (value === undefined || value === null) return null
  return typeof value === 'string' ? value : JSON.stringify(value)
}

const iso = (e: Record<string, any>) => new Date(Date.parse(e.eventTime)).toISOString()
const ui = (e: Record<string, any>, key: string) => text(e.userIdentity?.[key])
const rp = (e: Record<string, any>, key: string) => text(e.requestParameters?.[key])
const firstResource = (e: Record<string, any>) => (Array.isArray(e.resources) ? e.resources[0] : undefined)
const orNull = (v: unknown) => (v === undefined ? null : v)

type Row = Record<string, unknown>
type Expectation = (events: Record<string, any>[], now: Date) => Row[]

/** What each seed query must return, computed from the raw events in plain JS. */
export const seedExpectations: Record<string, Expectation> = {
  '01-basic-log-analysis.sql': (events, now) => {
    const cutoff = new Date(now.toISOString().slice(0, 10)).getTime() - 7 * 86_400_000
    return events
      .filter((e) => Date.parse(iso(e).slice(0, 10)) >= cutoff)
      .map((e) => ({ event_time: iso(e), event_name: orNull(e.eventName), event_source: orNull(e.eventSource), source_ip_address: orNull(e.sourceIPAddress), user_name: ui(e, 'userName'), error_code: orNull(e.errorCode) }))
  },
  '02-find-unauthorized-api-calls.sql': (events) =>
    events
      .filter((e) => typeof e.errorCode === 'string' && (e.errorCode.includes('Unauthorized') || e.errorCode.includes('AccessDenied')))
      .map((e) => ({ event_time: iso(e), event_name: orNull(e.eventName), event_source: orNull(e.eventSource), source_ip_address: orNull(e.sourceIPAddress), user_name: ui(e, 'userName'), error_code: e.errorCode, error_message: orNull(e.errorMessage) })),
  '03-track-root-account-usage.sql': (events) =>
    events
      .filter((e) => ui(e, 'type') === 'Root')
      .map((e) => ({ event_time: iso(e), event_name: orNull(e.eventName), event_source: orNull(e.eventSource), source_ip_address: orNull(e.sourceIPAddress), identity_type: 'Root' })),
  '04-monitor-iam-policy-changes.sql': (events) =>
    events
      .filter((e) => e.eventSource === 'iam.amazonaws.com' && typeof e.eventName === 'string' && e.eventName.includes('Policy'))
      .map((e) => ({ event_time: iso(e), event_name: e.eventName, user_name: ui(e, 'userName'), policy_name: rp(e, 'policyName'), policy_document: rp(e, 'policyDocument') })),
  '05-list-resource-deletions.sql': (events) =>
    events
      .filter((e) => typeof e.eventName === 'string' && e.eventName.startsWith('Delete'))
      .map((e) => {
        const r = firstResource(e)
        return { event_time: iso(e), event_name: e.eventName, event_source: orNull(e.eventSource), user_name: ui(e, 'userName'), resource_type: text(r?.resourceType ?? r?.type), resource_name: text(r?.resourceName ?? r?.ARN) }
      }),
  '06-find-api-calls-from-specific-ip-addresses.sql': (events) =>
    events
      .filter((e) => e.sourceIPAddress === '192.0.2.1')
      .map((e) => ({ event_time: iso(e), event_name: orNull(e.eventName), event_source: orNull(e.eventSource), source_ip_address: e.sourceIPAddress, user_name: ui(e, 'userName') })),
  '07-track-changes-to-security-groups.sql': (events) =>
    events
      .filter((e) => e.eventSource === 'ec2.amazonaws.com' && typeof e.eventName === 'string' && e.eventName.includes('SecurityGroup'))
      .map((e) => ({ event_time: iso(e), event_name: e.eventName, user_name: ui(e, 'userName'), security_group_id: rp(e, 'groupId'), ip_permissions: rp(e, 'ipPermissions') })),
  '08-list-iam-user-creation-events.sql': (events) =>
    events
      .filter((e) => e.eventName === 'CreateUser' && e.eventSource === 'iam.amazonaws.com')
      .map((e) => ({ event_time: iso(e), event_source: e.eventSource, event_name: e.eventName, actor: ui(e, 'userName'), created_user: rp(e, 'userName'), source_ip_address: orNull(e.sourceIPAddress), aws_region: orNull(e.awsRegion) })),
  '09-failed-api-calls.sql': (events) =>
    events
      .filter((e) => e.errorCode !== undefined && e.errorCode !== null)
      .map((e) => ({ event_time: iso(e), event_source: orNull(e.eventSource), event_name: orNull(e.eventName), error_code: text(e.errorCode), error_message: orNull(e.errorMessage), source_ip_address: orNull(e.sourceIPAddress), user_name: ui(e, 'userName'), aws_region: orNull(e.awsRegion) })),
  '10-security-group-changes.sql': (events) =>
    events
      .filter((e) => e.eventSource === 'ec2.amazonaws.com' && typeof e.eventName === 'string' && e.eventName.includes('SecurityGroup'))
      .map((e) => ({ event_time: iso(e), event_name: e.eventName, user_name: ui(e, 'userName'), security_group_id: rp(e, 'groupId'), source_ip_address: orNull(e.sourceIPAddress), aws_region: orNull(e.awsRegion) })),
  '11-root-account-activity.sql': (events) =>
    events
      .filter((e) => ui(e, 'type') === 'Root')
      .map((e) => ({ event_time: iso(e), event_source: orNull(e.eventSource), event_name: orNull(e.eventName), source_ip_address: orNull(e.sourceIPAddress), aws_region: orNull(e.awsRegion), user_agent: orNull(e.userAgent) })),
}

/** Rows compared as a multiset (ties in `order by event_time` have no defined order), and the order checked apart. */
export function canonical(rows: Row[]): string[] {
  return rows.map((r) => JSON.stringify(Object.keys(r).sort().map((k) => [k, r[k]]))).sort()
}

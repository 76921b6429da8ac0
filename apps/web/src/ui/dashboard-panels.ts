import { quoteStringLiteral, TABLE_NAME } from '@cairn/schema'
import { type FilterField, type Filter, fieldExpression } from '../filters/filters.js'

export interface Panel {
  id: string
  title: string
  kind: 'bars' | 'timeline' | 'list'
  /** SQL returning `label` and `n` (bars, timeline) or event rows (list); the filters narrow the table it reads. */
  sql: string
  /** The filter that clicking a label adds (none for a timeline: it narrows the time range). */
  filterOf?: (label: string | null) => Filter
  /**
   * Drawn after the others: its SQL reads large JSON columns, whose loading would hold back every other panel of
   * the first dashboard (they read only narrow columns).
   */
  later?: true
}

const T = TABLE_NAME

function top(id: string, title: string, field: Exclude<FilterField, 'resource'>, where = ''): Panel {
  return {
    id,
    title,
    kind: 'bars',
    sql: `select ${fieldExpression(field)} as label, count(*) as n from ${T} ${where ? `where ${where} ` : ''}group by 1 order by 2 desc, 1 limit 10`,
    filterOf: (label) => ({ field, value: label }),
  }
}

const ERRORS = "error_code is not null"
const ACCESS_DENIED = "error_code like '%AccessDenied%' or error_code like '%Unauthorized%' or error_code = 'Client.UnauthorizedOperation'"
const SECURITY_CHANGES = [
  'StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors', 'CreateUser', 'DeleteUser', 'CreateAccessKey',
  'AttachUserPolicy', 'AttachRolePolicy', 'PutUserPolicy', 'PutRolePolicy', 'CreatePolicyVersion', 'UpdateAssumeRolePolicy',
  'AuthorizeSecurityGroupIngress', 'RevokeSecurityGroupIngress', 'PutBucketPolicy', 'PutBucketAcl', 'DeleteBucketPolicy',
  'DisableKey', 'ScheduleKeyDeletion', 'DeleteDetector', 'DeleteFlowLogs', 'CreateLoginProfile', 'UpdateLoginProfile',
  'DeactivateMFADevice', 'DeleteVirtualMFADevice',
]

export const panels: Panel[] = [
  {
    id: 'events-over-time',
    title: 'Events over time (per day)',
    kind: 'timeline',
    sql: `select strftime(date_trunc('day', event_time), '%Y-%m-%d') as label, count(*) as n from ${T} group by 1 order by 1`,
  },
  top('event-names', 'Top event names', 'event_name'),
  top('event-sources', 'Top event sources', 'event_source'),
  top('identities', 'Top identities', 'identity'),
  top('source-ips', 'Top source IPs', 'source_ip_address'),
  top('regions', 'Regions', 'aws_region'),
  top('error-codes', 'Error codes', 'error_code', ERRORS),
  {
    id: 'errors-over-time',
    title: 'AccessDenied and other errors over time',
    kind: 'timeline',
    sql: `select strftime(date_trunc('day', event_time), '%Y-%m-%d') as label, case when ${ACCESS_DENIED} then 'AccessDenied' else 'other errors' end as series, count(*) as n from ${T} where ${ERRORS} group by 1, 2 order by 1, 2`,
  },
  top('root-activity', 'Root activity', 'event_name', "user_type = 'Root'"),
  {
    id: 'console-mfa',
    title: 'Console sign-ins, with and without MFA',
    kind: 'bars',
    later: true,
    sql: `select coalesce(additional_event_data->>'MFAUsed', 'unknown') || ' MFA, ' || coalesce(response_elements->>'ConsoleLogin', 'unknown') as label, count(*) as n from ${T} where event_name = 'ConsoleLogin' group by 1 order by 2 desc`,
  },
  {
    id: 'security-changes',
    title: 'Recent security-relevant changes',
    kind: 'list',
    sql: `select event_time, event_name, coalesce(user_arn, user_name) as actor, source_ip_address, error_code, event_id from ${T} where event_name in (${SECURITY_CHANGES.map(quoteStringLiteral).join(', ')}) order by event_time desc limit 20`,
  },
]

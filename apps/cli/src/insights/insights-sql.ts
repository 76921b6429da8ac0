/**
 * The SQL behind `cairn insights`. Everything is aggregated in DuckDB: per-minute counts per series and attribute
 * counts per insight period come back, never events.
 */
import type { InsightType } from '@cairn/detections'
import { quoteStringLiteral } from '@cairn/schema'

const MINUTE = 'epoch_ms(event_time) // 60000'

/** Which events each insight type counts: write management events, or management events that failed. */
export const COUNTED: Record<InsightType, string> = {
  ApiCallRateInsight: 'management_event and read_only = false',
  ApiErrorRateInsight: 'management_event and error_code is not null',
}

const KEYED =
  'recipient_account_id is not null and aws_region is not null and event_source is not null and event_name is not null'

/** Every column the statements below read, so the lake is loaded once for all of them. */
export const COLUMNS_SQL =
  'select event_time, recipient_account_id, aws_region, event_source, event_name, management_event, read_only, error_code, user_arn, user_invoked_by, user_agent, event_category from aws_cloudtrail_log'

/** Each account's first and last minute with any logged event (Insights events aside): its history. */
export const ACCOUNT_SPAN_SQL = `select recipient_account_id as account, min(${MINUTE}) as first_minute, max(${MINUTE}) as last_minute
from aws_cloudtrail_log
where recipient_account_id is not null and event_time is not null and event_category is distinct from 'Insight'
group by 1`

/** Per-minute counts of every series whose total could reach `minCalls`, ordered by series then minute. */
export function minuteCountsSql(minCalls: number): string {
  const branch = (
    type: InsightType,
  ) => `select '${type}' as insight_type, recipient_account_id as account, aws_region as region,
    event_source as source, event_name as name, ${MINUTE} as minute
  from aws_cloudtrail_log where ${COUNTED[type]} and ${KEYED}`
  return `with counted as (
  ${branch('ApiCallRateInsight')}
  union all
  ${branch('ApiErrorRateInsight')}
), per_minute as (
  select insight_type, account, region, source, name, minute, count(*) as calls from counted group by all
), totals as (
  select *, sum(calls) over (partition by insight_type, account, region, source, name) as total from per_minute
)
select insight_type, account, region, source, name, minute, calls from totals
where total >= ${Number(minCalls)}
order by insight_type, account, region, source, name, minute`
}

/** One period whose attributes to count: an insight's own minutes or its baseline's. */
export interface AttributionPeriod {
  id: number
  period: 'insight' | 'baseline'
  insightType: InsightType
  account: string
  region: string
  source: string
  name: string
  fromMinute: number
  toMinute: number
}


/** Counts of identity ARN, user agent and error code per period, in one statement for many periods. */
export function attributionCountsSql(periods: readonly AttributionPeriod[]): string {
  const values = periods
    .map(
      (p) =>
        `(${p.id}, ${quoteStringLiteral(p.period)}, ${quoteStringLiteral(p.insightType)}, ${quoteStringLiteral(p.account)}, ${quoteStringLiteral(p.region)}, ${quoteStringLiteral(p.source)}, ${quoteStringLiteral(p.name)}, ${Math.trunc(p.fromMinute)}, ${Math.trunc(p.toMinute)})`,
    )
    .join(',\n  ')
  const counted = (Object.keys(COUNTED) as InsightType[])
    .map((type) => `(p.insight_type = '${type}' and ${COUNTED[type]})`)
    .join(' or ')
  return `with periods(id, period, insight_type, account, region, source, name, from_minute, to_minute) as (values
  ${values}
), matched as (
  select p.id, p.period, coalesce(user_arn, user_invoked_by) as identity, user_agent, error_code
  from aws_cloudtrail_log e join periods p
    on e.recipient_account_id = p.account and e.aws_region = p.region and e.event_source = p.source and e.event_name = p.name
  where ${MINUTE} >= p.from_minute and ${MINUTE} < p.to_minute and (${counted})
)
select id, period, 'userIdentityArn' as attribute, identity as value, count(*) as count from matched group by all
union all
select id, period, 'userAgent', user_agent, count(*) from matched group by all
union all
select id, period, 'errorCode', error_code, count(*) from matched group by all`
}

import { type Detection, FINDING_COLUMNS } from './detection.js'

/** The actor of an event: the identity's ARN, else its name, principal id or the service that acted. */
const ACTOR = 'coalesce(user_arn, user_name, user_principal_id, user_invoked_by)'

/**
 * The SELECT that returns a detection's findings, one row per event, with the finding columns. A `condition`
 * detection becomes a filter over the table; a `sql` detection is wrapped, so it must return those columns.
 */
export function findingsSql(detection: Detection): string {
  if (detection.condition !== undefined) {
    return [
      `select ${FINDING_COLUMNS.map((c) => (c === 'actor' ? `${ACTOR} as actor` : c)).join(', ')}`,
      'from aws_cloudtrail_log',
      `where (${detection.condition})`,
    ].join('\n')
  }
  return [
    `select ${FINDING_COLUMNS.join(', ')}`,
    `from (\n${detection.sql}\n) as detection`,
  ].join('\n')
}

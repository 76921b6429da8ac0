/**
 * CloudTrail's own key layout, organization trails included. The org id is optional and DATA never
 * crosses a `/`, so the org id and the account id are told apart by position.
 */
export const DEFAULT_LAYOUT =
  'AWSLogs/(%{DATA:org_id}/)?%{NUMBER:account_id}/CloudTrail/%{DATA:region}/%{YEAR:year}/%{MONTHNUM:month}/%{MONTHDAY:day}/%{DATA}.json.gz'

/** CloudTrail Insights events, written beside the trail's logs. */
export const CLOUDTRAIL_INSIGHT_LAYOUT =
  'AWSLogs/(%{DATA:org_id}/)?%{NUMBER:account_id}/CloudTrail-Insight/%{DATA:region}/%{YEAR:year}/%{MONTHNUM:month}/%{MONTHDAY:day}/%{DATA}.json.gz'

/** CloudTrail log file integrity digests, written beside the trail's logs. */
export const CLOUDTRAIL_DIGEST_LAYOUT =
  'AWSLogs/(%{DATA:org_id}/)?%{NUMBER:account_id}/CloudTrail-Digest/%{DATA:region}/%{YEAR:year}/%{MONTHNUM:month}/%{MONTHDAY:day}/%{DATA}.json.gz'

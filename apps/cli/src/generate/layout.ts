/** S3 keys exactly as CloudTrail writes them (relative to the bucket, so also relative to `outDir`). */
import { dateFolders, minuteStamp, secondStamp } from './time-format.js'

export interface KeyOwner {
  accountId: string
  /** Organization id when the account's logs go to the organization trail's prefix. */
  orgId?: string
}

function prefix(owner: KeyOwner): string {
  return owner.orgId ? `AWSLogs/${owner.orgId}/${owner.accountId}` : `AWSLogs/${owner.accountId}`
}

function dayPath(ms: number): string {
  const { year, month, day } = dateFolders(ms)
  return `${year}/${month}/${day}`
}

/** `AWSLogs/[org/]acct/CloudTrail/region/YYYY/MM/DD/acct_CloudTrail_region_YYYYMMDDTHHmmZ_suffix.json.gz` */
export function logFileKey(owner: KeyOwner, region: string, deliveredMs: number, suffix: string): string {
  return `${prefix(owner)}/CloudTrail/${region}/${dayPath(deliveredMs)}/${owner.accountId}_CloudTrail_${region}_${minuteStamp(deliveredMs)}_${suffix}.json.gz`
}

/** The Insights sibling: `.../CloudTrail-Insight/region/YYYY/MM/DD/acct_CloudTrail-Insight_region_stamp_suffix.json.gz` */
export function insightFileKey(owner: KeyOwner, region: string, deliveredMs: number, suffix: string): string {
  return `${prefix(owner)}/CloudTrail-Insight/${region}/${dayPath(deliveredMs)}/${owner.accountId}_CloudTrail-Insight_${region}_${minuteStamp(deliveredMs)}_${suffix}.json.gz`
}

/** `.../CloudTrail-Digest/region/YYYY/MM/DD/acct_CloudTrail-Digest_region_trail_homeRegion_YYYYMMDDTHHMMSSZ.json.gz` */
export function digestFileKey(
  owner: KeyOwner,
  region: string,
  trailName: string,
  homeRegion: string,
  endMs: number,
): string {
  return `${prefix(owner)}/CloudTrail-Digest/${region}/${dayPath(endMs)}/${owner.accountId}_CloudTrail-Digest_${region}_${trailName}_${homeRegion}_${secondStamp(endMs)}.json.gz`
}

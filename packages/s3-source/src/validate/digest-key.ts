/** What a digest's S3 key says: whose chain it belongs to and the end time it was written for. */
export interface DigestKey {
  /** Everything of the key before the date folders: one chain per bucket, account, region and trail. */
  chain: string
  accountId: string
  orgId?: string
  region: string
  trailName: string
  homeRegion: string
  /** The digest's end time, from the key's `YYYYMMDDTHHMMSSZ`. */
  time: Date
  backfill: boolean
}

const KEY =
  /^(?<base>(?:.*\/)?AWSLogs\/(?:(?<org>o-[a-z0-9]+)\/)?(?<account>\d{12})\/CloudTrail-Digest\/(?<region>[a-z0-9-]+)\/)\d{4}\/\d{2}\/\d{2}\/\k<account>_CloudTrail-Digest_\k<region>_(?<trail>.+)_(?<home>[a-z]{2}(?:-[a-z]+)+-\d+)_(?<time>\d{8}T\d{6}Z)(?<backfill>_backfill)?\.json\.gz$/

/** Parses `…/AWSLogs/[org/]acct/CloudTrail-Digest/region/Y/M/D/acct_CloudTrail-Digest_region_trail_home_TIME[_backfill].json.gz`. */
export function parseDigestKey(bucket: string, key: string): DigestKey | undefined {
  const groups = KEY.exec(key)?.groups
  if (!groups) return undefined
  const time = parseCompactTime(groups.time!)
  if (!time) return undefined
  return {
    chain: `${bucket}/${groups.base}|${groups.trail}|${groups.home}`,
    accountId: groups.account!,
    ...(groups.org ? { orgId: groups.org } : {}),
    region: groups.region!,
    trailName: groups.trail!,
    homeRegion: groups.home!,
    time,
    backfill: groups.backfill !== undefined,
  }
}

/** `20240501T130512Z` as a Date, or undefined when it is not a real time. */
export function parseCompactTime(text: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text)
  if (!m) return undefined
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`)
  return Number.isNaN(date.getTime()) ? undefined : date
}

/** `arn:aws:cloudtrail:us-east-1:123456789012:trail/name`: the trail's home region, account and name. */
export interface TrailArn {
  partition: string
  homeRegion: string
  accountId: string
  trailName: string
}

export function parseTrailArn(arn: string): TrailArn {
  const m = /^arn:([^:]+):cloudtrail:([^:]+):(\d{12}):trail\/(.+)$/.exec(arn)
  if (!m) throw new Error(`'${arn}' is not a trail ARN (arn:aws:cloudtrail:<region>:<account>:trail/<name>)`)
  return { partition: m[1]!, homeRegion: m[2]!, accountId: m[3]!, trailName: m[4]! }
}

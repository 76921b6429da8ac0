import type { TrailObjectKind } from '../../src/index.js'
import { apiCallRecord, digestFile, fileSuffix, gzipRecords, insightRecord } from './cloudtrail-files.js'
import type { StoredObject } from './s3rver-store.js'

/**
 * The seeded trail bucket: an organization trail below a bucket prefix, with thousands of logs and hourly digests
 * across accounts, regions and days either side of a month boundary, some Insights, one folder of more than a
 * thousand logs, and the things a trail bucket also holds (Config, VPC flow logs, stray files, other prefixes).
 */
export const TRAIL_BUCKET = 'trail-bucket'
export const TRAIL_PREFIX = 'org-trails/'
export const ORG_ID = 'o-abc123'
export const ORG_ACCOUNTS = ['111111111111', '222222222222', '333333333333'] as const
export const ORG_REGIONS = ['us-east-1', 'eu-west-1'] as const
export const PLAIN_ACCOUNT = '444444444444'
export const PLAIN_REGION = 'ap-southeast-2'
export const DAYS = [
  '2023-06-15',
  '2023-12-31',
  '2024-01-28',
  '2024-01-29',
  '2024-01-30',
  '2024-01-31',
  '2024-02-01',
  '2024-02-02',
  '2024-03-10',
] as const
/** Times of day of the logs of each account, region and day. */
const LOG_TIMES = ['0005', '0610', '1215', '2355']
/** The day and folder holding more than a thousand logs, so that listing it takes pages. */
export const PAGED_DAY = '2024-01-30'
export const PAGED_FOLDER = `${TRAIL_PREFIX}AWSLogs/${ORG_ID}/111111111111/CloudTrail/us-east-1/2024/01/30/`
export const PAGED_EXTRA_LOGS = 1100
const INSIGHT_ACCOUNT = '222222222222'
const INSIGHT_DAYS = ['2024-01-31', '2024-02-01']
const BACKFILL_DAY = '2024-01-29'

export interface SeededObject extends StoredObject {
  /** What listTrailObjects must call it; undefined for keys it must not list. */
  kind?: TrailObjectKind
  /** The UTC day of the key's date folders. */
  day?: string
  /** The eventIDs in a log or Insights file. */
  eventIds: string[]
}

export function trailBucketObjects(): SeededObject[] {
  const objects: SeededObject[] = []
  const accountFolders = [
    ...ORG_ACCOUNTS.flatMap((account) =>
      ORG_REGIONS.map((region) => ({ root: `${TRAIL_PREFIX}AWSLogs/${ORG_ID}/${account}/`, account, region })),
    ),
    { root: `${TRAIL_PREFIX}AWSLogs/${PLAIN_ACCOUNT}/`, account: PLAIN_ACCOUNT, region: PLAIN_REGION },
  ]
  for (const { root, account, region } of accountFolders) {
    for (const day of DAYS) {
      const times = [...LOG_TIMES]
      if (`${root}CloudTrail/${region}/${day.replaceAll('-', '/')}/` === PAGED_FOLDER) {
        for (let i = 0; i < PAGED_EXTRA_LOGS; i++) {
          const minute = Math.floor((i * 1440) / PAGED_EXTRA_LOGS)
          times.push(`${String(Math.floor(minute / 60)).padStart(2, '0')}${String(minute % 60).padStart(2, '0')}#${i}`)
        }
      }
      const logKeys = times.map((time) => {
        const log = logObject(`${root}CloudTrail/`, account, region, day, time, 'log')
        objects.push(log)
        return log.key
      })
      objects.push(...digestObjects(root, account, region, day, logKeys))
      if (account === INSIGHT_ACCOUNT && region === 'us-east-1' && INSIGHT_DAYS.includes(day)) {
        objects.push(logObject(`${root}CloudTrail-Insight/`, account, region, day, '0300', 'insight'))
        objects.push(logObject(`${root}CloudTrail-Insight/`, account, region, day, '0400', 'insight'))
      }
    }
  }
  const orgAccount = `${TRAIL_PREFIX}AWSLogs/${ORG_ID}/111111111111/`
  // A date that does not exist still matches the layout, without a time: listed only when no window is given.
  objects.push({ ...logObject(`${orgAccount}CloudTrail/`, '111111111111', 'us-east-1', '2024-02-30', '0000', 'log') })
  const strayBody = Buffer.from('not cloudtrail')
  for (const key of [
    `${TRAIL_PREFIX}README.txt`,
    `${TRAIL_PREFIX}AWSLogs/${ORG_ID}/OrgSummary.json`,
    `${orgAccount}Config/us-east-1/2024/1/30/ConfigSnapshot/111111111111_Config_us-east-1_ConfigSnapshot_20240130T000000Z_a.json.gz`,
    `${orgAccount}vpcflowlogs/us-east-1/2024/01/30/111111111111_vpcflowlogs_us-east-1_fl-1_20240130T0000Z_a.log.gz`,
    `${orgAccount}elasticloadbalancing/us-east-1/2024/01/30/111111111111_elasticloadbalancing_us-east-1_a.log.gz`,
    `${orgAccount}CloudTrail/us-east-1/2024/01/30/notes.txt`,
    `${orgAccount}CloudTrail/us-east-1/2024/01/30/nested/111111111111_CloudTrail_us-east-1_20240130T0000Z_nestedAbCdEf0123.json.gz`,
    `${orgAccount}CloudTrail/us-east-1/24/01/30/111111111111_CloudTrail_us-east-1_20240130T0000Z_shortYearAbCdEf0.json.gz`,
  ]) {
    objects.push({ key, body: strayBody, eventIds: [] })
  }
  // Trails of other prefixes, which a listing of TRAIL_PREFIX must not reach.
  for (const root of ['AWSLogs/555555555555/', 'other-trails/AWSLogs/666666666666/']) {
    for (const time of ['0100', '0200']) {
      const log = logObject(`${root}CloudTrail/`, root.split('/').at(-2)!, 'us-east-1', PAGED_DAY, time, 'log')
      objects.push(log)
    }
  }
  return objects
}

function logObject(
  kindFolder: string,
  account: string,
  region: string,
  day: string,
  time: string,
  kind: 'log' | 'insight',
): SeededObject {
  const [hhmm = '0000', serial] = time.split('#')
  const stamp = `${day.replaceAll('-', '')}T${hhmm}Z`
  const type = kind === 'log' ? 'CloudTrail' : 'CloudTrail-Insight'
  const name = `${account}_${type}_${region}_${stamp}_${fileSuffix(`${kindFolder}${region}${day}${time}`)}.json.gz`
  const key = `${kindFolder}${region}/${day.replaceAll('-', '/')}/${name}`
  const eventTime = new Date(`${day}T${hhmm.slice(0, 2)}:${hhmm.slice(2)}:00Z`)
  const eventIds = [0, 1].map((n) => `${fileSuffix(`${key}${serial ?? ''}`)}-${n}`)
  const validTime = Number.isNaN(eventTime.getTime()) ? new Date(`2024-02-29T00:00:00Z`) : eventTime
  const records = eventIds.map((id, n) =>
    kind === 'log'
      ? apiCallRecord(id, new Date(validTime.getTime() - (n + 1) * 60_000), account, region)
      : insightRecord(id, validTime, account, region, n === 0 ? 'Start' : 'End'),
  )
  return { key, body: gzipRecords(records), kind, day, eventIds }
}

function digestObjects(root: string, account: string, region: string, day: string, logKeys: string[]): SeededObject[] {
  const digests: SeededObject[] = []
  for (let hour = 0; hour < 24; hour++) {
    const start = new Date(`${day}T${String(hour).padStart(2, '0')}:00:00Z`)
    const end = new Date(start.getTime() + 3600_000 - 1000)
    const backfill = day === BACKFILL_DAY && hour === 23
    const stamp = end.toISOString().replace(/[-:]|\.\d{3}/g, '')
    const name = `${account}_CloudTrail-Digest_${region}_org-trail_us-east-1_${stamp}${backfill ? '_backfill' : ''}.json.gz`
    const key = `${root}CloudTrail-Digest/${region}/${day.replaceAll('-', '/')}/${name}`
    const inHour = logKeys.filter((logKey) =>
      logKey.includes(`_${day.replaceAll('-', '')}T${String(hour).padStart(2, '0')}`),
    )
    digests.push({
      key,
      body: digestFile({ account, bucket: TRAIL_BUCKET, key, start, end, logKeys: inHour }),
      metadata: {
        signature: fileSuffix(key).repeat(8).toLowerCase(),
        'signature-algorithm': 'SHA256withRSA',
        ...(backfill ? { 'backfill-generation-timestamp': `${day}T23:59:59Z` } : {}),
      },
      kind: 'digest',
      day,
      eventIds: [],
    })
  }
  return digests
}

/** The keys listTrailObjects must yield for a (normalised) bucket prefix and a window. */
export function expectedKeys(
  objects: SeededObject[],
  options: { prefix: string; from?: Date; to?: Date; kinds?: TrailObjectKind[] },
): string[] {
  const windowed = options.from !== undefined || options.to !== undefined
  return objects
    .filter((object) => object.kind !== undefined && object.key.startsWith(`${options.prefix}AWSLogs/`))
    .filter((object) => (options.kinds ? options.kinds.includes(object.kind!) : true))
    .filter((object) => {
      if (!windowed) return true
      const start = new Date(`${object.day}T00:00:00Z`)
      if (Number.isNaN(start.getTime()) || start.toISOString().slice(0, 10) !== object.day) return false
      const end = new Date(start.getTime() + 86_400_000)
      return (options.to === undefined || start < options.to) && (options.from === undefined || end > options.from)
    })
    .map((object) => object.key)
    .sort()
}

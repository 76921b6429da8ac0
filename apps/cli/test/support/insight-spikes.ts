/**
 * Bursts of CloudTrail events of known account, region, API, identity, start and end, written as a trail file
 * for `cairn collect`: the ground truth `cairn insights` is scored against.
 */
import { writeFile } from 'node:fs/promises'

export interface Spike {
  id: string
  type: 'ApiCallRateInsight' | 'ApiErrorRateInsight'
  account: string
  region: string
  source: string
  name: string
  errorCode?: string
  /** Minutes since the epoch: [start, end). */
  startMinute: number
  endMinute: number
  perMinute: number
  arn: string
}

const MINUTE_MS = 60_000

const CALL_APIS: readonly [string, string][] = [
  ['ec2.amazonaws.com', 'RunInstances'],
  ['iam.amazonaws.com', 'CreateAccessKey'],
  ['s3.amazonaws.com', 'PutBucketPolicy'],
  ['ssm.amazonaws.com', 'UpdateInstanceInformation'],
  ['logs.amazonaws.com', 'CreateLogStream'],
  ['ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress'],
  ['iam.amazonaws.com', 'AttachRolePolicy'],
  ['kms.amazonaws.com', 'ScheduleKeyDeletion'],
  ['lambda.amazonaws.com', 'UpdateFunctionCode20150331v2'],
  ['ec2.amazonaws.com', 'CreateTags'],
]
// read-only calls, so an error burst is an error-rate insight only
const ERROR_APIS: readonly [string, string, string][] = [
  ['secretsmanager.amazonaws.com', 'GetSecretValue', 'AccessDeniedException'],
  ['ec2.amazonaws.com', 'DescribeInstances', 'Client.UnauthorizedOperation'],
  ['iam.amazonaws.com', 'ListUsers', 'AccessDenied'],
  ['kms.amazonaws.com', 'Decrypt', 'AccessDeniedException'],
  ['s3.amazonaws.com', 'ListBuckets', 'AccessDenied'],
  ['ssm.amazonaws.com', 'GetParameter', 'AccessDeniedException'],
]

/** A small seeded generator (mulberry32), so the spikes are the same every run. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * `count` spikes in [fromMinute, toMinute), a day apart at least: call-rate bursts first, then error-rate ones,
 * 8 to 40 minutes long at 3 to 12 calls a minute.
 */
export function planSpikes(
  accounts: readonly string[],
  regions: readonly string[],
  fromMinute: number,
  toMinute: number,
  calls: number,
  errors: number,
  seed = 11,
): Spike[] {
  const next = random(seed)
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!
  const total = calls + errors
  const spacing = Math.floor((toMinute - fromMinute) / total)
  return Array.from({ length: total }, (_, i) => {
    const isError = i >= calls
    const api = isError ? ERROR_APIS[(i - calls) % ERROR_APIS.length]! : CALL_APIS[i % CALL_APIS.length]!
    const account = pick(accounts)
    const region = api[0] === 'iam.amazonaws.com' ? regions[0]! : pick(regions)
    const startMinute = fromMinute + i * spacing + Math.floor(next() * (spacing - 60))
    const duration = 8 + Math.floor(next() * 33)
    return {
      id: `spike-${i}`,
      type: isError ? 'ApiErrorRateInsight' : 'ApiCallRateInsight',
      account,
      region,
      source: api[0],
      name: api[1],
      ...(isError ? { errorCode: (api as readonly [string, string, string])[2] } : {}),
      startMinute,
      endMinute: startMinute + duration,
      perMinute: 3 + Math.floor(next() * 10),
      arn: `arn:aws:iam::${account}:user/spike-${i}`,
    }
  })
}

/** The spike's events: `perMinute` a minute at random seconds, one in five from a second identity. */
export function spikeEvents(spike: Spike, seed = 5): object[] {
  const next = random(seed + spike.startMinute)
  const events: object[] = []
  for (let minute = spike.startMinute; minute < spike.endMinute; minute++) {
    for (let k = 0; k < spike.perMinute; k++) {
      const helper = k % 5 === 4
      const arn = helper ? `arn:aws:iam::${spike.account}:user/helper-${spike.id}` : spike.arn
      const at = new Date(minute * MINUTE_MS + Math.floor(next() * 59_000))
      events.push({
        eventVersion: '1.08',
        userIdentity: {
          type: 'IAMUser',
          principalId: `AIDA${spike.id}`,
          arn,
          accountId: spike.account,
          userName: arn.split('/')[1],
        },
        eventTime: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        eventSource: spike.source,
        eventName: spike.name,
        awsRegion: spike.region,
        sourceIPAddress: '203.0.113.7',
        userAgent: helper ? 'aws-cli/2.15.0' : `spike-agent/${spike.id}`,
        ...(spike.errorCode ? { errorCode: spike.errorCode, errorMessage: 'not authorized' } : {}),
        requestParameters: null,
        responseElements: null,
        requestID: `${spike.id}-${minute}-${k}`,
        eventID: `${spike.id}-${minute}-${k}-${Math.floor(next() * 1e9)}`,
        readOnly: spike.type === 'ApiErrorRateInsight',
        eventType: 'AwsApiCall',
        managementEvent: true,
        recipientAccountId: spike.account,
        eventCategory: 'Management',
      })
    }
  }
  return events
}

export async function writeSpikes(path: string, spikes: readonly Spike[]): Promise<number> {
  const records = spikes.flatMap((s) => spikeEvents(s))
  await writeFile(path, JSON.stringify({ Records: records }))
  return records.length
}

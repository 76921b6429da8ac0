/**
 * CloudTrail Insights: a few unusual-activity episodes, each a Start and an End record sharing a sharedEventID,
 * delivered in `CloudTrail-Insight/` files a few minutes after the fact.
 */
import { insightFileKey, type KeyOwner } from './layout.js'
import type { Org } from './org.js'
import type { Population } from './principals.js'
import type { Rng } from './prng.js'
import { isoSeconds, MINUTE_MS, SLOT_MS } from './time-format.js'

export interface InsightFile {
  key: string
  records: object[]
  times: number[]
}

interface Episode {
  source: string
  name: string
  type: 'ApiCallRateInsight' | 'ApiErrorRateInsight'
  errorCode?: string
}

const EPISODES: readonly Episode[] = [
  { source: 'ec2.amazonaws.com', name: 'RunInstances', type: 'ApiCallRateInsight' },
  { source: 'ssm.amazonaws.com', name: 'UpdateInstanceAssociationStatus', type: 'ApiCallRateInsight' },
  { source: 'iam.amazonaws.com', name: 'PutRolePolicy', type: 'ApiCallRateInsight' },
  { source: 'ec2.amazonaws.com', name: 'CreateNetworkInterface', type: 'ApiCallRateInsight' },
  {
    source: 'secretsmanager.amazonaws.com',
    name: 'GetSecretValue',
    type: 'ApiErrorRateInsight',
    errorCode: 'AccessDeniedException',
  },
  { source: 's3.amazonaws.com', name: 'GetBucketPolicy', type: 'ApiErrorRateInsight', errorCode: 'AccessDenied' },
  {
    source: 'ec2.amazonaws.com',
    name: 'DescribeInstances',
    type: 'ApiErrorRateInsight',
    errorCode: 'Client.RequestLimitExceeded',
  },
]

function round(n: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(n * f) / f
}

/** The Insights files for a run (few enough to hold at once). */
export function buildInsights(
  rng: Rng,
  org: Org,
  population: Population,
  startMs: number,
  endMs: number,
  days: number,
): InsightFile[] {
  const files: InsightFile[] = []
  const count = Math.max(1, Math.min(20, Math.round(days / 6)))
  const firstMinute = Math.ceil(startMs / MINUTE_MS) * MINUTE_MS
  for (let i = 0; i < count; i++) {
    const episode = rng.pick(EPISODES)
    const roster = rng.pick(population.rosters)
    const account = roster.account
    const region = (
      episode.source === 'iam.amazonaws.com' || rng.chance(0.7) ? account.regions[0] : rng.pick(account.regions)
    )!.region
    const duration = rng.range(1, 45)
    const latestStart = endMs - (duration + 1) * MINUTE_MS
    if (latestStart < firstMinute) break
    const start = firstMinute + Math.floor(rng.float() * ((latestStart - firstMinute) / MINUTE_MS)) * MINUTE_MS
    const finish = start + duration * MINUTE_MS
    const shared = rng.uuid()
    const baselineAverage = round(rng.chance(0.5) ? 0.0000882145 * rng.range(1, 40) : rng.float() * 0.05, 10)
    const insightAverage = round(
      episode.type === 'ApiErrorRateInsight' ? rng.range(5, 60) / 10 : rng.range(20, 400) / 10,
      4,
    )
    const actor =
      roster.byClass.get(episode.type === 'ApiErrorRateInsight' ? 'automation' : 'human')?.pick(rng) ?? roster.terraform
    const baselineDuration = rng.range(10_080, 129_600)
    const attributions = [
      {
        attribute: 'userIdentityArn',
        insight:
          actor.arn === roster.terraform.arn
            ? [{ value: actor.arn, average: insightAverage }]
            : [
                { value: actor.arn, average: round(insightAverage * 0.9, 4) },
                { value: roster.terraform.arn, average: round(insightAverage * 0.1, 4) },
              ],
        baseline: [{ value: roster.terraform.arn, average: round(baselineAverage, 10) }],
      },
      {
        attribute: 'userAgent',
        insight: [{ value: actor.agent ?? 'AWS Internal', average: insightAverage }],
        baseline: [{ value: roster.terraform.agent ?? 'AWS Internal', average: baselineAverage }],
      },
      {
        attribute: 'errorCode',
        insight: [{ value: episode.errorCode ?? 'null', average: insightAverage }],
        baseline: [{ value: 'null', average: baselineAverage }],
      },
    ]
    const owner: KeyOwner = account.orgLayout ? { accountId: account.id, orgId: org.orgId } : { accountId: account.id }
    const record = (state: 'Start' | 'End', at: number) => {
      const details: Record<string, unknown> = {
        state,
        eventSource: episode.source,
        eventName: episode.name,
        insightType: episode.type,
      }
      if (episode.errorCode) details.errorCode = episode.errorCode
      details.insightContext = {
        statistics: {
          baseline: { average: baselineAverage },
          insight: { average: insightAverage },
          ...(state === 'End' ? { insightDuration: duration } : {}),
          baselineDuration,
        },
        attributions,
      }
      return {
        eventVersion: '1.08',
        eventTime: isoSeconds(at),
        awsRegion: region,
        eventID: rng.uuid(),
        eventType: 'AwsCloudTrailInsight',
        recipientAccountId: account.id,
        sharedEventID: shared,
        insightDetails: details,
        eventCategory: 'Insight',
      }
    }
    const deliver = (at: number) => (Math.floor(at / SLOT_MS) + 1 + rng.range(1, 3)) * SLOT_MS
    files.push({
      key: insightFileKey(owner, region, deliver(start), rng.alnum(16)),
      records: [record('Start', start)],
      times: [start],
    })
    files.push({
      key: insightFileKey(owner, region, deliver(finish), rng.alnum(16)),
      records: [record('End', finish)],
      times: [finish],
    })
  }
  return files
}

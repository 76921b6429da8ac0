import { describe, expect, it } from 'vitest'
import { type AttributeCount, attributions, type Episode, insightRecords, stableId, topValues } from '../src/index.js'

const episode: Episode = {
  startMinute: 29_000_000,
  endMinute: 29_000_020,
  ongoing: false,
  triggerCount: 40,
  threshold: 10,
  calls: 160,
  average: 8,
  baseline: { from: 28_980_000, to: 28_999_996, average: 0.0000882145, windowMean: 0.0004, windowStdDev: 0.02 },
}

const counts: AttributeCount[] = [
  ...Array.from({ length: 7 }, (_, i) => ({
    attribute: 'userIdentityArn' as const,
    period: 'insight' as const,
    value: `arn:user/${i}`,
    count: 7 - i,
  })),
  { attribute: 'userIdentityArn', period: 'insight', value: 'arn:user/spike', count: 120 },
  { attribute: 'userIdentityArn', period: 'baseline', value: null, count: 2 },
  { attribute: 'userAgent', period: 'insight', value: 'aws-cli/2', count: 160 },
  { attribute: 'errorCode', period: 'insight', value: 'AccessDenied', count: 150 },
  { attribute: 'errorCode', period: 'insight', value: 'ThrottlingException', count: 10 },
]

describe('attributions', () => {
  it('keeps the top five values per period, most frequent first, as calls per minute', () => {
    const top = topValues(
      counts.filter((c) => c.attribute === 'userIdentityArn' && c.period === 'insight'),
      20,
    )
    expect(top.map((v) => v.value)).toEqual(['arn:user/spike', 'arn:user/0', 'arn:user/1', 'arn:user/2', 'arn:user/3'])
    expect(top[0]!.average).toBe(6)
  })

  it('covers identity, user agent and error code, null values named "null"', () => {
    const list = attributions(counts, 20, 19_996)
    expect(list.map((a) => a.attribute)).toEqual(['userIdentityArn', 'userAgent', 'errorCode'])
    expect(list[0]!.baseline).toEqual([{ value: 'null', average: 2 / 19_996 }])
    expect(list[2]!.baseline).toEqual([])
  })
})

describe('insight records', () => {
  const key = {
    account: '111122223333',
    region: 'us-east-1',
    eventSource: 'iam.amazonaws.com',
    eventName: 'ListUsers',
    insightType: 'ApiErrorRateInsight' as const,
  }

  it('writes a Start and an End sharing an id, End with the duration, the top error as errorCode', () => {
    const [start, end, ...rest] = insightRecords(key, episode, attributions(counts, 20, 19_996))
    expect(rest).toEqual([])
    expect(start!.sharedEventID).toBe(end!.sharedEventID)
    expect(start!.eventID).not.toBe(end!.eventID)
    expect(start!.eventTime).toBe(new Date(29_000_000 * 60_000).toISOString())
    expect(end!.eventTime).toBe(new Date(29_000_020 * 60_000).toISOString())
    expect(start!.insightDetails.state).toBe('Start')
    expect(end!.insightDetails.state).toBe('End')
    expect(start!.insightDetails.errorCode).toBe('AccessDenied')
    expect(start!.insightDetails.insightContext.statistics).toEqual({
      baseline: { average: 0.0000882145 },
      insight: { average: 8 },
      baselineDuration: 19_996,
    })
    expect(end!.insightDetails.insightContext.statistics.insightDuration).toBe(20)
    expect(start!.eventType).toBe('AwsCloudTrailInsight')
    expect(start!.eventCategory).toBe('Insight')
  })

  it('writes only a Start for an ongoing episode, and no errorCode for a call-rate insight', () => {
    const records = insightRecords({ ...key, insightType: 'ApiCallRateInsight' }, { ...episode, ongoing: true }, [])
    expect(records).toHaveLength(1)
    expect(records[0]!.insightDetails).not.toHaveProperty('errorCode')
  })

  it('derives stable, UUID-shaped ids', () => {
    expect(stableId('a')).toBe(stableId('a'))
    expect(stableId('a')).not.toBe(stableId('b'))
    expect(stableId('a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
  })
})

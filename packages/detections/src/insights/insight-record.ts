import type { Attribution } from './attributions.js'
import type { Episode } from './episodes.js'

export const INSIGHT_TYPES = ['ApiCallRateInsight', 'ApiErrorRateInsight'] as const
export type InsightType = (typeof INSIGHT_TYPES)[number]

/** Where an episode happened: one API in one account and region. */
export interface InsightSeriesKey {
  account: string
  region: string
  eventSource: string
  eventName: string
  insightType: InsightType
}

/** An Insights event as CloudTrail writes it (`eventType: AwsCloudTrailInsight`). */
export interface InsightRecord {
  eventVersion: string
  eventTime: string
  awsRegion: string
  eventID: string
  eventType: 'AwsCloudTrailInsight'
  recipientAccountId: string
  sharedEventID: string
  insightDetails: {
    state: 'Start' | 'End'
    eventSource: string
    eventName: string
    insightType: InsightType
    errorCode?: string
    insightContext: {
      statistics: {
        baseline: { average: number }
        insight: { average: number }
        insightDuration?: number
        baselineDuration: number
      }
      attributions: Attribution[]
    }
  }
  eventCategory: 'Insight'
}

const MINUTE_MS = 60_000

/** A UUID-shaped id derived from the text (FNV-1a, four seeds), so a rerun gives the same ids. */
export function stableId(text: string): string {
  const parts = [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x85ebca6b].map((seed) => {
    let h = seed >>> 0
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0
    return h.toString(16).padStart(8, '0')
  })
  const hex = parts.join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}

const round = (n: number) => Number(n.toPrecision(6))

function roundAttributions(list: readonly Attribution[]): Attribution[] {
  return list.map((a) => ({
    attribute: a.attribute,
    insight: a.insight.map((v) => ({ value: v.value, average: round(v.average) })),
    baseline: a.baseline.map((v) => ({ value: v.value, average: round(v.average) })),
  }))
}

/**
 * The Start and End records of an episode (Start only while it is ongoing). For an error-rate insight `errorCode`
 * is the most frequent error of the insight period.
 */
export function insightRecords(
  key: InsightSeriesKey,
  episode: Episode,
  attributionList: readonly Attribution[],
): InsightRecord[] {
  const shared = stableId(
    `${key.insightType}|${key.account}|${key.region}|${key.eventSource}|${key.eventName}|${episode.startMinute}`,
  )
  const attributions = roundAttributions(attributionList)
  const errorCode =
    key.insightType === 'ApiErrorRateInsight'
      ? attributions.find((a) => a.attribute === 'errorCode')?.insight[0]?.value
      : undefined
  const record = (state: 'Start' | 'End', minute: number): InsightRecord => ({
    eventVersion: '1.08',
    eventTime: new Date(minute * MINUTE_MS).toISOString(),
    awsRegion: key.region,
    eventID: stableId(`${shared}|${state}`),
    eventType: 'AwsCloudTrailInsight',
    recipientAccountId: key.account,
    sharedEventID: shared,
    insightDetails: {
      state,
      eventSource: key.eventSource,
      eventName: key.eventName,
      insightType: key.insightType,
      ...(errorCode !== undefined ? { errorCode } : {}),
      insightContext: {
        statistics: {
          baseline: { average: round(episode.baseline.average) },
          insight: { average: round(episode.average) },
          ...(state === 'End' ? { insightDuration: episode.endMinute - episode.startMinute } : {}),
          baselineDuration: episode.baseline.to - episode.baseline.from,
        },
        attributions,
      },
    },
    eventCategory: 'Insight',
  })
  const start = record('Start', episode.startMinute)
  return episode.ongoing ? [start] : [start, record('End', episode.endMinute)]
}

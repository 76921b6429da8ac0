/** Insights over a lake session: per-minute counts from SQL, episodes and attributions from @cairn/detections. */
import {
  type AttributeCount,
  attributions,
  DEFAULT_INSIGHT_RULE,
  denseSeries,
  type Episode,
  findEpisodes,
  type InsightRecord,
  type InsightRule,
  type InsightSeriesKey,
  type InsightType,
  insightRecords,
  type MinuteCount,
} from '@cairn/detections'
import type { LakeFilter, LakeSession } from '@cairn/query'
import {
  ACCOUNT_SPAN_SQL,
  type AttributionPeriod,
  attributionCountsSql,
  COLUMNS_SQL,
  minuteCountsSql,
} from './insights-sql.js'

const MINUTE_MS = 60_000
/** Periods counted per attribution statement (its VALUES list). */
const PERIODS_PER_STATEMENT = 200

export interface InsightsOptions {
  from?: Date
  to?: Date
  partitions?: string[]
  indexes?: string[]
  rule?: InsightRule
  onProgress?: (text: string) => void
}

/** An account's history and the first minute that could be judged in it. */
export interface AccountHistory {
  account: string
  firstEvent: string
  lastEvent: string
  historyDays: number
  /** When windows start being judged (history plus --from), or null when there is never enough history. */
  judgedFrom: string | null
}

export interface FoundInsight {
  key: InsightSeriesKey
  episode: Episode
  records: InsightRecord[]
}

export interface InsightsReport {
  insights: FoundInsight[]
  accounts: AccountHistory[]
  series: number
  rule: InsightRule
}

interface Series {
  key: InsightSeriesKey
  points: MinuteCount[]
}

function groupSeries(rows: readonly Record<string, unknown>[]): Series[] {
  const out: Series[] = []
  let current: Series | undefined
  for (const row of rows) {
    const key: InsightSeriesKey = {
      insightType: row.insight_type as InsightType,
      account: String(row.account),
      region: String(row.region),
      eventSource: String(row.source),
      eventName: String(row.name),
    }
    if (
      !current ||
      current.key.insightType !== key.insightType ||
      current.key.account !== key.account ||
      current.key.region !== key.region ||
      current.key.eventSource !== key.eventSource ||
      current.key.eventName !== key.eventName
    ) {
      current = { key, points: [] }
      out.push(current)
    }
    current.points.push({ minute: Number(row.minute), count: Number(row.calls) })
  }
  return out
}

const iso = (minute: number) => new Date(minute * MINUTE_MS).toISOString()

export async function runInsights(session: LakeSession, options: InsightsOptions = {}): Promise<InsightsReport> {
  const rule = options.rule ?? DEFAULT_INSIGHT_RULE
  const progress = options.onProgress ?? (() => {})
  // the baseline of the first minute judged lies before --from: load that history too
  const historyStart = options.from
    ? new Date(options.from.getTime() - (rule.maxBaselineMinutes + rule.windowMinutes) * MINUTE_MS)
    : undefined
  const filter: LakeFilter = {
    from: historyStart,
    to: options.to,
    partitions: options.partitions,
    indexes: options.indexes,
  }
  await session.ensureLoaded(COLUMNS_SQL, {
    filter,
    onLoadProgress: (p) => progress(`loading ${p.filesRead}/${p.filesTotal} files, ${p.rows} rows`),
  })
  progress('counting calls per minute')
  const spans = new Map<string, { first: number; last: number }>()
  for (const row of (await session.query(ACCOUNT_SPAN_SQL, { filter })).rows) {
    spans.set(String(row.account), { first: Number(row.first_minute), last: Number(row.last_minute) })
  }
  const judgeFrom = options.from ? Math.ceil(options.from.getTime() / MINUTE_MS) : undefined
  const accounts: AccountHistory[] = [...spans]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([account, span]) => {
      const earliest = span.first + rule.minBaselineMinutes + rule.windowMinutes - 1
      const judged = Math.max(earliest, judgeFrom ?? earliest)
      return {
        account,
        firstEvent: iso(span.first),
        lastEvent: iso(span.last),
        historyDays: Math.round(((span.last + 1 - span.first) / 1440) * 10) / 10,
        judgedFrom: judged <= span.last ? iso(judged) : null,
      }
    })
  const series = groupSeries((await session.query(minuteCountsSql(rule.minCalls), { filter })).rows)
  const found: { key: InsightSeriesKey; episode: Episode }[] = []
  for (const [n, s] of series.entries()) {
    if (n % 50 === 0) progress(`judging series ${n + 1}/${series.length}`)
    const span = spans.get(s.key.account)
    if (!span) continue
    const dense = denseSeries(s.points, span.first, span.last + 1)
    for (const episode of findEpisodes(dense, rule, { judgeFromMinute: judgeFrom })) found.push({ key: s.key, episode })
  }
  const counts = await attributionCounts(session, filter, found, progress)
  const insights = found
    .map(({ key, episode }, i) => {
      const list = attributions(
        counts.get(i) ?? [],
        episode.endMinute - episode.startMinute,
        episode.baseline.to - episode.baseline.from,
      )
      return { key, episode, records: insightRecords(key, episode, list) }
    })
    .sort((a, b) => a.episode.startMinute - b.episode.startMinute || a.key.account.localeCompare(b.key.account))
  return { insights, accounts, series: series.length, rule }
}

async function attributionCounts(
  session: LakeSession,
  filter: LakeFilter,
  found: readonly { key: InsightSeriesKey; episode: Episode }[],
  progress: (text: string) => void,
): Promise<Map<number, AttributeCount[]>> {
  const periods: AttributionPeriod[] = found.flatMap(({ key, episode }, id) => {
    const where = {
      id,
      insightType: key.insightType,
      account: key.account,
      region: key.region,
      source: key.eventSource,
      name: key.eventName,
    }
    return [
      { ...where, period: 'insight' as const, fromMinute: episode.startMinute, toMinute: episode.endMinute },
      { ...where, period: 'baseline' as const, fromMinute: episode.baseline.from, toMinute: episode.baseline.to },
    ]
  })
  const byId = new Map<number, AttributeCount[]>()
  for (let i = 0; i < periods.length; i += PERIODS_PER_STATEMENT) {
    progress(`attributing insights ${i / 2 + 1}/${found.length}`)
    const { rows } = await session.query(attributionCountsSql(periods.slice(i, i + PERIODS_PER_STATEMENT)), { filter })
    for (const row of rows) {
      const id = Number(row.id)
      const list = byId.get(id) ?? []
      list.push({
        attribute: row.attribute as AttributeCount['attribute'],
        period: row.period as AttributeCount['period'],
        value: row.value === null || row.value === undefined ? null : String(row.value),
        count: Number(row.count),
      })
      byId.set(id, list)
    }
  }
  return byId
}

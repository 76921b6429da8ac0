import { DEFAULT_INSIGHT_RULE, type InsightRecord } from '@cairn/detections'
import { lakeLocationOf, type S3LakeFlags } from '../lake-location.js'
import { openLakeAt } from '../lake-store.js'
import { type FoundInsight, type InsightsReport, runInsights } from '../insights/run-insights.js'
import { formatResult } from '../output/format-result.js'
import { formatCount, Progress } from '../progress.js'

export const INSIGHTS_OUTPUTS = ['table', 'json'] as const

export interface InsightsCommandOptions extends S3LakeFlags {
  dataDir?: string
  from?: Date
  to?: Date
  partition?: string[]
  index?: string[]
  minCalls?: number
  output: (typeof INSIGHTS_OUTPUTS)[number]
}

const TABLE_COLUMNS = [
  'account',
  'region',
  'source',
  'name',
  'type',
  'start',
  'end',
  'baseline_per_min',
  'insight_per_min',
  'top_identity',
]

function tableRow({ key, episode, records }: FoundInsight): Record<string, unknown> {
  const identities = records[0]!.insightDetails.insightContext.attributions.find(
    (a) => a.attribute === 'userIdentityArn',
  )
  return {
    account: key.account,
    region: key.region,
    source: key.eventSource,
    name: key.eventName,
    type:
      key.insightType === 'ApiCallRateInsight'
        ? 'call rate'
        : `error rate ${records[0]!.insightDetails.errorCode ?? ''}`.trim(),
    start: records[0]!.eventTime,
    end: episode.ongoing ? 'ongoing' : records[1]!.eventTime,
    baseline_per_min: Number(episode.baseline.average.toPrecision(3)),
    insight_per_min: Number(episode.average.toPrecision(3)),
    top_identity: identities?.insight[0]?.value ?? '',
  }
}

/** What the report cannot show as rows: accounts judged only in part, or not at all, for want of history. */
export function historyNotes(report: InsightsReport): string[] {
  const days = report.rule.minBaselineMinutes / 1440
  const notes: string[] = []
  const never = report.accounts.filter((a) => a.judgedFrom === null)
  if (report.accounts.length === 0) notes.push('no events in the selection: no insight can be raised')
  else if (never.length === report.accounts.length)
    notes.push(
      `no insight raised: less than ${days} days of history before any minute judged (insights need ${days} days of baseline)`,
    )
  for (const a of never)
    notes.push(
      `account ${a.account}: ${a.historyDays} days of history (${a.firstEvent} to ${a.lastEvent}), less than ${days}: not judged`,
    )
  for (const a of report.accounts.filter((x) => x.judgedFrom !== null)) {
    notes.push(`account ${a.account}: judged from ${a.judgedFrom} (history from ${a.firstEvent})`)
  }
  return notes
}

export function insightsSummary(report: InsightsReport): string {
  const calls = report.insights.filter((i) => i.key.insightType === 'ApiCallRateInsight').length
  const r = report.rule
  return `${formatCount(report.insights.length)} insights (call rate ${calls}, error rate ${report.insights.length - calls}) over ${formatCount(report.series)} series; rule: ${r.windowMinutes}-minute count >= max(${r.minCalls}, ${r.multiplier} x baseline mean + ${r.deviations} sd, ${r.quantileMultiplier} x baseline p${r.quantile * 100})`
}

export async function insightsCommand(options: InsightsCommandOptions): Promise<void> {
  const session = await openLakeAt(lakeLocationOf(options.dataDir, options))
  const progress = new Progress()
  const report = await runInsights(session, {
    from: options.from,
    to: options.to,
    partitions: options.partition,
    indexes: options.index,
    rule: options.minCalls ? { ...DEFAULT_INSIGHT_RULE, minCalls: options.minCalls } : undefined,
    onProgress: (text) => progress.update(text),
  })
  progress.done()
  const notes = historyNotes(report)
  if (options.output === 'json') {
    const records: InsightRecord[] = report.insights.flatMap((i) => i.records)
    process.stdout.write(`${JSON.stringify(records, null, 2)}\n`)
    for (const note of notes) process.stderr.write(`cairn insights: ${note}\n`)
    return
  }
  const table = formatResult(
    {
      columns: TABLE_COLUMNS.map((name) => ({ name, type: 'VARCHAR' })),
      rows: report.insights.map(tableRow),
    } as never,
    'table',
  )
  process.stdout.write(`${[table, insightsSummary(report), ...notes].join('\n')}\n`)
}

import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { selectDetections } from '@cairn/detections'
import { loadBuiltinDetections } from '@cairn/detections/node'
import { openLocalLake } from '@cairn/query/node'
import { collectFiles } from '../collect/collect-files.js'
import { generateTrail } from '../generate/index.js'
import { formatResult } from '../output/format-result.js'
import { formatBytes, formatCount, Progress } from '../progress.js'
import { printCollectSummary } from './collect.js'
import { findingsSummary, runDetections } from './detect.js'

const DEMO_QUERIES: { title: string; sql: string }[] = [
  {
    title: 'Busiest API calls',
    sql: `select event_source, event_name, count(*) as calls, count(error_code) as errors
from aws_cloudtrail_log group by all order by calls desc limit 10`,
  },
  {
    title: 'Root account activity (seed query 11)',
    sql: `select event_time, event_source, event_name, source_ip_address, aws_region
from aws_cloudtrail_log where user_identity->>'type' = 'Root' order by event_time desc limit 10`,
  },
  {
    title: 'Who was denied, and how often',
    sql: `select user_identity->>'arn' as identity, error_code, count(*) as denials
from aws_cloudtrail_log where error_code like '%AccessDenied%' or error_code like '%Unauthorized%'
group by all order by denials desc limit 10`,
  },
]

/** `cairn demo`: generate a sample org trail, collect it into a fresh lake and answer a few questions. */
export async function demoCommand(options: { events: number; dir?: string }): Promise<void> {
  const root = options.dir ?? join(tmpdir(), 'cairn-demo')
  await rm(root, { recursive: true, force: true })
  const logs = join(root, 'logs')
  const dataDir = join(root, 'data')
  const progress = new Progress()
  process.stdout.write(`Generating ${formatCount(options.events)} CloudTrail events as an S3 org trail in ${logs}\n`)
  const generated = await generateTrail({
    outDir: logs,
    events: options.events,
    onProgress: (n) => progress.update(`generated ${formatCount(n)} events`),
  })
  progress.done()
  process.stdout.write(`  ${formatCount(generated.files)} files, ${formatBytes(generated.bytes)}\n\nCollecting into ${dataDir}\n`)
  const summary = await collectFiles({
    paths: [logs],
    dataDir,
    partition: 'demo',
    onProgress: (p) => progress.update(`files ${formatCount(p.files)} · events ${formatCount(p.events)}`),
  })
  progress.done()
  printCollectSummary(summary, 'text')
  const session = await openLocalLake(dataDir)
  for (const { title, sql } of DEMO_QUERIES) {
    const result = await session.query(sql)
    process.stdout.write(`\n${title}\n${sql}\n${formatResult(result, 'table')}\n`)
  }
  const detections = selectDetections(loadBuiltinDetections(), { minSeverity: 'low' })
  const { findings } = await runDetections(session, detections, {}, progress)
  const serious = findings.filter((f) => f.severity === 'high' || f.severity === 'critical')
  const byDetection = new Map<string, { title: string; severity: string; count: number }>()
  for (const f of serious) {
    const entry = byDetection.get(f.detection_id) ?? { title: f.title, severity: f.severity, count: 0 }
    byDetection.set(f.detection_id, { ...entry, count: entry.count + 1 })
  }
  process.stdout.write(`\nWhat the detection library found (high and critical; cairn detect lists all)\n`)
  process.stdout.write(
    `${formatResult(
      {
        columns: ['severity', 'detection', 'title', 'findings'].map((name) => ({ name, type: 'VARCHAR' })),
        rows: [...byDetection].sort((a, b) => (a[1].severity === b[1].severity ? b[1].count - a[1].count : a[1].severity === 'critical' ? -1 : 1)).map(([id, e]) => ({ severity: e.severity, detection: id, title: e.title, findings: e.count })),
      } as never,
      'table',
    )}\n${findingsSummary(findings, detections.length, 0)}\n`,
  )
  process.stdout.write(
    `\nTry it yourself:\n  pnpm cairn query --data-dir ${dataDir} "select event_name, count(*) from aws_cloudtrail_log group by all order by 2 desc"\n  pnpm cairn detect --data-dir ${dataDir} --min-severity medium\n`,
  )
}

import {
  type Detection,
  type Finding,
  findingsSql,
  type Severity,
  selectDetections,
  severityRank,
  toFindings,
  toSarif,
  type UnsupportedSigmaRule,
} from '@cairn/detections'
import { loadBuiltinDetections, loadDetections, loadSigmaRules } from '@cairn/detections/node'
import { isOutOfMemory, type LakeFilter, type LakeSession, type LoadProgress } from '@cairn/query'
import { lakeLocationOf, type S3LakeFlags } from '../lake-location.js'
import { openLakeAt } from '../lake-store.js'
import { type DETECT_OUTPUTS, formatResult } from '../output/format-result.js'
import { formatCount, Progress } from '../progress.js'
import { lakeFilter } from './query-options.js'


export interface DetectCommandOptions extends S3LakeFlags {
  dataDir?: string
  from?: Date
  to?: Date
  partition?: string[]
  index?: string[]
  detection?: string[]
  minSeverity?: Severity
  /** Detection YAML files or folders to run instead of the built-in library. */
  detections?: string[]
  /** Sigma rule files or folders (CloudTrail rules), translated to SQL and run instead of the built-in library. */
  sigma?: string[]
  /** Also run the built-in library beside --detections or --sigma. */
  builtin?: boolean
  output: (typeof DETECT_OUTPUTS)[number]
}

/** Exit code when some detection could not run or some Sigma rule was not translated (the others ran, and their findings are printed). */
export const EXIT_DETECTION_FAILED = 2

const VERSION = '0.1.0'

interface Library {
  detections: Detection[]
  /** Sigma rules that could not be translated, with why. */
  notTranslated: UnsupportedSigmaRule[]
}

function libraryOf(options: DetectCommandOptions): Library {
  if (!options.detections?.length && !options.sigma?.length) return { detections: loadBuiltinDetections(), notTranslated: [] }
  const own = options.detections?.length ? loadDetections(options.detections) : []
  const sigma = options.sigma?.length ? loadSigmaRules(options.sigma) : { detections: [], unsupported: [] }
  const builtin = options.builtin ? loadBuiltinDetections() : []
  return { detections: [...builtin, ...own, ...sigma.detections], notTranslated: sigma.unsupported }
}

/** Findings first by time, then the most severe first. */
function byTimeThenSeverity(a: Finding, b: Finding): number {
  return a.event_time.localeCompare(b.event_time) || severityRank(b.severity) - severityRank(a.severity) || a.detection_id.localeCompare(b.detection_id)
}

/**
 * Positions of `needs` in an order where each set adds the fewest columns to those before it: when not every
 * detection's columns fit at once, the session drops what is loaded and starts over, so neighbours that share
 * columns mean fewer reloads.
 */
export function inLoadOrder(needs: readonly ReadonlySet<string>[]): number[] {
  const left = new Set(needs.keys())
  const loaded = new Set<string>()
  const order: number[] = []
  while (left.size > 0) {
    let best = -1
    let bestAdded = Number.POSITIVE_INFINITY
    for (const i of left) {
      let added = 0
      for (const column of needs[i]!) if (!loaded.has(column)) added++
      if (added < bestAdded) {
        best = i
        bestAdded = added
      }
    }
    left.delete(best)
    order.push(best)
    for (const column of needs[best]!) loaded.add(column)
  }
  return order
}

/** Runs detections over a session: the columns they all need are read once, then each runs on them. */
export async function runDetections(
  session: LakeSession,
  library: readonly Detection[],
  filter: LakeFilter,
  progress: Progress,
): Promise<{ findings: Finding[]; failed: { detection: Detection; message: string }[] }> {
  const librarySql = library.map(findingsSql)
  const order = inLoadOrder(librarySql.map((sql) => session.columnsOf(sql, filter)))
  const detections = order.map((i) => library[i]!)
  const statements = order.map((i) => librarySql[i]!)
  const onLoadProgress = (p: LoadProgress) => progress.update(`loading ${p.filesRead}/${p.filesTotal} files, ${formatCount(p.rows)} rows`)
  try {
    await session.ensureLoaded(statements.join(' ;\n'), { filter, onLoadProgress })
  } catch (error) {
    // Every detection's columns at once can exceed what wasm32 holds (4 GiB: ~10M events): each detection then
    // loads what it needs as it runs, and the session makes room by dropping what earlier ones loaded.
    if (!isOutOfMemory(error)) throw error
  }
  const findings: Finding[] = []
  const failed: { detection: Detection; message: string }[] = []
  for (const [i, detection] of detections.entries()) {
    progress.update(`detection ${i + 1}/${detections.length}: ${detection.id}, ${formatCount(findings.length)} findings`)
    try {
      const result = await session.query(statements[i]!, { filter, onLoadProgress })
      findings.push(...toFindings(detection, result.rows))
    } catch (error) {
      failed.push({ detection, message: (error as Error).message.split('\n')[0]! })
    }
  }
  progress.done()
  // reported in the library's order, not the load order
  failed.sort((a, b) => library.indexOf(a.detection) - library.indexOf(b.detection))
  return { findings: findings.sort(byTimeThenSeverity), failed }
}

/**
 * The whole built-in library runs from `low` up unless asked otherwise: its `info` detections (every use of an
 * access key, every role a service assumed) are an activity log to query, not findings to read through. Named
 * detections, your own files and Sigma rules run at every severity.
 */
function minSeverityOf(options: DetectCommandOptions): Severity | undefined {
  if (options.minSeverity) return options.minSeverity
  const wholeLibrary = !options.detection?.length && !options.detections?.length && !options.sigma?.length
  return wholeLibrary ? 'low' : undefined
}

export async function detectCommand(options: DetectCommandOptions): Promise<number> {
  const library = libraryOf(options)
  for (const rule of library.notTranslated) process.stderr.write(`cairn detect: ${rule.source}: not translated: ${rule.reason}\n`)
  const detections = selectDetections(library.detections, { patterns: options.detection, minSeverity: minSeverityOf(options) })
  const session = await openLakeAt(lakeLocationOf(options.dataDir, options))
  const { findings, failed } = await runDetections(session, detections, lakeFilter(options), new Progress())
  for (const f of failed) process.stderr.write(`cairn detect: ${f.detection.id} (${f.detection.source}) failed: ${f.message}\n`)
  process.stdout.write(`${render(detections, findings, options)}\n`)
  if (options.output === 'table') {
    process.stderr.write(`${findingsSummary(findings, detections.length, failed.length, library.notTranslated.length)}\n`)
  }
  return failed.length > 0 || library.notTranslated.length > 0 ? EXIT_DETECTION_FAILED : 0
}

/** `12 findings from 80 of 80 detections (high 2, medium 10); 3 Sigma rules not translated (above)`. */
export function findingsSummary(findings: readonly Finding[], detections: number, failed: number, notTranslated = 0): string {
  const counts = new Map<string, number>()
  for (const f of findings) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1)
  const bySeverity = [...counts].sort((a, b) => severityRank(b[0] as Severity) - severityRank(a[0] as Severity))
  return `${formatCount(findings.length)} findings from ${detections - failed} of ${detections} detections${bySeverity.length ? ` (${bySeverity.map(([s, n]) => `${s} ${n}`).join(', ')})` : ''}${failed ? `; ${failed} detections failed (above)` : ''}${notTranslated ? `; ${notTranslated} Sigma rules not translated (above)` : ''}`
}

function render(detections: Detection[], findings: Finding[], options: DetectCommandOptions): string {
  switch (options.output) {
    case 'json':
      return JSON.stringify(findings, null, 2)
    case 'jsonl':
      return findings.map((f) => JSON.stringify(f)).join('\n')
    case 'sarif':
      return JSON.stringify(toSarif(detections, findings, VERSION), null, 2)
    case 'table': {
      const columns = ['event_time', 'severity', 'detection_id', 'event_name', 'actor', 'source_ip_address', 'recipient_account_id']
      return formatResult(
        { columns: columns.map((name) => ({ name, type: 'VARCHAR' })), rows: findings as unknown as Record<string, unknown>[] } as never,
        'table',
      )
    }
  }
}

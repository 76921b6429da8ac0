import { collectFiles, type CollectSummary } from '../collect/collect-files.js'
import { resolveDataDir } from '../data-dir.js'
import { formatBytes, formatCount, Progress } from '../progress.js'

export interface CollectCommandOptions {
  source: string
  path?: string[]
  partition: string
  from?: Date
  to?: Date
  dataDir?: string
  output: 'text' | 'json'
}

/** Exit code when some input was rejected but everything else was collected. */
export const EXIT_REJECTED_INPUT = 2

export function printCollectSummary(summary: CollectSummary, output: 'text' | 'json'): void {
  if (output === 'json') {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`)
    return
  }
  const lines = [
    `Collected ${formatCount(summary.events)} events from ${formatCount(summary.files)} files (${formatBytes(summary.bytes)}) in ${summary.seconds.toFixed(1)} s (${formatCount(Math.round(summary.eventsPerSecond))} events/s)`,
    `  records read ${formatCount(summary.records)}, duplicates skipped ${formatCount(summary.duplicates)}, outside window ${formatCount(summary.outsideWindow)}, digests kept ${formatCount(summary.digests)}, non-log files skipped ${formatCount(summary.skippedFiles)}`,
    `  Parquet files written ${formatCount(summary.filesWritten)}, small files merged ${formatCount(summary.filesMerged)}`,
  ]
  if (summary.rejected.length > 0) {
    lines.push(`  REJECTED ${formatCount(summary.rejected.length)} inputs (kept in ${summary.rejectedLog}):`)
    for (const r of summary.rejected.slice(0, 20)) lines.push(`    - ${r.message}`)
    if (summary.rejected.length > 20) lines.push(`    … and ${summary.rejected.length - 20} more`)
  }
  process.stdout.write(`${lines.join('\n')}\n`)
}

export async function collectCommand(options: CollectCommandOptions): Promise<number> {
  if (options.source !== 'file') {
    throw new Error(`--source ${options.source} is not available yet; use --source file --path <dir|file>`)
  }
  if (!options.path || options.path.length === 0) throw new Error('--source file needs --path <dir|file>')
  const progress = new Progress()
  const summary = await collectFiles({
    paths: options.path,
    dataDir: resolveDataDir(options.dataDir),
    partition: options.partition,
    from: options.from,
    to: options.to,
    onProgress: (p) =>
      progress.update(
        `files ${formatCount(p.files)} (${formatBytes(p.bytes)}) · events ${formatCount(p.events)} · duplicates ${formatCount(p.duplicates)} · rejected ${p.rejected} · ${p.currentFile ?? ''}`,
      ),
  })
  progress.done()
  printCollectSummary(summary, options.output)
  return summary.rejected.length > 0 ? EXIT_REJECTED_INPUT : 0
}

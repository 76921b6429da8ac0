// jq over the same files, as an incident responder would without Cairn: every `.json.gz` decompressed by gzip and
// piped through one `jq -c '.Records[]?'` (digests have no Records and yield nothing), lines counted. One measured
// shell pipeline; its peak RSS is its largest member's (jq's).
import { existsSync } from 'node:fs'
import { runMeasured } from './measure.mjs'

export const JQ = '/usr/bin/jq'

const PIPELINE = `find "$1" -name '*.json.gz' -print0 | sort -z | xargs -0 gzip -dc | ${JQ} -c '.Records[]?' | wc -l`

/** { seconds, peakRssBytes, records } or { failed } (no jq here, or the pipeline failed). */
export function runJq(trailDir) {
  if (!existsSync(JQ)) return { failed: `${JQ} not found (apt-get install jq)` }
  const run = runMeasured('bash', ['-o', 'pipefail', '-c', PIPELINE, 'jq-bench', trailDir])
  if (run.failed) return { failed: run.failed }
  return { seconds: run.seconds, peakRssBytes: run.peakRssBytes, records: Number(run.stdout.trim()) }
}

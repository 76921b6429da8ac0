import { type Detection, type Severity, severityRank } from './detection.js'
import { globRegex } from './glob.js'

export interface DetectionSelection {
  /** Ids or globs (`*`, `?`), e.g. `aws_iam_*`; none selects all. */
  patterns?: readonly string[]
  minSeverity?: Severity
}


/** The detections a selection names; a pattern that names none is an error (a typo must not pass silently). */
export function selectDetections(all: readonly Detection[], selection: DetectionSelection = {}): Detection[] {
  const patterns = selection.patterns ?? []
  const regexes = patterns.map(globRegex)
  regexes.forEach((regex, i) => {
    if (!all.some((d) => regex.test(d.id))) throw new Error(`no detection matches ${patterns[i]}`)
  })
  const min = selection.minSeverity ? severityRank(selection.minSeverity) : 0
  return all.filter((d) => (regexes.length === 0 || regexes.some((r) => r.test(d.id))) && severityRank(d.severity) >= min)
}

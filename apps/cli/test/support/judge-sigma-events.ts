import { foundCases, withCollectedCases } from './judge-events.js'
import { runCairn } from './run-cairn.js'

export interface SigmaJudgement {
  /** `<detection id> <case index>` for each event a detection found. */
  found: Set<string>
  /** Indexes of the events the normalizer rejected. */
  rejected: Set<number>
  /** `<file>: <reason>` of each rule `cairn detect` said it did not translate. */
  notTranslated: string[]
}

const NOT_TRANSLATED = /^cairn detect: (.*): not translated: (.*)$/

/**
 * Collects the events into a fresh lake with the real `cairn collect`, then runs Sigma rules on them with the
 * real `cairn detect --sigma`: which translated rule found which event, and which rules were not translated.
 */
export function judgeSigmaEvents(events: readonly Record<string, unknown>[], sigmaPaths: readonly string[]): Promise<SigmaJudgement> {
  return withCollectedCases(events, async (data, rejected) => {
    const detect = await runCairn(['detect', '--data-dir', data, '--output', 'json', ...sigmaPaths.flatMap((p) => ['--sigma', p])])
    const lines = detect.stderr.split('\n')
    const notTranslated = lines.flatMap((l) => {
      const m = NOT_TRANSLATED.exec(l)
      return m ? [`${m[1]}: ${m[2]}`] : []
    })
    // Exit 2 also says that some rule was not translated; a detection that failed to run is an error here.
    const failures = lines.filter((l) => / failed: /.test(l))
    if ((detect.code !== 0 && detect.code !== 2) || failures.length > 0) throw new Error(`detect failed (${detect.code}): ${detect.stderr}`)
    return { found: foundCases(detect.stdout), rejected, notTranslated }
  })
}

import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { caseEventId } from './judge-events.js'
import { runCairn } from './run-cairn.js'

export interface SigmaJudgement {
  /** `<detection id> <case index>` for each event a detection found. */
  found: Set<string>
  /** Indexes of the events the normalizer rejected. */
  rejected: Set<number>
  /** `<file>: <reason>` of each rule `cairn detect` said it did not translate. */
  notTranslated: string[]
}

const DEFAULT_TIME = '2024-01-01T00:00:00Z'
const NOT_TRANSLATED = /^cairn detect: (.*): not translated: (.*)$/

/**
 * Collects the events into a fresh lake with the real `cairn collect`, then runs Sigma rules on them with the
 * real `cairn detect --sigma`: which translated rule found which event, and which rules were not translated.
 */
export async function judgeSigmaEvents(
  events: readonly Record<string, unknown>[],
  sigmaPaths: readonly string[],
): Promise<SigmaJudgement> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-sigma-'))
  try {
    const input = join(dir, 'events.json')
    await writeFile(
      input,
      JSON.stringify(events.map((e, i) => ({ eventTime: DEFAULT_TIME, ...e, eventID: caseEventId(i) }))),
    )
    const data = join(dir, 'data')
    const collect = await runCairn(['collect', '--path', input, '--data-dir', data, '--output', 'json'])
    if (collect.code !== 0 && collect.code !== 2) throw new Error(`collect failed: ${collect.stderr}`)
    const rejected = new Set<number>()
    for (const r of JSON.parse(collect.stdout).rejected as { record?: number }[])
      if (r.record !== undefined) rejected.add(r.record - 1)
    const detect = await runCairn([
      'detect',
      '--data-dir',
      data,
      '--output',
      'json',
      ...sigmaPaths.flatMap((p) => ['--sigma', p]),
    ])
    const lines = detect.stderr.split('\n')
    const notTranslated = lines.flatMap((l) => {
      const m = NOT_TRANSLATED.exec(l)
      return m ? [`${m[1]}: ${m[2]}`] : []
    })
    // Exit 2 also says that some rule was not translated; a detection that failed to run is an error here.
    const failures = lines.filter((l) => / failed: /.test(l))
    if ((detect.code !== 0 && detect.code !== 2) || failures.length > 0)
      throw new Error(`detect failed (${detect.code}): ${detect.stderr}`)
    const found = new Set<string>()
    for (const f of JSON.parse(detect.stdout) as { detection_id: string; event_id: string }[]) {
      found.add(`${f.detection_id} ${Number(f.event_id.slice('case-'.length))}`)
    }
    return { found, rejected, notTranslated }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

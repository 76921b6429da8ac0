import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCairn } from './run-cairn.js'

export interface Judgement {
  /** `<detection id> <case index>` for each event a detection found. */
  found: Set<string>
  /** Indexes of the events the normalizer rejected. */
  rejected: Set<number>
}

/** Test events often share ids ("1"): each gets its own, and a time if it has none, which CloudTrail always sets. */
export const caseEventId = (i: number) => `case-${String(i).padStart(4, '0')}`
const DEFAULT_TIME = '2024-01-01T00:00:00Z'

/**
 * Collects the events into a fresh lake under a temp dir with the real `cairn collect`, hands the data dir to
 * `judge` (which runs `cairn detect` on it and reads which detection found which case), and removes the dir.
 */
export async function withCollectedCases<T>(
  events: readonly Record<string, unknown>[],
  judge: (data: string, rejected: Set<number>) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-judge-'))
  try {
    const input = join(dir, 'events.json')
    await writeFile(input, JSON.stringify(events.map((e, i) => ({ eventTime: DEFAULT_TIME, ...e, eventID: caseEventId(i) }))))
    const data = join(dir, 'data')
    const collect = await runCairn(['collect', '--path', input, '--data-dir', data, '--output', 'json'])
    if (collect.code !== 0 && collect.code !== 2) throw new Error(`collect failed: ${collect.stderr}`)
    const rejected = new Set<number>()
    for (const r of JSON.parse(collect.stdout).rejected as { record?: number }[]) if (r.record !== undefined) rejected.add(r.record - 1)
    return await judge(data, rejected)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** `<detection id> <case index>` of every finding in `cairn detect --output json` output. */
export function foundCases(detectStdout: string): Set<string> {
  const found = new Set<string>()
  for (const f of JSON.parse(detectStdout) as { detection_id: string; event_id: string }[]) {
    found.add(`${f.detection_id} ${Number(f.event_id.slice('case-'.length))}`)
  }
  return found
}

/**
 * Collects the events into a fresh lake with the real `cairn collect` and runs the detections on them with the
 * real `cairn detect`: which detection found which event.
 */
export function judgeEvents(events: readonly Record<string, unknown>[], detectionIds: readonly string[]): Promise<Judgement> {
  return withCollectedCases(events, async (data, rejected) => {
    const detect = await runCairn(['detect', '--data-dir', data, '--output', 'json', ...detectionIds.flatMap((id) => ['--detection', id])])
    if (detect.code !== 0) throw new Error(`detect failed (${detect.code}): ${detect.stderr}`)
    return { found: foundCases(detect.stdout), rejected }
  })
}

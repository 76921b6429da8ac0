/** Places the security scenarios on files of the schedule: spread over the window, every kind at least once. */
import type { Org } from './org.js'
import type { Rng } from './prng.js'
import { needsHomeRegion, preferredAccount, SCENARIO_KINDS, type ScenarioKind } from './scenarios.js'
import type { FileSchedule } from './schedule.js'
import { SLOT_MS } from './time-format.js'

/** One scenario every ~2.5 days, never fewer than one of each kind. */
export const DAYS_PER_SCENARIO = 2.5

function fileAtOrAfter(schedule: FileSchedule, stream: number, slot: number): number {
  let file = schedule.first[stream] ?? -1
  if (file < 0) return -1
  for (;;) {
    if (schedule.slot[file]! >= slot) return file
    const next = schedule.next[file]!
    if (next < 0) return file
    file = next
  }
}

/** Map from file index to the scenarios that start in that file. */
export function planScenarios(
  schedule: FileSchedule,
  org: Org,
  rng: Rng,
  startMs: number,
  endMs: number,
  days: number,
): Map<number, ScenarioKind[]> {
  const plan = new Map<number, ScenarioKind[]>()
  if (schedule.count === 0) return plan
  const kinds = [...SCENARIO_KINDS]
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = rng.int(i + 1)
    ;[kinds[i], kinds[j]] = [kinds[j]!, kinds[i]!]
  }
  const count = Math.max(kinds.length, Math.round(days / DAYS_PER_SCENARIO))
  while (kinds.length < count) kinds.push(rng.pick(SCENARIO_KINDS))
  const R = schedule.regionCount
  const span = endMs - startMs
  kinds.forEach((kind, i) => {
    const at = startMs + ((i + 0.5 + (rng.float() - 0.5) * 0.6) * span) / count
    const slot = Math.floor(at / SLOT_MS)
    const preferred = preferredAccount(kind, org, rng)
    const region = needsHomeRegion(kind) ? 0 : rng.int(R)
    const candidates = [preferred * R + region]
    for (let a = 0; a < org.accounts.length; a++) candidates.push(a * R)
    for (let s = 0; s < schedule.streams; s++) candidates.push(s)
    const stream = candidates.find((s) => (schedule.first[s] ?? -1) >= 0)
    if (stream === undefined) return
    const file = fileAtOrAfter(schedule, stream, slot)
    const list = plan.get(file)
    if (list) list.push(kind)
    else plan.set(file, [kind])
  })
  return plan
}

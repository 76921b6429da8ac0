import type { Nfa } from './nfa.js'
import type { Simulator, Thread } from './simulate.js'
import { addUnit, DATE_FIELDS, floorTo, folderValues, spanOf } from './time.js'

/** More folders than this (ten years of days) and listing the tree is the better plan. */
export const MAX_TIME_WINDOW_FOLDERS = 3660

const SLASH = 0x2f

/**
 * The date folders directly below `prefix` that a window needs, or undefined when the layout does not
 * continue below `prefix` with date folders only. See FileLayout.timeWindowFolders for the contract.
 *
 * @param dateFields dateFields[i] is the field index of DATE_FIELDS[i], or -1 when the layout lacks it.
 * @param viable re-checks a generated folder against the full automaton (patterns may be narrower
 *   than "any 4-digit year").
 */
export function timeWindowFolders(
  simulator: Simulator,
  dateFields: readonly number[],
  prefix: string,
  window: { readonly from: number; readonly to: number },
  viable: (folder: string) => boolean,
): string[] | undefined {
  const threads = simulator.consume(prefix)
  const fixed = fixedDateValues(threads, prefix)
  if (fixed === undefined) return undefined
  const k = fixed.length
  const starts = threads.map((thread) => thread.state)
  let depth = 0
  while (k + depth < DATE_FIELDS.length && nextFoldersAre(simulator.nfa, starts, dateFields.slice(k, k + depth + 1))) {
    depth++
  }
  if (depth === 0) return undefined

  const span = spanOf(fixed)
  if (span === 'invalid') return []
  const from = span === 'unbounded' ? window.from : Math.max(window.from, span.start)
  const to = span === 'unbounded' ? window.to : Math.min(window.to, span.end)
  if (from >= to) return []
  // Prefer the finest folders, but fall back to coarser ones rather than give up on a long window.
  for (; depth > 0; depth--) {
    const unit = k + depth - 1
    const folders: string[] = []
    let t = floorTo(from, unit)
    for (; t < to && folders.length < MAX_TIME_WINDOW_FOLDERS; t = addUnit(t, unit)) {
      folders.push(`${prefix}${folderValues(t, unit).slice(k).join('/')}/`)
    }
    if (t >= to) return folders.filter(viable)
  }
  return undefined
}

/**
 * The date values every thread has fixed, as a leading run of DATE_FIELDS; undefined when the threads
 * disagree, a date field is cut in the middle, or the fixed fields skip a level.
 */
function fixedDateValues(threads: readonly Thread[], input: string): string[] | undefined {
  let agreed: string | undefined
  let values: string[] = []
  for (const thread of threads) {
    const mine: string[] = []
    let ended = false
    for (let slot = 0; slot < DATE_FIELDS.length; slot++) {
      const start = thread.bounds[2 * slot]!
      const end = thread.bounds[2 * slot + 1]!
      if (start < 0 && end < 0) ended = true
      else if (end < 0 || ended) return undefined
      else mine.push(input.slice(start, end))
    }
    const key = mine.join('/')
    if (agreed !== undefined && agreed !== key) return undefined
    agreed = key
    values = mine
  }
  return agreed === undefined ? undefined : values
}

/**
 * True iff every completion of a key from `starts` begins with one folder per field in `fields`, in
 * that order: the field's capture opens, its value is read, it closes, and a `/` follows. Explores
 * (state, phase) pairs over live states; any other tag, character or the end of the key first fails.
 */
function nextFoldersAre(nfa: Nfa, starts: readonly number[], fields: readonly number[]): boolean {
  if (fields.some((field) => field < 0)) return false
  const OPEN = 0
  const INSIDE = 1
  const SEPARATOR = 2
  const done = 3 * fields.length
  const seen = new Set<number>()
  const stack: [number, number][] = starts.map((state) => [state, 0])
  const push = (state: number, phase: number) => {
    if (phase !== done && nfa.live[state]) stack.push([state, phase])
  }
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [state, phase] = item
    const key = state * (done + 1) + phase
    if (seen.has(key) || !nfa.live[state]) continue
    seen.add(key)
    if (state === nfa.accept) return false
    const field = fields[Math.floor(phase / 3)]
    const step = phase % 3
    const node = nfa.states[state]!
    for (const edge of node.epsilon) {
      if (!nfa.live[edge.to]) continue
      if (edge.tag === undefined) push(edge.to, phase)
      else if (edge.tag.field === field && edge.tag.open === (step === OPEN) && step !== SEPARATOR) {
        push(edge.to, phase + 1)
      } else return false
    }
    for (const edge of node.chars) {
      if (edge.set.isEmpty || !nfa.live[edge.to]) continue
      if (step === INSIDE) push(edge.to, phase)
      else if (step === SEPARATOR && edge.set.isOnly(SLASH)) push(edge.to, phase + 1)
      else return false
    }
  }
  return true
}

import { parseLayout } from './layout-syntax.js'
import { buildNfa } from './nfa.js'
import { PatternLibrary } from './patterns.js'
import { resolveLayout } from './resolve.js'
import { Simulator } from './simulate.js'
import { type Bounds, DATE_FIELDS, overlaps, spanOf } from './time.js'
import { groupName, layoutToRegExp } from './to-regexp.js'
import { timeWindowFolders } from './window-folders.js'

export interface LayoutOptions {
  /** Extra or overriding patterns: name → regular expression, which may use `%{OTHER}` references. */
  readonly patterns?: Readonly<Record<string, string>>
  /** Literal key prefix (e.g. a bucket prefix) in front of the layout; a missing trailing `/` is added. */
  readonly prefix?: string
}

/** A UTC half-open time span [start, end). */
export interface TimeSpan {
  readonly start: Date
  readonly end: Date
}

export interface LayoutMatch {
  /** Named fields that took part in the match. */
  readonly fields: Record<string, string>
  /** The span the key's year/month/day/hour/minute fields denote; absent without a valid year. */
  readonly time?: TimeSpan
}

/** A half-open window [from, to); a missing end is unbounded. */
export interface TimeWindow {
  readonly from?: Date
  readonly to?: Date
}

export interface FileLayout {
  /** The layout text as given. */
  readonly source: string
  /** The normalised literal prefix in front of the layout ('' when none). */
  readonly prefix: string
  /** Named fields in layout order. */
  readonly fieldNames: readonly string[]
  /** Matches a whole key. */
  match(key: string): LayoutMatch | undefined
  /**
   * Whether some key starting with `prefix` can match, with its date fixed so far by `prefix`
   * overlapping `window`. Never false for a prefix that has a matching key inside the window.
   */
  canMatchBelow(prefix: string, window?: TimeWindow): boolean
  /**
   * When the layout continues below `prefix` with date folders only (e.g. year/month/day), the concrete
   * zero-padded date folders that overlap `window`, finest level first (coarser when the finest would
   * exceed 3660 folders); undefined when that does not apply.
   */
  timeWindowFolders(prefix: string, window: { readonly from: Date; readonly to: Date }): string[] | undefined
  /**
   * The named fields that `prefix` fixes: those every matching key starting with `prefix` has, with the same value,
   * read entirely from `prefix` (e.g. `account_id` for `AWSLogs/o-abc/111122223333/`). A field the prefix leaves
   * open or ambiguous is absent; no key below `prefix` can match: `{}`.
   */
  fieldsFixedBy(prefix: string): Record<string, string>
}

/** Thrown by compileLayout; `problem` is the message without the layout. */
export class LayoutError extends Error {
  constructor(
    readonly layout: string,
    readonly problem: string,
  ) {
    super(`Invalid layout "${layout}": ${problem}`)
    this.name = 'LayoutError'
  }
}

export function compileLayout(layout: string, options: LayoutOptions = {}): FileLayout {
  try {
    return new CompiledLayout(layout, options)
  } catch (e) {
    throw new LayoutError(layout, (e as Error).message)
  }
}

class CompiledLayout implements FileLayout {
  readonly source: string
  readonly prefix: string
  readonly fieldNames: readonly string[]
  private readonly regexp: RegExp
  private readonly simulator: Simulator
  /** Tracks every field, not only the date fields: for fieldsFixedBy. */
  private readonly fieldSimulator: Simulator
  /** dateFields[i]: field index of DATE_FIELDS[i], or -1. */
  private readonly dateFields: readonly number[]

  constructor(layout: string, options: LayoutOptions) {
    if (typeof layout !== 'string') throw new Error('layout must be a string')
    const prefix = options.prefix ?? ''
    if (typeof prefix !== 'string') throw new Error('prefix must be a string')
    this.source = layout
    this.prefix = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`
    const { parts, fieldNames } = resolveLayout(parseLayout(layout), new PatternLibrary(options.patterns))
    this.fieldNames = fieldNames
    this.regexp = layoutToRegExp(this.prefix, parts)
    this.dateFields = DATE_FIELDS.map((name) => fieldNames.indexOf(name))
    const slotOf = fieldNames.map((name) => DATE_FIELDS.indexOf(name as (typeof DATE_FIELDS)[number]))
    const nfa = buildNfa(this.prefix, parts)
    this.simulator = new Simulator(nfa, slotOf, DATE_FIELDS.length)
    this.fieldSimulator = new Simulator(nfa, fieldNames.map((_, i) => i), fieldNames.length)
  }

  match(key: string): LayoutMatch | undefined {
    const found = this.regexp.exec(key)
    if (found === null) return undefined
    const fields: Record<string, string> = {}
    this.fieldNames.forEach((name, i) => {
      const value = found.groups?.[groupName(i)]
      if (value !== undefined) fields[name] = value
    })
    const span = spanOf(this.dateFields.map((i) => (i < 0 ? undefined : fields[this.fieldNames[i]!])))
    if (typeof span === 'string') return { fields }
    return { fields, time: { start: new Date(span.start), end: new Date(span.end) } }
  }

  canMatchBelow(prefix: string, window?: TimeWindow): boolean {
    const bounds = window === undefined ? undefined : toBounds(window)
    const threads = this.simulator.settle(this.simulator.consume(prefix), prefix.length)
    if (bounds === undefined) return threads.length > 0
    return threads.some((thread) => {
      const values: (string | undefined)[] = []
      for (let slot = 0; slot < DATE_FIELDS.length; slot++) {
        const start = thread.bounds[2 * slot]!
        const end = thread.bounds[2 * slot + 1]!
        values.push(start >= 0 && end >= 0 ? prefix.slice(start, end) : undefined)
      }
      const span = spanOf(values)
      return span === 'unbounded' || (span !== 'invalid' && overlaps(span, bounds))
    })
  }

  timeWindowFolders(prefix: string, window: { readonly from: Date; readonly to: Date }): string[] | undefined {
    const { from, to } = toBounds(window)
    if (from === undefined || to === undefined)
      throw new RangeError('timeWindowFolders needs window.from and window.to')
    return timeWindowFolders(this.simulator, this.dateFields, prefix, { from, to }, (folder) =>
      this.canMatchBelow(folder, window),
    )
  }

  fieldsFixedBy(prefix: string): Record<string, string> {
    const threads = this.fieldSimulator.settle(this.fieldSimulator.consume(prefix), prefix.length)
    const fixed: Record<string, string> = {}
    if (threads.length === 0) return fixed
    this.fieldNames.forEach((name, slot) => {
      let value: string | undefined
      for (const thread of threads) {
        const start = thread.bounds[2 * slot]!
        const end = thread.bounds[2 * slot + 1]!
        // a capture closing at the very end of the prefix could still go on in another thread: not fixed then
        const own = start >= 0 && end >= 0 ? prefix.slice(start, end) : undefined
        if (own === undefined || (value !== undefined && own !== value)) return
        value = own
      }
      if (value !== undefined) fixed[name] = value
    })
    return fixed
  }
}

function toBounds(window: TimeWindow): Bounds {
  const ms = (date: Date | undefined, name: string) => {
    if (date === undefined) return undefined
    const time = date instanceof Date ? date.getTime() : Number.NaN
    if (Number.isNaN(time)) throw new RangeError(`window.${name} is not a valid Date`)
    return time
  }
  const from = ms(window.from, 'from')
  const to = ms(window.to, 'to')
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) }
}

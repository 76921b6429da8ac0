/** The ids of the events taken at one timestamp (epoch ms). */
export interface TakenAtTimestamp {
  timestamp: number
  eventIds: string[]
}

/**
 * Where reading a log stream resumes. JSON-serialisable.
 *
 * Invariant: every event ever taken from the stream (by the runs this position descends from) whose timestamp is at
 * or after `resumeFrom` has its id in `taken`. So a read that starts at `resumeFrom` (inclusive) and drops the ids
 * in `taken` skips nothing at or after `resumeFrom` and takes nothing twice.
 */
export interface LogStreamPosition {
  /** Epoch ms, inclusive: the next read starts here. At most `lastTimestamp`; the lookback makes it lower. */
  resumeFrom: number
  /** The latest event timestamp taken (epoch ms). */
  lastTimestamp: number
  /** The events taken at `resumeFrom` or later, grouped by timestamp, ascending; never empty. */
  taken: TakenAtTimestamp[]
}

/** How far back a position reaches, and how many ids it may keep to do so. */
export interface PositionPolicy {
  /**
   * Re-read this many ms before the latest timestamp taken, so that events ingested late (with a timestamp earlier
   * than ones already read) are still taken.
   */
  lookbackMs: number
  /**
   * The most ids a position keeps. When the lookback holds more events, it shrinks (by whole milliseconds, oldest
   * first) until they fit; the ids of the latest millisecond are always kept, however many.
   */
  maxTakenIds: number
}

export const DEFAULT_POSITION_POLICY: Readonly<PositionPolicy> = { lookbackMs: 5 * 60_000, maxTakenIds: 2_000 }

/** What a position needs to know of an event. */
export interface EventKey {
  eventId: string
  timestamp: number
}

type TakenGroups = Map<number, Set<string>>

function groupsOf(position: LogStreamPosition | undefined): TakenGroups {
  const groups: TakenGroups = new Map()
  for (const group of position?.taken ?? []) groups.set(group.timestamp, new Set(group.eventIds))
  return groups
}

/** The position holding `groups` from `floor` on, cut down to what `policy` keeps. */
function positionOf(groups: TakenGroups, floor: number, policy: PositionPolicy): LogStreamPosition | undefined {
  const timestamps = [...groups.keys()].filter((t) => t >= floor).sort((a, b) => a - b)
  const lastTimestamp = timestamps.at(-1)
  if (lastTimestamp === undefined) return undefined
  let resumeFrom = Math.max(floor, lastTimestamp - policy.lookbackMs)
  let first = timestamps.findIndex((t) => t >= resumeFrom)
  let count = 0
  for (let i = first; i < timestamps.length; i++) count += groups.get(timestamps[i] as number)?.size ?? 0
  while (count > policy.maxTakenIds && first < timestamps.length - 1) {
    const dropped = timestamps[first] as number
    count -= groups.get(dropped)?.size ?? 0
    // Just after the dropped millisecond, not at the next one kept: events ingested late in between are still read.
    resumeFrom = dropped + 1
    first++
  }
  return {
    resumeFrom,
    lastTimestamp,
    taken: timestamps.slice(first).map((timestamp) => ({ timestamp, eventIds: [...(groups.get(timestamp) ?? [])] })),
  }
}

/**
 * The position after taking `events` (in any order) from a stream at `position`. Events before
 * `position.resumeFrom` change nothing: a read from the position never returns them again anyway.
 */
export function advancePosition(
  position: LogStreamPosition,
  events: readonly EventKey[],
  policy?: PositionPolicy,
): LogStreamPosition
export function advancePosition(
  position: LogStreamPosition | undefined,
  events: readonly EventKey[],
  policy?: PositionPolicy,
): LogStreamPosition | undefined
export function advancePosition(
  position: LogStreamPosition | undefined,
  events: readonly EventKey[],
  policy: PositionPolicy = DEFAULT_POSITION_POLICY,
): LogStreamPosition | undefined {
  const floor = position?.resumeFrom ?? Number.NEGATIVE_INFINITY
  const groups = groupsOf(position)
  for (const event of events) {
    if (event.timestamp < floor) continue
    const ids = groups.get(event.timestamp)
    if (ids === undefined) groups.set(event.timestamp, new Set([event.eventId]))
    else ids.add(event.eventId)
  }
  return positionOf(groups, floor, policy) ?? position
}

/**
 * One position that holds what both say was taken: resumes at the later `resumeFrom` (everything either took from
 * there on is listed), then cut down to `policy`. Order does not matter.
 */
export function mergePositions(
  a: LogStreamPosition,
  b: LogStreamPosition,
  policy: PositionPolicy = DEFAULT_POSITION_POLICY,
): LogStreamPosition {
  const groups = groupsOf(a)
  for (const group of b.taken) {
    const ids = groups.get(group.timestamp)
    if (ids === undefined) groups.set(group.timestamp, new Set(group.eventIds))
    else for (const id of group.eventIds) ids.add(id)
  }
  return positionOf(groups, Math.max(a.resumeFrom, b.resumeFrom), policy) as LogStreamPosition
}

/** Whether an event is one the position says was taken already. */
export function createTakenFilter(position: LogStreamPosition | undefined): (event: EventKey) => boolean {
  const groups = groupsOf(position)
  return (event) => groups.get(event.timestamp)?.has(event.eventId) ?? false
}

/**
 * Where a read of the stream starts (epoch ms, inclusive): the later of the window's start and the position's
 * `resumeFrom`; undefined for the stream's beginning.
 */
export function readStartTime(from: number | undefined, position: LogStreamPosition | undefined): number | undefined {
  if (position === undefined) return from
  return from === undefined ? position.resumeFrom : Math.max(from, position.resumeFrom)
}

function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value)
}

/** Checks that `value` (e.g. read back from JSON) is a well-formed position; throws saying what is wrong. */
export function parseLogStreamPosition(value: unknown, name = 'position'): LogStreamPosition {
  const fail = (why: string): never => {
    throw new Error(`${name} is not a log stream position: ${why}`)
  }
  if (typeof value !== 'object' || value === null) return fail('not an object')
  const { resumeFrom, lastTimestamp, taken } = value as Record<string, unknown>
  if (!isInteger(resumeFrom)) return fail('resumeFrom is not an integer')
  if (!isInteger(lastTimestamp)) return fail('lastTimestamp is not an integer')
  if (!Array.isArray(taken) || taken.length === 0) return fail('taken is not a non-empty array')
  let previous = Number.NEGATIVE_INFINITY
  const groups: TakenAtTimestamp[] = []
  for (const group of taken as unknown[]) {
    const { timestamp, eventIds } = (group ?? {}) as Record<string, unknown>
    if (!isInteger(timestamp) || timestamp <= previous) return fail('taken timestamps are not ascending integers')
    if (timestamp < resumeFrom) return fail('taken holds a timestamp before resumeFrom')
    if (!Array.isArray(eventIds) || eventIds.length === 0 || !eventIds.every((id) => typeof id === 'string')) {
      return fail(`the event ids taken at ${timestamp} are not a non-empty array of strings`)
    }
    groups.push({ timestamp, eventIds: [...(eventIds as string[])] })
    previous = timestamp
  }
  if (previous !== lastTimestamp) return fail('lastTimestamp is not the last timestamp taken')
  return { resumeFrom, lastTimestamp, taken: groups }
}

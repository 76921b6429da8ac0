import { describe, expect, it } from 'vitest'
import {
  advancePosition,
  type EventKey,
  type LogStreamPosition,
  mergePositions,
  type PositionPolicy,
  parseLogStreamPosition,
} from '../src/index.js'
import { createTakenFilter, readStartTime } from '../src/log-stream-position.js'

const policy: PositionPolicy = { lookbackMs: 100, maxTakenIds: 1000 }
const ev = (timestamp: number, eventId = `e${timestamp}`): EventKey => ({ eventId, timestamp })

/** What a read resuming at `position` takes from `stream` (sorted events): the rule readLogGroup applies. */
function resumeTake(stream: readonly EventKey[], position: LogStreamPosition | undefined): EventKey[] {
  const start = readStartTime(undefined, position)
  const isTaken = createTakenFilter(position)
  return stream.filter((e) => (start === undefined || e.timestamp >= start) && !isTaken(e))
}

describe('advancePosition', () => {
  it('starts a position from the first events, reaching back by the lookback', () => {
    const position = advancePosition(undefined, [ev(1000, 'a'), ev(1000, 'b'), ev(1050, 'c')], policy)
    expect(position).toEqual({
      resumeFrom: 950,
      lastTimestamp: 1050,
      taken: [
        { timestamp: 1000, eventIds: ['a', 'b'] },
        { timestamp: 1050, eventIds: ['c'] },
      ],
    })
    expect(advancePosition(undefined, [], policy)).toBeUndefined()
  })

  it('forgets ids older than the lookback and never moves resumeFrom back', () => {
    const start = advancePosition(undefined, [ev(1000), ev(1060)], policy) as LogStreamPosition
    const position = advancePosition(start, [ev(1150)], policy)
    expect(position).toEqual({
      resumeFrom: 1050,
      lastTimestamp: 1150,
      taken: [
        { timestamp: 1060, eventIds: ['e1060'] },
        { timestamp: 1150, eventIds: ['e1150'] },
      ],
    })
    // A late event inside the lookback joins its millisecond; one behind resumeFrom changes nothing.
    const late = advancePosition(position, [ev(1070, 'late'), ev(1000, 'too-late')], policy)
    expect(late.resumeFrom).toBe(1050)
    expect(late.taken.map((g) => g.timestamp)).toEqual([1060, 1070, 1150])
    expect(advancePosition(position, [ev(10, 'old')], policy)).toEqual(position)
    // A longer lookback cannot reach back past what was forgotten.
    expect(advancePosition(position, [], { ...policy, lookbackMs: 10_000 }).resumeFrom).toBe(1050)
  })

  it('keeps every id of the last millisecond, however many', () => {
    const many = Array.from({ length: 50 }, (_, i) => ev(2000, `same-${i}`))
    const position = advancePosition(undefined, many, { lookbackMs: 100, maxTakenIds: 10 })
    expect(position?.taken).toEqual([{ timestamp: 2000, eventIds: many.map((e) => e.eventId) }])
    expect(position?.resumeFrom).toBe(1900)
  })

  it('shrinks the lookback by whole milliseconds when the ids exceed the bound', () => {
    const events = [ev(1000, 'a'), ev(1000, 'b'), ev(1010, 'c'), ev(1020, 'd'), ev(1020, 'e')]
    const position = advancePosition(undefined, events, { lookbackMs: 100, maxTakenIds: 3 })
    expect(position).toEqual({
      resumeFrom: 1001,
      lastTimestamp: 1020,
      taken: [
        { timestamp: 1010, eventIds: ['c'] },
        { timestamp: 1020, eventIds: ['d', 'e'] },
      ],
    })
  })

  it('never skips nor repeats an event when stopped anywhere, with late events, ties and tight bounds', () => {
    // Random streams; events arrive (are appended) in batches whose timestamps may lie behind what was read.
    let seed = 7
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    for (let round = 0; round < 200; round++) {
      const unbounded = round % 2 === 0
      const roundPolicy = {
        lookbackMs: Math.floor(random() * 30),
        maxTakenIds: unbounded ? 10_000 : 1 + Math.floor(random() * 8),
      }
      const stream: EventKey[] = []
      const taken = new Map<string, number>()
      let position: LogStreamPosition | undefined
      let now = 1000
      let id = 0
      for (let run = 0; run < 6; run++) {
        for (let n = Math.floor(random() * 12); n > 0; n--) {
          // Mostly ahead, sometimes late by less than the lookback, often in the same millisecond.
          const late = random() < 0.3 ? Math.floor(random() * roundPolicy.lookbackMs * 0.5) : 0
          stream.push(ev(Math.max(0, now - late), `id${id++}`))
          if (random() < 0.6) now += Math.floor(random() * 4)
        }
        stream.sort((a, b) => a.timestamp - b.timestamp)
        const page = resumeTake(stream, position)
        // The run takes its events in pages of 1 to 3 and may stop after any of them.
        const stopAfter = random() < 0.5 ? page.length : Math.floor(random() * (page.length + 1))
        for (let i = 0; i < stopAfter; ) {
          const size = 1 + Math.floor(random() * 3)
          const batch = page.slice(i, Math.min(stopAfter, i + size))
          for (const event of batch) taken.set(event.eventId, (taken.get(event.eventId) ?? 0) + 1)
          position = advancePosition(position, batch, roundPolicy)
          i += batch.length
        }
      }
      for (const [eventId, count] of taken) expect(count, `${eventId} taken ${count} times`).toBe(1)
      // Nothing at or after resumeFrom was skipped: a final read takes exactly what was never taken there.
      const rest = resumeTake(stream, position)
      for (const event of rest) expect(taken.has(event.eventId)).toBe(false)
      for (const event of stream) {
        if (position && event.timestamp >= position.resumeFrom && !taken.has(event.eventId)) {
          expect(rest).toContainEqual(event)
        }
      }
      // With room for every id in the lookback, events late by less than it are all taken in the end.
      if (unbounded) expect(taken.size + rest.length).toBe(stream.length)
    }
  })
})

describe('mergePositions', () => {
  it('resumes at the later resumeFrom with the ids of both', () => {
    const a = advancePosition(undefined, [ev(1000, 'a'), ev(1090, 'b')], policy) as LogStreamPosition
    const b = advancePosition(undefined, [ev(1090, 'c'), ev(1120, 'd')], policy) as LogStreamPosition
    const merged = mergePositions(a, b, policy)
    expect(merged).toEqual({
      resumeFrom: 1020,
      lastTimestamp: 1120,
      taken: [
        { timestamp: 1090, eventIds: ['b', 'c'] },
        { timestamp: 1120, eventIds: ['d'] },
      ],
    })
    expect(mergePositions(b, a, policy)).toEqual({
      ...merged,
      taken: [
        { timestamp: 1090, eventIds: ['c', 'b'] },
        { timestamp: 1120, eventIds: ['d'] },
      ],
    })
  })

  it('of a position and a later one of the same stream is the later one', () => {
    const first = advancePosition(undefined, [ev(1000), ev(1001)], policy) as LogStreamPosition
    const second = advancePosition(first, [ev(1002), ev(1200)], policy)
    expect(mergePositions(first, second, policy)).toEqual(second)
  })
})

describe('parseLogStreamPosition', () => {
  it('reads back what JSON gives and rejects what breaks the invariant', () => {
    const position = advancePosition(undefined, [ev(1000, 'a'), ev(1001, 'b')], policy) as LogStreamPosition
    expect(parseLogStreamPosition(JSON.parse(JSON.stringify(position)))).toEqual(position)
    expect(() => parseLogStreamPosition(null)).toThrow(/not an object/)
    expect(() => parseLogStreamPosition({ ...position, taken: [] })).toThrow(/non-empty/)
    expect(() => parseLogStreamPosition({ ...position, resumeFrom: 1001 })).toThrow(/before resumeFrom/)
    expect(() => parseLogStreamPosition({ ...position, lastTimestamp: 5 })).toThrow(/last timestamp/)
    expect(() => parseLogStreamPosition({ ...position, taken: [...position.taken].reverse() })).toThrow(/ascending/)
    expect(() => parseLogStreamPosition({ ...position, taken: [{ timestamp: 1001, eventIds: [1] }] })).toThrow(
      /strings/,
    )
  })
})

describe('readStartTime', () => {
  it('is the later of the window start and the position', () => {
    const position = advancePosition(undefined, [ev(1000)], policy)
    expect(readStartTime(undefined, undefined)).toBeUndefined()
    expect(readStartTime(500, undefined)).toBe(500)
    expect(readStartTime(undefined, position)).toBe(900)
    expect(readStartTime(950, position)).toBe(950)
    expect(readStartTime(10, position)).toBe(900)
  })
})

import { describe, expect, it } from 'vitest'
import {
  advancePosition,
  emptyCloudWatchState,
  type LogStreamPosition,
  mergeCloudWatchStates,
  parseCloudWatchState,
  withStreamPosition,
} from '../src/index.js'

const at = (timestamp: number, ...eventIds: string[]) =>
  advancePosition(
    undefined,
    eventIds.map((eventId) => ({ eventId, timestamp })),
    { lookbackMs: 0, maxTakenIds: 10 },
  ) as LogStreamPosition

describe('CloudWatchState', () => {
  it('records positions without changing the state it was given, and survives JSON', () => {
    const empty = emptyCloudWatchState('g')
    const one = withStreamPosition(empty, 's1', at(5, 'a', 'b'))
    expect(empty.streams).toEqual({})
    expect(one).toEqual({
      version: 1,
      logGroup: 'g',
      streams: { s1: { resumeFrom: 5, lastTimestamp: 5, taken: [{ timestamp: 5, eventIds: ['a', 'b'] }] } },
    })
    expect(parseCloudWatchState(JSON.stringify(one))).toEqual(one)
    expect(parseCloudWatchState(one)).toEqual(one)
  })

  it('merges states stream by stream', () => {
    const a = withStreamPosition(withStreamPosition(emptyCloudWatchState('g'), 's1', at(5, 'a')), 's2', at(9, 'x'))
    const b = withStreamPosition(emptyCloudWatchState('g'), 's1', at(5, 'b'))
    const merged = mergeCloudWatchStates(a, b, { lookbackMs: 0, maxTakenIds: 10 })
    expect(merged.streams.s1?.taken).toEqual([{ timestamp: 5, eventIds: ['a', 'b'] }])
    expect(merged.streams.s2).toEqual(a.streams.s2)
    expect(() => mergeCloudWatchStates(a, emptyCloudWatchState('h'))).toThrow(/cannot merge/)
  })

  it('rejects what is not a state, saying why', () => {
    expect(() => parseCloudWatchState('[]')).toThrow(/version/)
    expect(() => parseCloudWatchState({ version: 2, logGroup: 'g', streams: {} })).toThrow(/version 2/)
    expect(() => parseCloudWatchState({ version: 1, streams: {} })).toThrow(/no logGroup/)
    expect(() => parseCloudWatchState({ version: 1, logGroup: 'g', streams: { s: { resumeFrom: 1 } } })).toThrow(
      /stream 's' is not a log stream position/,
    )
    expect(() => parseCloudWatchState('{')).toThrow(SyntaxError)
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import {
  type CloudWatchState,
  emptyCloudWatchState,
  type LogEventBatch,
  parseCloudWatchState,
  type ReadLogGroupOptions,
  readLogGroup,
  withStreamPosition,
} from '../src/index.js'
import { FakeCloudWatchLogs, type StoredLogEvent } from '@cairn/test-servers'
import { clientFor, LOG_GROUP, putCloudTrailEvents, range, readAll, T0 } from './support/helpers.js'

const US = '111122223333_CloudTrail_us-east-1'
const EU = '111122223333_CloudTrail_eu-west-1'
const OTHER_ACCOUNT = '444455556666_CloudTrail_us-east-1'

const keysOf = (events: readonly StoredLogEvent[]) => events.map((e) => `${e.logStreamName} ${e.eventId}`)

/** Persists each batch's position as a collector would once its rows are durable, through JSON. */
function persist(state: CloudWatchState, batch: LogEventBatch): CloudWatchState {
  return parseCloudWatchState(JSON.stringify(withStreamPosition(state, batch.logStream, batch.position)))
}

let fake: FakeCloudWatchLogs | undefined
afterEach(async () => {
  await fake?.close()
  fake = undefined
})

describe('readLogGroup', () => {
  it('reads every event of the window exactly once across pages, from the streams the globs select', async () => {
    fake = await FakeCloudWatchLogs.start({ describePageSize: 1 })
    fake.createLogStream(LOG_GROUP, 'unrelated-stream')
    // Bounds: one ms before the window, three at its first ms, two at its last, one at `to`.
    const timestamps = [T0 + 9, T0 + 10, T0 + 10, T0 + 10, ...range(38, (i) => T0 + 11 + i), T0 + 49, T0 + 49, T0 + 50]
    const us = putCloudTrailEvents(fake, US, timestamps)
    const eu = putCloudTrailEvents(
      fake,
      EU,
      timestamps.map((t) => t + 1),
    )
    putCloudTrailEvents(fake, OTHER_ACCOUNT, timestamps)
    const client = clientFor(fake, { retryMode: 'standard' })
    const calls: string[] = []
    const { batches, failures, keys } = await readAll(
      client,
      { logStreams: ['111122223333_CloudTrail_*'], from: new Date(T0 + 10), to: new Date(T0 + 50) },
      { pageLimit: 7, onApiCall: (r) => calls.push(`${r.operation} ${r.outcome}`) },
    )
    client.destroy()

    const inWindow = (e: StoredLogEvent) => e.timestamp >= T0 + 10 && e.timestamp < T0 + 50
    const expected = keysOf([...us.filter(inWindow), ...eu.filter(inWindow)])
    expect(failures).toEqual([])
    expect([...keys].sort()).toEqual([...expected].sort())
    expect(new Set(keys).size).toBe(keys.length)
    expect(keys.filter((k) => k.startsWith(EU))).toHaveLength(42) // 49 + 1 was at T0 + 50, outside
    expect(batches.length).toBeGreaterThan(12)
    for (const batch of batches) {
      expect(batch.events.length).toBeLessThanOrEqual(7)
      expect(batch.position.lastTimestamp).toBe(batch.events.at(-1)?.timestamp)
      const times = batch.events.map((e) => e.timestamp)
      expect(times).toEqual([...times].sort((a, b) => a - b))
      expect(batch.events[0]).toMatchObject({
        eventId: expect.stringMatching(/^\d{56}$/),
        ingestionTime: expect.any(Number),
      })
      expect(JSON.parse(batch.events[0]?.message as string).eventID).toBeDefined()
    }
    // One stream per request, the window as asked (endTime is inclusive at the service, `to` dropped here).
    const filters = fake.callsOf('FilterLogEvents').map((c) => c.request)
    expect(filters.every((r) => Array.isArray(r.logStreamNames) && r.logStreamNames.length === 1)).toBe(true)
    expect(filters[0]).toMatchObject({ startTime: T0 + 10, endTime: T0 + 50, limit: 7, logGroupName: LOG_GROUP })
    const listings = fake.callsOf('DescribeLogStreams').map((c) => c.request)
    expect(listings[0]).toMatchObject({ logStreamNamePrefix: '111122223333_CloudTrail_' })
    expect(calls.every((c) => c.endsWith(' ok'))).toBe(true)
  })

  it('reads every stream from its beginning without a window or globs', async () => {
    fake = await FakeCloudWatchLogs.start()
    const a = putCloudTrailEvents(
      fake,
      US,
      range(5, (i) => T0 - 86_400_000 * i),
    )
    const b = putCloudTrailEvents(fake, OTHER_ACCOUNT, [1, 2, 3])
    const client = clientFor(fake, { retryMode: 'standard' })
    const { keys } = await readAll(client)
    client.destroy()
    expect([...keys].sort()).toEqual(keysOf([...a, ...b]).sort())
    expect(fake.callsOf('FilterLogEvents')[0]?.request.startTime).toBeUndefined()
  })

  it('resumes from state persisted after any batch: exactly the missing events, ties in one ms split across stops', async () => {
    fake = await FakeCloudWatchLogs.start()
    // Pages of 3 over: 1 event, 5 in one ms, 4 in the next, 1 more; and a second stream.
    const timestamps = [T0, T0 + 1, T0 + 1, T0 + 1, T0 + 1, T0 + 1, T0 + 2, T0 + 2, T0 + 2, T0 + 2, T0 + 3]
    const all = [...putCloudTrailEvents(fake, US, timestamps), ...putCloudTrailEvents(fake, EU, timestamps)]
    const client = clientFor(fake, { retryMode: 'standard' })
    for (const lookbackMs of [0, 300_000]) {
      const options: ReadLogGroupOptions = { pageLimit: 3, lookbackMs, concurrency: 1 }
      const pages = Math.ceil(timestamps.length / 3) * 2
      for (let stop = 0; stop <= pages; stop++) {
        let state = emptyCloudWatchState(LOG_GROUP)
        const first: string[] = []
        let taken = 0
        for await (const item of readLogGroup(client, { logGroup: LOG_GROUP }, options)) {
          if (taken === stop) break
          if (item.kind !== 'events') throw item.error
          first.push(...item.events.map((e) => `${item.logStream} ${e.eventId}`))
          state = persist(state, item)
          taken++
        }
        const second = await readAll(client, {}, { ...options, state })
        const union = [...first, ...second.keys]
        expect(union.length, `lookback ${lookbackMs}, stopped after ${stop} batches`).toBe(all.length)
        expect(new Set(union)).toEqual(new Set(keysOf(all)))
        state = second.batches.reduce(persist, state)
        expect((await readAll(client, {}, { ...options, state })).keys).toEqual([])
      }
    }
    client.destroy()
  })

  it('takes late-arriving events within the lookback exactly once, and says which it cannot see', async () => {
    fake = await FakeCloudWatchLogs.start()
    const first = putCloudTrailEvents(
      fake,
      US,
      range(100, (i) => T0 + i * 1000),
    )
    const last = T0 + 99_000
    const client = clientFor(fake, { retryMode: 'standard' })
    const options: ReadLogGroupOptions = { pageLimit: 30, lookbackMs: 5 * 60_000 }
    const run1 = await readAll(client, {}, options)
    expect(run1.keys).toEqual(keysOf(first))
    let state = run1.batches.reduce(persist, emptyCloudWatchState(LOG_GROUP))
    expect(state.streams[US]?.resumeFrom).toBe(last - 300_000)

    const late = putCloudTrailEvents(fake, US, [last - 60_000, last, last - 299_000], 'late')
    const tooLate = putCloudTrailEvents(fake, US, [last - 301_000], 'too-late')
    const next = putCloudTrailEvents(fake, US, [last + 1], 'next')
    const run2 = await readAll(client, {}, { ...options, state })
    expect([...run2.keys].sort()).toEqual(keysOf([...late, ...next]).sort())
    expect(run2.keys).not.toContain(keysOf(tooLate)[0])
    state = run2.batches.reduce(persist, state)
    expect((await readAll(client, {}, { ...options, state })).keys).toEqual([])
    // The rerun read the lookback again (from resumeFrom), not the whole stream.
    const starts = fake.callsOf('FilterLogEvents').map((c) => c.request.startTime)
    expect(starts.at(-1)).toBe(last + 1 - 300_000)
    client.destroy()
  })

  it('reads streams concurrently, at most `concurrency` requests at once, each stream in order', async () => {
    fake = await FakeCloudWatchLogs.start()
    const streams = range(6).map((i) => `11112222333${i}_CloudTrail_us-east-1`)
    const stored = streams.flatMap((s) =>
      putCloudTrailEvents(
        fake as FakeCloudWatchLogs,
        s,
        range(40, (i) => T0 + i),
      ),
    )
    const client = clientFor(fake, { retryMode: 'standard' })
    const { batches, keys } = await readAll(client, {}, { concurrency: 2, pageLimit: 10 })
    client.destroy()
    expect([...keys].sort()).toEqual(keysOf(stored).sort())
    expect(fake.maxInFlight).toBeLessThanOrEqual(2)
    for (const stream of streams) {
      const times = batches.filter((b) => b.logStream === stream).flatMap((b) => b.events.map((e) => e.timestamp))
      expect(times).toEqual(range(40, (i) => T0 + i))
    }
  })

  it('continues through empty pages the service returns while it searches', async () => {
    fake = await FakeCloudWatchLogs.start()
    const stored = putCloudTrailEvents(
      fake,
      US,
      range(9, (i) => T0 + i),
    )
    fake.injectFault({ kind: 'empty-page', times: 3 })
    const client = clientFor(fake, { retryMode: 'standard' })
    const { keys, batches } = await readAll(client, {}, { pageLimit: 4 })
    client.destroy()
    expect(keys).toEqual(keysOf(stored))
    expect(batches).toHaveLength(3)
    expect(fake.callsOf('FilterLogEvents')).toHaveLength(6)
  })

  it('stops when the consumer stops, and throws the reason when aborted', async () => {
    fake = await FakeCloudWatchLogs.start()
    for (const stream of [US, EU])
      putCloudTrailEvents(
        fake,
        stream,
        range(100, (i) => T0 + i),
      )
    const client = clientFor(fake, { retryMode: 'standard' })
    for await (const item of readLogGroup(client, { logGroup: LOG_GROUP }, { pageLimit: 10 })) {
      expect(item.kind).toBe('events')
      break
    }
    // Requests aborted on the way out may still be answered; none starts afterwards.
    await new Promise((resolve) => setTimeout(resolve, 50))
    const served = fake.calls.length
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(fake.calls.length).toBe(served)
    expect(served).toBeLessThanOrEqual(1 + 2 * 2)

    const controller = new AbortController()
    const reason = new Error('user stop')
    const read = async () => {
      for await (const _ of readLogGroup(
        client,
        { logGroup: LOG_GROUP },
        { pageLimit: 10, signal: controller.signal },
      )) {
        controller.abort(reason)
      }
    }
    await expect(read()).rejects.toBe(reason)
    client.destroy()
  })

  it('rejects a state of another log group and options out of range', async () => {
    fake = await FakeCloudWatchLogs.start()
    const client = clientFor(fake)
    const read = (options: ReadLogGroupOptions) => readLogGroup(client, { logGroup: LOG_GROUP }, options).next()
    await expect(read({ state: emptyCloudWatchState('other') })).rejects.toThrow(/state is of log group 'other'/)
    await expect(read({ pageLimit: 10_001 })).rejects.toThrow(/pageLimit/)
    await expect(read({ concurrency: 0 })).rejects.toThrow(/concurrency/)
    await expect(readLogGroup(client, { logGroup: 'bad name!' }).next()).rejects.toThrow(/not a valid log group/)
    client.destroy()
  })
})

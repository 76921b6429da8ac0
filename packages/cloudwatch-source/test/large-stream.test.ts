import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readLogGroup } from '../src/index.js'
import { FakeCloudWatchLogs } from '@cairn/test-servers'
import { clientFor, LOG_GROUP, T0 } from './support/helpers.js'

const STREAM = '111122223333_CloudTrail_us-east-1'
const EVENTS = 200_000

describe('a stream of 200,000 events', () => {
  let fake: FakeCloudWatchLogs
  beforeAll(async () => {
    fake = await FakeCloudWatchLogs.start()
    // Five events per millisecond, so pages also end inside a millisecond.
    fake.putLogEvents(
      LOG_GROUP,
      STREAM,
      Array.from({ length: EVENTS }, (_, i) => ({
        timestamp: T0 + Math.floor(i / 5),
        message: `{"eventVersion":"1.08","eventID":"e-${i}","eventTime":"2024-05-01T12:00:00Z","eventName":"GetObject"}`,
      })),
    )
  })
  afterAll(() => fake.close())

  it('is read page by page: one page fetched ahead of the consumer at most, each event once', async () => {
    const client = clientFor(fake, { retryMode: 'standard' })
    let batches = 0
    let events = 0
    let previous = ''
    let largestBatch = 0
    let mostPagesAhead = 0
    const ids = new Set<string>()
    for await (const item of readLogGroup(client, { logGroup: LOG_GROUP })) {
      if (item.kind !== 'events') throw item.error
      batches++
      events += item.events.length
      largestBatch = Math.max(largestBatch, item.events.length)
      for (const event of item.events) ids.add(event.eventId)
      // The fake's ids sort as the events do (timestamp, then arrival).
      expect((item.events[0]?.eventId ?? '') > previous).toBe(true)
      previous = item.events.at(-1)?.eventId ?? ''
      // A slow consumer: the reader must wait for it rather than keep fetching.
      if (batches % 5 === 0) await new Promise((resolve) => setTimeout(resolve, 30))
      mostPagesAhead = Math.max(mostPagesAhead, fake.callsOf('FilterLogEvents').length - batches)
    }
    client.destroy()
    expect(events).toBe(EVENTS)
    expect(ids.size).toBe(EVENTS)
    expect(batches).toBe(20)
    expect(largestBatch).toBe(10_000)
    expect(mostPagesAhead).toBeLessThanOrEqual(1)
  })
})

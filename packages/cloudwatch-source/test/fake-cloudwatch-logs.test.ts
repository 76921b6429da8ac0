import {
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  InvalidParameterException,
  ResourceNotFoundException,
  ServiceUnavailableException,
  ThrottlingException,
} from '@aws-sdk/client-cloudwatch-logs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FakeCloudWatchLogs } from '@cairn/test-servers'
import { clientFor, LOG_GROUP, range, T0 } from './support/helpers.js'

// The fake is only worth its tests if the real SDK client reads its answers as it reads the service's.
describe('the fake CloudWatch Logs endpoint, through the real SDK client', () => {
  let fake: FakeCloudWatchLogs
  const client = () => clientFor(fake, { maxAttempts: 1, retryMode: 'standard' })

  beforeAll(async () => {
    fake = await FakeCloudWatchLogs.start({ describePageSize: 2 })
    for (const name of ['a_CloudTrail_us-east-1', 'b_CloudTrail_us-east-1', 'b_CloudTrail_eu-west-1']) {
      fake.createLogStream(LOG_GROUP, name, T0)
    }
    fake.putLogEvents(
      LOG_GROUP,
      'a_CloudTrail_us-east-1',
      range(10, (i) => T0 + i).map((timestamp) => ({ timestamp, message: `a${timestamp - T0}` })),
    )
    fake.putLogEvents(LOG_GROUP, 'b_CloudTrail_us-east-1', [{ timestamp: T0 + 5, message: 'b5' }])
  })
  afterAll(() => fake.close())

  it('pages DescribeLogStreams by name, with a prefix', async () => {
    const c = client()
    const first = await c.send(new DescribeLogStreamsCommand({ logGroupName: LOG_GROUP }))
    expect(first.logStreams?.map((s) => s.logStreamName)).toEqual(['a_CloudTrail_us-east-1', 'b_CloudTrail_eu-west-1'])
    expect(first.logStreams?.[0]).toMatchObject({ firstEventTimestamp: T0, lastEventTimestamp: T0 + 9 })
    const second = await c.send(new DescribeLogStreamsCommand({ logGroupName: LOG_GROUP, nextToken: first.nextToken }))
    expect(second.logStreams?.map((s) => s.logStreamName)).toEqual(['b_CloudTrail_us-east-1'])
    expect(second.nextToken).toBeUndefined()
    const prefixed = await c.send(new DescribeLogStreamsCommand({ logGroupName: LOG_GROUP, logStreamNamePrefix: 'b_' }))
    expect(prefixed.logStreams).toHaveLength(2)
    c.destroy()
  })

  it('filters with startTime and endTime both inclusive, interleaving streams in timestamp order', async () => {
    const c = client()
    const page = await c.send(
      new FilterLogEventsCommand({ logGroupName: LOG_GROUP, startTime: T0 + 4, endTime: T0 + 6 }),
    )
    expect(page.events?.map((e) => e.message)).toEqual(['a4', 'a5', 'b5', 'a6'])
    expect(page.events?.[0]).toMatchObject({ logStreamName: 'a_CloudTrail_us-east-1', timestamp: T0 + 4 })
    expect(page.events?.[0]?.eventId).toMatch(/^\d{56}$/)
    expect(page.searchedLogStreams).toHaveLength(3)
    expect(page.nextToken).toBeUndefined()
    c.destroy()
  })

  it('pages FilterLogEvents with nextToken, one stream by name', async () => {
    const c = client()
    const messages: string[] = []
    let nextToken: string | undefined
    let pages = 0
    do {
      const page = await c.send(
        new FilterLogEventsCommand({
          logGroupName: LOG_GROUP,
          logStreamNames: ['a_CloudTrail_us-east-1'],
          limit: 3,
          nextToken,
        }),
      )
      messages.push(...(page.events ?? []).map((e) => e.message as string))
      nextToken = page.nextToken
      pages++
    } while (nextToken)
    expect(messages).toEqual(range(10).map((i) => `a${i}`))
    expect(pages).toBe(4)
    c.destroy()
  })

  it('gets log events with endTime exclusive and the forward token repeated at the end', async () => {
    const c = client()
    const base = { logGroupName: LOG_GROUP, logStreamName: 'a_CloudTrail_us-east-1' }
    const head = await c.send(
      new GetLogEventsCommand({ ...base, startTime: T0 + 2, endTime: T0 + 6, startFromHead: true, limit: 3 }),
    )
    expect(head.events?.map((e) => e.message)).toEqual(['a2', 'a3', 'a4'])
    const rest = await c.send(
      new GetLogEventsCommand({
        ...base,
        startTime: T0 + 2,
        endTime: T0 + 6,
        startFromHead: true,
        nextToken: head.nextForwardToken,
      }),
    )
    expect(rest.events?.map((e) => e.message)).toEqual(['a5'])
    const end = await c.send(
      new GetLogEventsCommand({
        ...base,
        startTime: T0 + 2,
        endTime: T0 + 6,
        startFromHead: true,
        nextToken: rest.nextForwardToken,
      }),
    )
    expect(end.events).toEqual([])
    expect(end.nextForwardToken).toBe(rest.nextForwardToken)
    const tail = await c.send(new GetLogEventsCommand({ ...base, limit: 2 }))
    expect(tail.events?.map((e) => e.message)).toEqual(['a8', 'a9'])
    c.destroy()
  })

  it('answers errors in the JSON 1.1 shape the SDK turns into its exception classes', async () => {
    const c = client()
    const missing = await c.send(new FilterLogEventsCommand({ logGroupName: 'nope' })).catch((e: unknown) => e)
    expect(missing).toBeInstanceOf(ResourceNotFoundException)
    expect((missing as Error).message).toBe('The specified log group does not exist.')
    const both = await c
      .send(new FilterLogEventsCommand({ logGroupName: LOG_GROUP, logStreamNames: ['x'], logStreamNamePrefix: 'x' }))
      .catch((e: unknown) => e)
    expect(both).toBeInstanceOf(InvalidParameterException)
    fake.injectFault({ kind: 'throttle', operation: 'FilterLogEvents', times: 1 })
    const throttled = await c.send(new FilterLogEventsCommand({ logGroupName: LOG_GROUP })).catch((e: unknown) => e)
    expect(throttled).toBeInstanceOf(ThrottlingException)
    expect(throttled).toMatchObject({ $metadata: { httpStatusCode: 400 } })
    fake.injectFault({ kind: 'unavailable', times: 1 })
    const unavailable = await c.send(new FilterLogEventsCommand({ logGroupName: LOG_GROUP })).catch((e: unknown) => e)
    expect(unavailable).toBeInstanceOf(ServiceUnavailableException)
    expect(unavailable).toMatchObject({ $fault: 'server', $metadata: { httpStatusCode: 500 } })
    fake.injectFault({ kind: 'reset', times: 1 })
    const reset = await c.send(new FilterLogEventsCommand({ logGroupName: LOG_GROUP })).catch((e: unknown) => e)
    expect(reset).toMatchObject({ code: 'ECONNRESET' })
    c.destroy()
  })

  it('emits empty pages with a token that resumes where the request was', async () => {
    const c = client()
    fake.injectFault({ kind: 'empty-page', times: 1 })
    const request = { logGroupName: LOG_GROUP, logStreamNames: ['b_CloudTrail_us-east-1'] }
    const empty = await c.send(new FilterLogEventsCommand(request))
    expect(empty.events).toEqual([])
    const next = await c.send(new FilterLogEventsCommand({ ...request, nextToken: empty.nextToken }))
    expect(next.events?.map((e) => e.message)).toEqual(['b5'])
    c.destroy()
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { commonLiteralPrefix, type LogStreamSummary, listLogStreams } from '../src/index.js'
import { FakeCloudWatchLogs } from '@cairn/test-servers'
import { clientFor, LOG_GROUP, T0 } from './support/helpers.js'

const NAMES = [
  '111122223333_CloudTrail_eu-west-1',
  '111122223333_CloudTrail_us-east-1',
  '111122223333_CloudTrail_us-west-2',
  '444455556666_CloudTrail_us-east-1',
  'unrelated',
]

describe('listLogStreams', () => {
  let fake: FakeCloudWatchLogs
  beforeAll(async () => {
    fake = await FakeCloudWatchLogs.start({ describePageSize: 2 })
    for (const name of [...NAMES].reverse()) fake.createLogStream(LOG_GROUP, name, T0)
    fake.putLogEvents(LOG_GROUP, NAMES[1] as string, [{ timestamp: T0 + 7, message: '{}' }])
  })
  afterAll(() => fake.close())

  async function list(logStreams?: string[]): Promise<LogStreamSummary[]> {
    const client = clientFor(fake, { retryMode: 'standard' })
    const out: LogStreamSummary[] = []
    for await (const stream of listLogStreams(client, { logGroup: LOG_GROUP, logStreams })) out.push(stream)
    client.destroy()
    return out
  }

  it('pages through every stream in name order', async () => {
    const before = fake.callsOf('DescribeLogStreams').length
    const streams = await list()
    expect(streams.map((s) => s.logStreamName)).toEqual(NAMES)
    expect(streams[1]).toMatchObject({ creationTime: T0, firstEventTimestamp: T0 + 7, lastEventTimestamp: T0 + 7 })
    expect(fake.callsOf('DescribeLogStreams').length - before).toBe(3)
  })

  it('keeps the streams the globs match, listing by their common prefix', async () => {
    const before = fake.callsOf('DescribeLogStreams').length
    expect((await list(['111122223333_CloudTrail_us-*'])).map((s) => s.logStreamName)).toEqual(NAMES.slice(1, 3))
    expect(fake.callsOf('DescribeLogStreams')[before]?.request.logStreamNamePrefix).toBe('111122223333_CloudTrail_us-')
    const names = (await list(['*_us-east-1', 'unrelated'])).map((s) => s.logStreamName)
    expect(names).toEqual([NAMES[1], NAMES[3], 'unrelated'])
    expect(await list(['nothing*'])).toEqual([])
  })

  it('derives the prefix only from the literal start all globs share', () => {
    expect(commonLiteralPrefix([])).toBeUndefined()
    expect(commonLiteralPrefix(['abc*'])).toBe('abc')
    expect(commonLiteralPrefix(['abc?d', 'abx*'])).toBe('ab')
    expect(commonLiteralPrefix(['*abc'])).toBeUndefined()
    expect(commonLiteralPrefix(['exact-name'])).toBe('exact-name')
  })
})

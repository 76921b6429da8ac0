import { afterEach, describe, expect, it } from 'vitest'
import {
  type ApiCallReport,
  CloudWatchReadError,
  emptyCloudWatchState,
  isRetryableError,
  type ReadLogGroupOptions,
  withStreamPosition,
} from '../src/index.js'
import { FakeCloudWatchLogs, type StoredLogEvent } from '@cairn/test-servers'
import { clientFor, LOG_GROUP, putCloudTrailEvents, range, readAll, T0 } from './support/helpers.js'

const A = '111122223333_CloudTrail_ap-south-1'
const B = '111122223333_CloudTrail_eu-west-1'
const C = '111122223333_CloudTrail_us-east-1'

const keysOf = (events: readonly StoredLogEvent[]) => events.map((e) => `${e.logStreamName} ${e.eventId}`)
const fastRetries: ReadLogGroupOptions['retry'] = { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 }

let fake: FakeCloudWatchLogs | undefined
afterEach(async () => {
  await fake?.close()
  fake = undefined
})

async function threeStreams(): Promise<{ fake: FakeCloudWatchLogs; stored: Record<string, StoredLogEvent[]> }> {
  const server = await FakeCloudWatchLogs.start()
  const stored: Record<string, StoredLogEvent[]> = {}
  for (const stream of [A, B, C])
    stored[stream] = putCloudTrailEvents(
      server,
      stream,
      range(25, (i) => T0 + i),
    )
  return { fake: server, stored }
}

describe('readLogGroup under faults', () => {
  it('lets the SDK absorb brief throttling and reports its extra requests', async () => {
    ;({ fake } = await threeStreams())
    fake.injectFault({ kind: 'throttle', operation: 'FilterLogEvents', logStream: B, times: 1 })
    const client = clientFor(fake) // the production client: adaptive retries, 6 attempts
    const reports: ApiCallReport[] = []
    const { keys, failures } = await readAll(client, {}, { onApiCall: (r) => reports.push(r) })
    client.destroy()
    expect(failures).toEqual([])
    expect(keys).toHaveLength(75)
    const absorbed = reports.find((r) => r.logStream === B)
    expect(absorbed).toMatchObject({ outcome: 'ok', attempt: 1, sdkAttempts: 2, items: 25 })
  })

  it('retries throttling that outlasts the SDK, 5xx and connection resets, and reports each retry', async () => {
    const { fake: server, stored } = await threeStreams()
    fake = server
    fake.injectFault({ kind: 'throttle', operation: 'FilterLogEvents', logStream: A, times: 3 })
    fake.injectFault({ kind: 'reset', operation: 'FilterLogEvents', logStream: B, times: 1 })
    fake.injectFault({ kind: 'unavailable', operation: 'FilterLogEvents', logStream: B, times: 1 })
    fake.injectFault({ kind: 'internal', operation: 'FilterLogEvents', logStream: C, times: 1 })
    fake.injectFault({ kind: 'throttle', operation: 'DescribeLogStreams', times: 2 })
    // Two requests per call: the SDK retries once, then gives up and the reader's retries take over.
    const client = clientFor(fake, { retryMode: 'standard', maxAttempts: 2 })
    const reports: ApiCallReport[] = []
    const { keys, failures } = await readAll(
      client,
      {},
      { pageLimit: 10, retry: { attempts: 6, baseDelayMs: 5, maxDelayMs: 20 }, onApiCall: (r) => reports.push(r) },
    )
    client.destroy()
    expect(failures).toEqual([])
    expect([...keys].sort()).toEqual(keysOf([...(stored[A] ?? []), ...(stored[B] ?? []), ...(stored[C] ?? [])]).sort())
    const ofA = reports.filter((r) => r.logStream === A)
    expect(ofA.slice(0, 2).map((r) => [r.outcome, r.errorCode, r.sdkAttempts])).toEqual([
      ['retrying', 'ThrottlingException', 2],
      ['ok', undefined, 2],
    ])
    expect(ofA[0]?.retryInMs).toBeGreaterThan(0)
    expect(ofA[0]?.statusCode).toBe(400)
    expect(reports.filter((r) => r.logStream === B)[0]).toMatchObject({
      outcome: 'retrying',
      errorCode: 'ServiceUnavailableException',
      statusCode: 500,
    })
    expect(fake.calls.filter((c) => c.status === 'reset')).toHaveLength(1)
    expect(reports.filter((r) => r.operation === 'DescribeLogStreams').map((r) => r.outcome)).toEqual([
      'retrying',
      'ok',
    ])
  })

  it('reports a stream that fails for good as an error item and reads the others', async () => {
    const { fake: server, stored } = await threeStreams()
    fake = server
    fake.injectFault({ kind: 'throttle', operation: 'FilterLogEvents', logStream: B, times: Number.POSITIVE_INFINITY })
    fake.injectFault({ kind: 'access-denied', operation: 'FilterLogEvents', logStream: C, times: 1 })
    const client = clientFor(fake, { retryMode: 'standard', maxAttempts: 1 })
    const { keys, failures } = await readAll(client, {}, { retry: fastRetries })
    client.destroy()
    expect(keys).toEqual(keysOf(stored[A] ?? []))
    const byStream = [...failures].sort((a, b) => String(a.logStream).localeCompare(String(b.logStream)))
    expect(byStream.map((f) => [f.logStream, f.error.code, f.error.attempts, f.error.retryable])).toEqual([
      [B, 'ThrottlingException', 4, true],
      [C, 'AccessDeniedException', 1, false],
    ])
    const error = byStream[0]?.error
    expect(error).toBeInstanceOf(CloudWatchReadError)
    expect(error?.message).toBe(
      `FilterLogEvents ${LOG_GROUP}/${B} failed after 4 attempts: ThrottlingException: Rate exceeded`,
    )
    expect(error?.cause).toMatchObject({ name: 'ThrottlingException' })
  })

  it('keeps the batches of a stream that fails mid-way; a rerun from its position reads the rest', async () => {
    fake = await FakeCloudWatchLogs.start()
    const stored = putCloudTrailEvents(fake, B, [...range(12, (i) => T0 + i), T0 + 12, T0 + 12, T0 + 12])
    fake.injectFault({ kind: 'unavailable', operation: 'FilterLogEvents', after: 2, times: Number.POSITIVE_INFINITY })
    const client = clientFor(fake, { retryMode: 'standard', maxAttempts: 1 })
    const options: ReadLogGroupOptions = { pageLimit: 5, retry: fastRetries }
    const run1 = await readAll(client, {}, options)
    expect(run1.items.map((i) => i.kind)).toEqual(['events', 'events', 'error'])
    expect(run1.failures[0]?.error.code).toBe('ServiceUnavailableException')
    const state = run1.batches.reduce(
      (s, b) => withStreamPosition(s, b.logStream, b.position),
      emptyCloudWatchState(LOG_GROUP),
    )
    fake.faults.length = 0
    const run2 = await readAll(client, {}, { ...options, state })
    client.destroy()
    expect([...run1.keys, ...run2.keys]).toEqual(keysOf(stored))
  })

  it('reports a listing that fails for good without a stream, and yields nothing else', async () => {
    ;({ fake } = await threeStreams())
    fake.injectFault({ kind: 'reset', operation: 'DescribeLogStreams', times: Number.POSITIVE_INFINITY })
    const client = clientFor(fake, { retryMode: 'standard', maxAttempts: 1 })
    const { items } = await readAll(client, {}, { retry: fastRetries })
    client.destroy()
    expect(items).toHaveLength(1)
    expect(items[0]?.kind).toBe('error')
    expect(items[0]).not.toHaveProperty('logStream')
    expect(items[0]?.kind === 'error' && items[0].error).toMatchObject({
      operation: 'DescribeLogStreams',
      code: 'ECONNRESET',
      attempts: 4,
    })
  })

  it('reports a missing log group as not retryable', async () => {
    fake = await FakeCloudWatchLogs.start()
    const client = clientFor(fake, { retryMode: 'standard' })
    const { items } = await readAll(client, { logGroup: 'no-such-group' }, { retry: fastRetries })
    client.destroy()
    expect(items).toHaveLength(1)
    expect(items[0]?.kind === 'error' && items[0].error).toMatchObject({
      code: 'ResourceNotFoundException',
      attempts: 1,
      retryable: false,
    })
  })

  it('throws what a listener throws instead of taking it for a failed call', async () => {
    ;({ fake } = await threeStreams())
    const client = clientFor(fake, { retryMode: 'standard' })
    const bug = new Error('listener bug')
    const onApiCall = (report: ApiCallReport) => {
      if (report.operation === 'FilterLogEvents') throw bug
    }
    await expect(readAll(client, {}, { onApiCall })).rejects.toBe(bug)
    client.destroy()
    expect(fake.callsOf('FilterLogEvents').length).toBeLessThanOrEqual(4)
  })

  it('stops waiting between retries as soon as it is aborted', async () => {
    ;({ fake } = await threeStreams())
    fake.injectFault({ kind: 'throttle', times: Number.POSITIVE_INFINITY })
    const client = clientFor(fake, { retryMode: 'standard', maxAttempts: 1 })
    const signal = AbortSignal.timeout(100)
    const started = performance.now()
    await expect(readAll(client, {}, { signal, retry: { baseDelayMs: 60_000 } })).rejects.toMatchObject({
      name: 'TimeoutError',
    })
    expect(performance.now() - started).toBeLessThan(2_000)
    client.destroy()
  })
})

describe('isRetryableError', () => {
  it('retries throttling, unavailability, 5xx, timeouts and dropped connections only', () => {
    const named = (name: string, status?: number) =>
      Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } })
    expect(isRetryableError(named('ThrottlingException', 400))).toBe(true)
    expect(isRetryableError(named('ServiceUnavailableException', 500))).toBe(true)
    expect(isRetryableError(named('Whatever', 503))).toBe(true)
    expect(isRetryableError(named('Whatever', 429))).toBe(true)
    expect(isRetryableError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true)
    expect(isRetryableError(new Error('wrapped', { cause: Object.assign(new Error(), { code: 'EPIPE' }) }))).toBe(true)
    expect(isRetryableError(named('ResourceNotFoundException', 400))).toBe(false)
    expect(isRetryableError(named('AccessDeniedException', 400))).toBe(false)
    expect(isRetryableError(named('InvalidParameterException', 400))).toBe(false)
    expect(isRetryableError(named('AbortError'))).toBe(false)
  })
})

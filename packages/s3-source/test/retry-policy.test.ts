import { describe, expect, it } from 'vitest'
import { backoffDelayMs, describeError, isRetryable, isThrottling } from '../src/retry-policy.js'

function serviceError(name: string, status: number, message = 'message') {
  return Object.assign(new Error(message), { name, $fault: 'server', $metadata: { httpStatusCode: status } })
}

describe('retry policy', () => {
  it('retries throttling, 5xx, resets, timeouts and cut bodies, and nothing else', () => {
    expect(isRetryable(serviceError('SlowDown', 503))).toBe(true)
    expect(isRetryable(serviceError('TooManyRequestsException', 429))).toBe(true)
    expect(isRetryable(serviceError('InternalError', 500))).toBe(true)
    expect(isRetryable(serviceError('Unknown', 502))).toBe(true)
    expect(isRetryable(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true)
    expect(isRetryable(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }))).toBe(true)
    expect(isRetryable(Object.assign(new Error('timed out'), { name: 'TimeoutError' }))).toBe(true)
    expect(isRetryable(new Error('wrapped', { cause: Object.assign(new Error('x'), { code: 'EPIPE' }) }))).toBe(true)
    expect(isRetryable(serviceError('NoSuchKey', 404))).toBe(false)
    expect(isRetryable(serviceError('AccessDenied', 403))).toBe(false)
    expect(isRetryable(serviceError('PreconditionFailed', 412))).toBe(false)
    expect(isRetryable(Object.assign(new Error('stop'), { name: 'AbortError' }))).toBe(false)
    expect(isRetryable(new Error('anything else'))).toBe(false)
  })

  it('backs off exponentially with jitter, longer when throttled, within caps', () => {
    for (let retry = 1; retry <= 12; retry++) {
      const ceiling = Math.min(10_000, 100 * 2 ** (retry - 1))
      const delay = backoffDelayMs(retry, false)
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2)
      expect(delay).toBeLessThanOrEqual(ceiling)
      expect(backoffDelayMs(retry, true)).toBeLessThanOrEqual(20_000)
    }
    expect(backoffDelayMs(1, true)).toBeGreaterThanOrEqual(250)
    expect(isThrottling(serviceError('SlowDown', 503))).toBe(true)
    expect(isThrottling(serviceError('InternalError', 500))).toBe(false)
  })

  it('describes errors by code, status and message', () => {
    expect(describeError(serviceError('SlowDown', 503, 'Please reduce your request rate.'))).toBe(
      'SlowDown (HTTP 503): Please reduce your request rate.',
    )
    expect(describeError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(
      'ECONNRESET: socket hang up',
    )
    expect(describeError(new Error('plain'))).toBe('plain')
    expect(describeError('text')).toBe('text')
  })
})

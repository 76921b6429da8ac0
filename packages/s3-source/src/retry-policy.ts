import { setTimeout as sleep } from 'node:timers/promises'

const RETRYABLE_ERROR_NAMES = new Set([
  'SlowDown',
  'InternalError',
  'ServiceUnavailable',
  'RequestTimeout',
  'RequestTimeoutException',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'BandwidthLimitExceeded',
  'TimeoutError',
  'TruncatedBodyError',
])

const THROTTLING_ERROR_NAMES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'BandwidthLimitExceeded',
])

const RETRYABLE_ERROR_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_HTTP2_STREAM_ERROR',
])

interface ErrorFields {
  name?: unknown
  code?: unknown
  message?: unknown
  cause?: unknown
  $retryable?: unknown
  $metadata?: { httpStatusCode?: unknown }
}

function fieldsOf(error: unknown): ErrorFields {
  return typeof error === 'object' && error !== null ? (error as ErrorFields) : {}
}

function httpStatusOf(error: unknown): number | undefined {
  const status = fieldsOf(error).$metadata?.httpStatusCode
  return typeof status === 'number' ? status : undefined
}

export function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || fieldsOf(error).name === 'AbortError'
}

/** Throttling, 5xx, connection resets and timeouts, bodies cut short: worth another attempt. */
export function isRetryable(error: unknown): boolean {
  for (let current = error, depth = 0; current !== undefined && depth < 4; depth++) {
    const { name, code, message, $retryable, cause } = fieldsOf(current)
    if (name === 'AbortError') return false
    const status = httpStatusOf(current)
    if (status !== undefined && (status === 429 || status >= 500)) return true
    if ($retryable) return true
    if (typeof name === 'string' && RETRYABLE_ERROR_NAMES.has(name)) return true
    if (typeof code === 'string' && RETRYABLE_ERROR_CODES.has(code)) return true
    // Node's message for a response whose connection closed before its last byte.
    if (message === 'aborted') return true
    current = cause
  }
  return false
}

export function isThrottling(error: unknown): boolean {
  const { name } = fieldsOf(error)
  const status = httpStatusOf(error)
  return status === 429 || status === 503 || (typeof name === 'string' && THROTTLING_ERROR_NAMES.has(name))
}

/**
 * Exponential backoff with jitter before retry number `retry` (1 for the first retry): half of the delay is fixed,
 * half random, so that throttled clients spread out but never come straight back.
 */
export function backoffDelayMs(retry: number, throttled: boolean): number {
  const base = throttled ? 500 : 100
  const ceiling = Math.min(throttled ? 20_000 : 10_000, base * 2 ** (retry - 1))
  return ceiling / 2 + (Math.random() * ceiling) / 2
}

export async function backoff(retry: number, error: unknown, signal: AbortSignal | undefined): Promise<void> {
  await sleep(backoffDelayMs(retry, isThrottling(error)), undefined, { signal })
}

/** `SlowDown (HTTP 503): Please reduce your request rate.`, `ECONNRESET: socket hang up`, … */
export function describeError(error: unknown): string {
  const { name, code, message } = fieldsOf(error)
  const status = httpStatusOf(error)
  const text = typeof message === 'string' && message !== '' ? message : String(error)
  const label = typeof code === 'string' ? code : typeof name === 'string' && name !== 'Error' ? name : undefined
  const head = [label, status !== undefined ? `(HTTP ${status})` : undefined].filter(Boolean).join(' ')
  if (head === '' || text.startsWith(`${label}:`)) return text
  return text === label ? head : `${head}: ${text}`
}

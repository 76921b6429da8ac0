import { type CloudWatchOperation, CloudWatchReadError } from './cloudwatch-read-error.js'

/** Retries on top of the SDK's own (which gives up after its `maxAttempts`, a few seconds of throttling). */
export interface RetryPolicy {
  /** Calls made at most, the first included. */
  attempts: number
  /** The wait before the second call; it doubles at each further one (with jitter), up to `maxDelayMs`. */
  baseDelayMs: number
  maxDelayMs: number
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = { attempts: 5, baseDelayMs: 2_000, maxDelayMs: 30_000 }

/** One CloudWatch Logs call (each may be several HTTP requests: the SDK's own retries), as it ended. */
export interface ApiCallReport {
  operation: CloudWatchOperation
  logGroup: string
  logStream?: string
  /** 1-based, this call's number among the calls for the same request. */
  attempt: number
  /** `retrying`: failed, another call follows after `retryInMs`; `failed`: failed for good. */
  outcome: 'ok' | 'retrying' | 'failed'
  durationMs: number
  /** HTTP requests the SDK made for this call; over 1 when it retried (throttling it absorbed shows here). */
  sdkAttempts?: number
  /** Events returned (FilterLogEvents) or streams listed (DescribeLogStreams). */
  items?: number
  errorCode?: string
  errorMessage?: string
  statusCode?: number
  retryInMs?: number
}

export type ApiCallListener = (report: ApiCallReport) => void

const RETRYABLE_ERROR_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'ServiceUnavailableException',
  'ServiceUnavailable',
  'InternalFailure',
  'InternalServerError',
  'InternalServerException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
])

const RETRYABLE_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_SOCKET',
])

interface ErrorFields {
  name?: unknown
  code?: unknown
  message?: unknown
  cause?: unknown
  $metadata?: { httpStatusCode?: number; attempts?: number }
  $retryable?: unknown
}

function fieldsOf(error: unknown): ErrorFields {
  return typeof error === 'object' && error !== null ? (error as ErrorFields) : {}
}

function statusCodeOf(error: unknown): number | undefined {
  return fieldsOf(error).$metadata?.httpStatusCode
}

/** The service's error name, or the network error's code (`ECONNRESET`). */
export function errorCodeOf(error: unknown): string {
  const { name, code } = fieldsOf(error)
  if (typeof code === 'string' && RETRYABLE_NETWORK_CODES.has(code)) return code
  if (typeof name === 'string' && name !== 'Error') return name
  if (typeof code === 'string') return code
  return 'Error'
}

/** Throttling, service unavailability, 5xx, timeouts and dropped connections: worth another call. */
export function isRetryableError(error: unknown, depth = 0): boolean {
  const fields = fieldsOf(error)
  if (fields.name === 'AbortError') return false
  const status = statusCodeOf(error) ?? 0
  if (status === 429 || status >= 500) return true
  if (typeof fields.name === 'string' && RETRYABLE_ERROR_NAMES.has(fields.name)) return true
  if (typeof fields.code === 'string' && RETRYABLE_NETWORK_CODES.has(fields.code)) return true
  if (fields.$retryable !== undefined) return true
  return fields.cause !== undefined && depth < 5 && isRetryableError(fields.cause, depth + 1)
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? Object.assign(new Error('aborted'), { name: 'AbortError' })
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal))
      return
    }
    const onAbort = () => {
      clearTimeout(timer)
      reject(abortReason(signal as AbortSignal))
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/** Exponential, half of it random: calls that were throttled together do not come back together. */
export function retryDelay(policy: RetryPolicy, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2)
}

export interface CallTarget {
  operation: CloudWatchOperation
  logGroup: string
  logStream?: string
}

export interface CallOptions {
  policy: RetryPolicy
  signal?: AbortSignal
  onApiCall?: ApiCallListener
  /** How many items a response holds, for the report. */
  countItems?: (response: any) => number
}

/**
 * Makes the call until it succeeds, fails with an error that is not retryable, or has been made `policy.attempts`
 * times; every call is reported. Throws `CloudWatchReadError`, or the signal's reason once it aborts.
 */
export async function callWithRetries<T extends { $metadata?: { attempts?: number } }>(
  call: () => Promise<T>,
  target: CallTarget,
  options: CallOptions,
): Promise<T> {
  const { policy, signal, onApiCall } = options
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw abortReason(signal)
    const started = performance.now()
    let response: T
    try {
      response = await call()
    } catch (error) {
      if (signal?.aborted) throw abortReason(signal)
      const retryable = isRetryableError(error)
      const last = !retryable || attempt >= policy.attempts
      const retryInMs = last ? undefined : retryDelay(policy, attempt)
      const code = errorCodeOf(error)
      const statusCode = statusCodeOf(error)
      const message = String(fieldsOf(error).message ?? error)
      onApiCall?.({
        ...target,
        attempt,
        outcome: last ? 'failed' : 'retrying',
        durationMs: performance.now() - started,
        sdkAttempts: fieldsOf(error).$metadata?.attempts,
        errorCode: code,
        errorMessage: message,
        statusCode,
        retryInMs,
      })
      if (retryInMs === undefined) {
        const where = target.logStream === undefined ? target.logGroup : `${target.logGroup}/${target.logStream}`
        const tries = retryable ? ` after ${attempt} attempt${attempt === 1 ? '' : 's'}` : ''
        throw new CloudWatchReadError(
          { ...target, code, statusCode, attempts: attempt, retryable },
          `${target.operation} ${where} failed${tries}: ${code}: ${message}`,
          error,
        )
      }
      await sleep(retryInMs, signal)
      continue
    }
    onApiCall?.({
      ...target,
      attempt,
      outcome: 'ok',
      durationMs: performance.now() - started,
      sdkAttempts: response.$metadata?.attempts,
      items: options.countItems?.(response),
    })
    return response
  }
}

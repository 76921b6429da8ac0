export type CloudWatchOperation = 'DescribeLogStreams' | 'FilterLogEvents'

/** A CloudWatch Logs call that failed for good: not retryable, or still failing after every attempt. */
export class CloudWatchReadError extends Error {
  readonly operation: CloudWatchOperation
  readonly logGroup: string
  readonly logStream: string | undefined
  /** The error's name as the service or the network gave it: `ThrottlingException`, `ResourceNotFoundException`, `ECONNRESET`... */
  readonly code: string
  /** The HTTP status of the last response, when there was one. */
  readonly statusCode: number | undefined
  /** Calls made (each may itself be several requests: the SDK's own retries). */
  readonly attempts: number
  /** Whether the error is of a kind that is retried (so it outlasted every attempt). */
  readonly retryable: boolean

  constructor(
    fields: {
      operation: CloudWatchOperation
      logGroup: string
      logStream?: string
      code: string
      statusCode?: number
      attempts: number
      retryable: boolean
    },
    message: string,
    cause: unknown,
  ) {
    super(message, { cause })
    this.name = 'CloudWatchReadError'
    this.operation = fields.operation
    this.logGroup = fields.logGroup
    this.logStream = fields.logStream
    this.code = fields.code
    this.statusCode = fields.statusCode
    this.attempts = fields.attempts
    this.retryable = fields.retryable
  }
}

import type { CloudWatchReadError } from './cloudwatch-read-error.js'
import type { LogStreamPosition } from './log-stream-position.js'

/** One CloudWatch Logs event; for CloudTrail, `message` is one event's JSON. */
export interface LogEvent {
  eventId: string
  /** Epoch ms: the log event's timestamp, the one `from`/`to` and positions are about. */
  timestamp: number
  /** Epoch ms: when CloudWatch Logs received it. */
  ingestionTime?: number
  message: string
}

/** The events of one FilterLogEvents page of one stream that were not taken before, in timestamp order. */
export interface LogEventBatch {
  kind: 'events'
  logGroup: string
  logStream: string
  /** Never empty. */
  events: LogEvent[]
  /** The stream's position after this batch: persist it once the batch's rows are durable. */
  position: LogStreamPosition
}

/**
 * A stream that could not be read (any further), or a listing that failed (`logStream` absent). The batches of the
 * stream yielded before it stand; the other streams go on.
 */
export interface LogStreamFailure {
  kind: 'error'
  logGroup: string
  logStream?: string
  error: CloudWatchReadError
}

export type CloudWatchReadItem = LogEventBatch | LogStreamFailure

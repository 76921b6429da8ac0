import {
  type CloudWatchLogsClient,
  type FilteredLogEvent,
  FilterLogEventsCommand,
  type FilterLogEventsCommandOutput,
} from '@aws-sdk/client-cloudwatch-logs'
import { type ApiCallListener, callWithRetries, type RetryPolicy } from './call-with-retries.js'
import { CloudWatchReadError } from './cloudwatch-read-error.js'
import {
  advancePosition,
  createTakenFilter,
  type LogStreamPosition,
  type PositionPolicy,
  readStartTime,
} from './log-stream-position.js'
import type { CloudWatchReadItem, LogEvent } from './read-items.js'

export interface LogStreamReadSettings {
  client: CloudWatchLogsClient
  logGroup: string
  /** Epoch ms, inclusive. */
  from?: number
  /** Epoch ms, exclusive. */
  to?: number
  pageLimit: number
  positionPolicy: PositionPolicy
  retryPolicy: RetryPolicy
  signal: AbortSignal
  onApiCall?: ApiCallListener
}

function toLogEvent(event: FilteredLogEvent, logGroup: string, logStream: string): LogEvent {
  if (event.eventId === undefined || event.timestamp === undefined) {
    throw new CloudWatchReadError(
      { operation: 'FilterLogEvents', logGroup, logStream, code: 'MalformedResponse', attempts: 1, retryable: false },
      `FilterLogEvents ${logGroup}/${logStream} returned an event without eventId or timestamp`,
      event,
    )
  }
  const logEvent: LogEvent = { eventId: event.eventId, timestamp: event.timestamp, message: event.message ?? '' }
  if (event.ingestionTime !== undefined) logEvent.ingestionTime = event.ingestionTime
  return logEvent
}

/**
 * One stream read from its position with FilterLogEvents, a batch per page that holds new events. A failed call ends
 * the stream with an error item; an abort (or a bug, such as a listener that throws) throws.
 */
export async function* readLogStream(
  settings: LogStreamReadSettings,
  logStream: string,
  start: LogStreamPosition | undefined,
): AsyncGenerator<CloudWatchReadItem> {
  const { client, logGroup, to, signal } = settings
  const startTime = readStartTime(settings.from, start)
  if (startTime !== undefined && to !== undefined && startTime >= to) return
  let position = start
  let nextToken: string | undefined
  try {
    do {
      const response: FilterLogEventsCommandOutput = await callWithRetries(
        () =>
          client.send(
            new FilterLogEventsCommand({
              logGroupName: logGroup,
              logStreamNames: [logStream],
              startTime,
              // AWS documents endTime as inclusive; asking for `to` and dropping what is at `to` below keeps the
              // window exact whichever way the service rounds it.
              endTime: to,
              limit: settings.pageLimit,
              nextToken,
            }),
            { abortSignal: signal },
          ),
        { operation: 'FilterLogEvents', logGroup, logStream },
        {
          policy: settings.retryPolicy,
          signal,
          onApiCall: settings.onApiCall,
          countItems: (r) => r.events?.length ?? 0,
        },
      )
      const isTaken = createTakenFilter(position)
      const seen = new Set<string>()
      const events: LogEvent[] = []
      for (const raw of response.events ?? []) {
        const event = toLogEvent(raw, logGroup, logStream)
        if (startTime !== undefined && event.timestamp < startTime) continue
        if (to !== undefined && event.timestamp >= to) continue
        if (isTaken(event) || seen.has(event.eventId)) continue
        seen.add(event.eventId)
        events.push(event)
      }
      if (events.length > 0) {
        position = advancePosition(position, events, settings.positionPolicy) as LogStreamPosition
        yield { kind: 'events', logGroup, logStream, events, position }
      }
      nextToken = response.nextToken
    } while (nextToken !== undefined)
  } catch (error) {
    if (signal.aborted || !(error instanceof CloudWatchReadError)) throw error
    yield { kind: 'error', logGroup, logStream, error }
  }
}

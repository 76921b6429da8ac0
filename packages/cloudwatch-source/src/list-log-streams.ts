import { type CloudWatchLogsClient, DescribeLogStreamsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { type ApiCallListener, callWithRetries, DEFAULT_RETRY_POLICY, type RetryPolicy } from './call-with-retries.js'
import { commonLiteralPrefix, streamMatches } from './cloudwatch-source-config.js'

export interface ListLogStreamsOptions {
  logGroup: string
  /** Stream name globs (`*`, `?`); every stream when absent or empty. */
  logStreams?: readonly string[]
  signal?: AbortSignal
  onApiCall?: ApiCallListener
  retry?: Partial<RetryPolicy>
}

/** A log stream as DescribeLogStreams tells it (times in epoch ms). */
export interface LogStreamSummary {
  logStreamName: string
  creationTime?: number
  firstEventTimestamp?: number
  lastEventTimestamp?: number
  lastIngestionTime?: number
}

/**
 * The log group's streams whose names match the globs, in name order, one DescribeLogStreams page at a time.
 * Throws `CloudWatchReadError` when a page cannot be listed (after retries).
 */
export async function* listLogStreams(
  client: CloudWatchLogsClient,
  options: ListLogStreamsOptions,
): AsyncGenerator<LogStreamSummary> {
  const globs = options.logStreams ?? []
  const logStreamNamePrefix = commonLiteralPrefix(globs)
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry }
  let nextToken: string | undefined
  do {
    const response = await callWithRetries(
      () =>
        client.send(new DescribeLogStreamsCommand({ logGroupName: options.logGroup, logStreamNamePrefix, nextToken }), {
          abortSignal: options.signal,
        }),
      { operation: 'DescribeLogStreams', logGroup: options.logGroup },
      {
        policy,
        signal: options.signal,
        onApiCall: options.onApiCall,
        countItems: (r) => r.logStreams?.length ?? 0,
      },
    )
    for (const stream of response.logStreams ?? []) {
      const name = stream.logStreamName
      if (name === undefined || (globs.length > 0 && !globs.some((glob) => streamMatches(glob, name)))) continue
      yield {
        logStreamName: name,
        creationTime: stream.creationTime,
        firstEventTimestamp: stream.firstEventTimestamp,
        lastEventTimestamp: stream.lastEventTimestamp,
        lastIngestionTime: stream.lastIngestionTime,
      }
    }
    nextToken = response.nextToken
  } while (nextToken !== undefined)
}

import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { type ApiCallListener, DEFAULT_RETRY_POLICY, type RetryPolicy } from './call-with-retries.js'
import { CloudWatchReadError } from './cloudwatch-read-error.js'
import { type CloudWatchSourceConfig, validateCloudWatchSourceConfig } from './cloudwatch-source-config.js'
import type { CloudWatchState } from './cloudwatch-state.js'
import { listLogStreams } from './list-log-streams.js'
import { DEFAULT_POSITION_POLICY } from './log-stream-position.js'
import type { CloudWatchReadItem } from './read-items.js'
import { type LogStreamReadSettings, readLogStream } from './read-log-stream.js'

export interface ReadLogGroupOptions {
  /** Where the previous runs stopped; streams not in it are read from `config.from` (or their beginning). */
  state?: CloudWatchState
  /** Streams read at once (default 4); at most one page each is fetched ahead of the consumer. */
  concurrency?: number
  /** Events asked per FilterLogEvents page, 1 to 10,000 (default 10,000). */
  pageLimit?: number
  /** See `PositionPolicy.lookbackMs` (default 5 minutes). */
  lookbackMs?: number
  /** See `PositionPolicy.maxTakenIds` (default 2,000 per stream). */
  maxTakenIds?: number
  retry?: Partial<RetryPolicy>
  /** Stops reading; the generator then throws the signal's reason. */
  signal?: AbortSignal
  /** Told of every API call: retries (throttling that outlasted the SDK's own retries) and failures included. */
  onApiCall?: ApiCallListener
}

export const DEFAULT_CONCURRENCY = 4
export const MAX_PAGE_LIMIT = 10_000

function checkOptions(config: CloudWatchSourceConfig, options: ReadLogGroupOptions): void {
  validateCloudWatchSourceConfig(config)
  if (options.state !== undefined && options.state.logGroup !== config.logGroup) {
    throw new Error(`the state is of log group '${options.state.logGroup}', not '${config.logGroup}'`)
  }
  const { concurrency, pageLimit, lookbackMs, maxTakenIds } = options
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1)) {
    throw new Error(`concurrency ${concurrency} is not a positive integer`)
  }
  if (pageLimit !== undefined && !(Number.isInteger(pageLimit) && pageLimit >= 1 && pageLimit <= MAX_PAGE_LIMIT)) {
    throw new Error(`pageLimit ${pageLimit} is not an integer from 1 to ${MAX_PAGE_LIMIT}`)
  }
  if (lookbackMs !== undefined && !(Number.isInteger(lookbackMs) && lookbackMs >= 0)) {
    throw new Error(`lookbackMs ${lookbackMs} is not a non-negative integer`)
  }
  if (maxTakenIds !== undefined && !(Number.isInteger(maxTakenIds) && maxTakenIds >= 1)) {
    throw new Error(`maxTakenIds ${maxTakenIds} is not a positive integer`)
  }
}

type Pull = Promise<{ stream: string; result: IteratorResult<CloudWatchReadItem> }>

/**
 * The log group's streams (those matching `config.logStreams`) read with FilterLogEvents within
 * [`config.from`, `config.to`), each from its position in `options.state`: one batch per page that holds events not
 * taken before, batches of one stream in timestamp order, streams interleaved. A stream (or the listing) that fails
 * for good yields an error item and the others go on. Nothing is buffered beyond one page per stream being read.
 */
export async function* readLogGroup(
  client: CloudWatchLogsClient,
  config: CloudWatchSourceConfig,
  options: ReadLogGroupOptions = {},
): AsyncGenerator<CloudWatchReadItem> {
  checkOptions(config, options)
  const controller = new AbortController()
  const outerSignal = options.signal
  const forwardAbort = () => controller.abort(outerSignal?.reason)
  if (outerSignal?.aborted) forwardAbort()
  else outerSignal?.addEventListener('abort', forwardAbort, { once: true })

  const retryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry }
  const settings: LogStreamReadSettings = {
    client,
    logGroup: config.logGroup,
    from: config.from?.getTime(),
    to: config.to?.getTime(),
    pageLimit: options.pageLimit ?? MAX_PAGE_LIMIT,
    positionPolicy: {
      lookbackMs: options.lookbackMs ?? DEFAULT_POSITION_POLICY.lookbackMs,
      maxTakenIds: options.maxTakenIds ?? DEFAULT_POSITION_POLICY.maxTakenIds,
    },
    retryPolicy,
    signal: controller.signal,
    onApiCall: options.onApiCall,
  }
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY
  const streams = listLogStreams(client, {
    logGroup: config.logGroup,
    logStreams: config.logStreams,
    signal: controller.signal,
    onApiCall: options.onApiCall,
    retry: retryPolicy,
  })
  const readers = new Map<string, AsyncGenerator<CloudWatchReadItem>>()
  const pulls = new Map<string, Pull>()
  const pull = (stream: string, reader: AsyncGenerator<CloudWatchReadItem>) => {
    const next: Pull = reader.next().then((result) => ({ stream, result }))
    // Rejections (aborts) are awaited in the race or in `finally`; this keeps an abandoned one from going unhandled.
    next.catch(() => {})
    pulls.set(stream, next)
  }

  let listing = true
  try {
    while (true) {
      while (listing && readers.size < concurrency) {
        let listed: IteratorResult<{ logStreamName: string }>
        try {
          listed = await streams.next()
        } catch (error) {
          if (controller.signal.aborted) throw controller.signal.reason
          listing = false
          if (!(error instanceof CloudWatchReadError)) throw error
          yield { kind: 'error', logGroup: config.logGroup, error }
          break
        }
        if (listed.done) {
          listing = false
          break
        }
        const name = listed.value.logStreamName
        const reader = readLogStream(settings, name, options.state?.streams[name])
        readers.set(name, reader)
        pull(name, reader)
      }
      if (pulls.size === 0) break
      const { stream, result } = await Promise.race(pulls.values())
      if (result.done) {
        readers.delete(stream)
        pulls.delete(stream)
        continue
      }
      // Fetch the stream's next page while the consumer handles this one.
      pull(stream, readers.get(stream) as AsyncGenerator<CloudWatchReadItem>)
      yield result.value
    }
  } finally {
    outerSignal?.removeEventListener('abort', forwardAbort)
    controller.abort(outerSignal?.reason)
    await Promise.allSettled(pulls.values())
    await Promise.allSettled([...readers.values()].map((reader) => reader.return(undefined)))
    await streams.return(undefined).catch(() => {})
  }
}

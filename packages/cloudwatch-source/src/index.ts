export {
  type ApiCallListener,
  type ApiCallReport,
  DEFAULT_RETRY_POLICY,
  isRetryableError,
  type RetryPolicy,
} from './call-with-retries.js'
export { type CloudWatchOperation, CloudWatchReadError } from './cloudwatch-read-error.js'
export {
  type CloudWatchSourceConfig,
  commonLiteralPrefix,
  selectStreams,
  streamMatches,
  validateCloudWatchSourceConfig,
} from './cloudwatch-source-config.js'
export {
  type CloudWatchState,
  emptyCloudWatchState,
  mergeCloudWatchStates,
  parseCloudWatchState,
  withStreamPosition,
} from './cloudwatch-state.js'
export { createCloudWatchLogsClient } from './create-cloudwatch-client.js'
export { type ListLogStreamsOptions, type LogStreamSummary, listLogStreams } from './list-log-streams.js'
export {
  advancePosition,
  DEFAULT_POSITION_POLICY,
  type EventKey,
  type LogStreamPosition,
  mergePositions,
  type PositionPolicy,
  parseLogStreamPosition,
  type TakenAtTimestamp,
} from './log-stream-position.js'
export {
  CLOUDWATCH_SOURCE_TYPE,
  type CloudWatchCollectionContext,
  type NormalizedLogEvent,
  normalizeLogEventBatch,
} from './normalize-batch.js'
export type { CloudWatchReadItem, LogEvent, LogEventBatch, LogStreamFailure } from './read-items.js'
export { DEFAULT_CONCURRENCY, MAX_PAGE_LIMIT, type ReadLogGroupOptions, readLogGroup } from './read-log-group.js'

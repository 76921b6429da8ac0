import { type CollectionContext, type EventIdSet, type MessageItem, normalizeMessage } from '@cairn/normalizer'
import type { LogEvent, LogEventBatch } from './read-items.js'

export const CLOUDWATCH_SOURCE_TYPE = 'aws_cloudwatch_log_group'

/** The context of a collection; the source columns come from the batch. */
export type CloudWatchCollectionContext = Omit<CollectionContext, 'sourceType' | 'sourceName' | 'sourceLocation'>

export interface NormalizedLogEvent {
  event: LogEvent
  /** `row`, `duplicate` (its CloudTrail eventID was seen before) or `rejected`. */
  item: MessageItem
}

/**
 * Each event of the batch through `normalizeMessage`: tp_source_type `aws_cloudwatch_log_group`, tp_source_name the
 * log group, tp_source_location the log stream. A rejection's location reads `<logStream> event <eventId>`.
 */
export function* normalizeLogEventBatch(
  batch: Pick<LogEventBatch, 'logGroup' | 'logStream' | 'events'>,
  context: CloudWatchCollectionContext,
  options: { deduplicator?: EventIdSet } = {},
): Generator<NormalizedLogEvent> {
  const collection: CollectionContext = {
    ...context,
    ingestTime: context.ingestTime ?? Date.now(),
    sourceType: CLOUDWATCH_SOURCE_TYPE,
    sourceName: batch.logGroup,
    sourceLocation: batch.logStream,
  }
  for (const event of batch.events) {
    const item = normalizeMessage(event.message, collection, {
      deduplicator: options.deduplicator,
      position: { location: `${batch.logStream} event ${event.eventId}` },
    })
    yield { event, item }
  }
}

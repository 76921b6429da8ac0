import type { AwsCloudTrailLogRow } from '@cairn/schema'
import { type CollectionContext, resolveContext } from './context.js'
import type { EventIdSet } from './event-id-set.js'
import { KIND_OBJECT, RootMembers, SCAN_COMPLETE, type ScanOutcome, scanJsonValue } from './json-validator.js'
import type { NormalizerItem } from './read-cloudtrail.js'
import { SLOT_DICTIONARY } from './record-fields.js'
import { RejectedRecordError, type RejectionReason, rejection } from './rejection.js'
import { type BuildResult, RowBuilder } from './row-builder.js'

/** Where a record was found, for rejections. */
export interface RecordPosition {
  /** Defaults to the context's sourceLocation. */
  location?: string
  record?: number
  line?: number
}

export type MessageItem = Extract<NormalizerItem, { kind: 'row' | 'duplicate' | 'rejected' }>

export interface MessageOptions {
  deduplicator?: EventIdSet
  position?: RecordPosition
}

// One builder per deduplicator, reused from call to call: a stream of messages costs no setup per message.
const builders = new WeakMap<EventIdSet, RowBuilder>()
let builderWithoutDeduplicator: RowBuilder | undefined

function builderFor(context: CollectionContext, location: string, deduplicator: EventIdSet | undefined): RowBuilder {
  const resolved = resolveContext(context, location)
  let builder = deduplicator === undefined ? builderWithoutDeduplicator : builders.get(deduplicator)
  if (builder === undefined) {
    builder = new RowBuilder(resolved, deduplicator)
    if (deduplicator === undefined) builderWithoutDeduplicator = builder
    else builders.set(deduplicator, builder)
  }
  builder.context = resolved
  return builder
}

function locationOf(context: CollectionContext, position: RecordPosition): string {
  return position.location ?? context.sourceLocation ?? '(record)'
}

function notAnEvent(result: BuildResult): { reason: RejectionReason; detail: string } | null {
  switch (result.kind) {
    case 'rejected':
      return { reason: result.reason, detail: result.detail }
    case 'digest':
      return { reason: 'not-cloudtrail', detail: 'a CloudTrail digest, not an event' }
    case 'container':
      return {
        reason: 'not-cloudtrail',
        detail: `a wrapper of ${result.elements.length} records, not one event: read it with readCloudTrail`,
      }
    default:
      return null
  }
}

/**
 * One parsed CloudTrail event (or `lookup-events` record) as a row. Throws `RejectedRecordError` (with the same
 * rejection `readCloudTrail` would yield) when it is not an event or lacks a valid eventTime or eventID.
 */
export function normalizeRecord(
  record: unknown,
  context: CollectionContext,
  position: RecordPosition = {},
): AwsCloudTrailLogRow {
  const location = locationOf(context, position)
  const result = builderFor(context, location, undefined).fromValue(record)
  if (result.kind === 'row') return result.row
  const problem = notAnEvent(result) as { reason: RejectionReason; detail: string }
  let excerpt: string | undefined
  try {
    excerpt = JSON.stringify(record)
  } catch {
    excerpt = undefined
  }
  throw new RejectedRecordError(
    rejection(problem.reason, `${problem.detail} — record skipped`, location, position.record, position.line, excerpt),
  )
}

const members = new RootMembers(SLOT_DICTIONARY)
const outcome: ScanOutcome = { end: 0, errorAt: 0 }
const encoder = new TextEncoder()
let scratch = new Uint8Array(4096)

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09
}

/** Whether `message` is one compact ASCII JSON object, indexed into `members`. */
function indexMessage(message: string): boolean {
  if (message.charCodeAt(0) !== 0x7b) return false
  if (scratch.length < message.length * 3) scratch = new Uint8Array(message.length * 3)
  const { read, written } = encoder.encodeInto(message, scratch)
  if (read !== message.length || written !== message.length) return false
  const bytes = scratch.subarray(0, written)
  if (
    scanJsonValue(bytes, 0, members, outcome) !== SCAN_COMPLETE ||
    members.spaced ||
    members.rootKind !== KIND_OBJECT
  ) {
    return false
  }
  for (let i = outcome.end; i < written; i++) if (!isSpace(bytes[i] as number)) return false
  return true
}

/**
 * One CloudWatch Logs message (a CloudTrail event as JSON text) as a row, a duplicate or a rejection; never throws
 * for bad data.
 */
export function normalizeMessage(
  message: string,
  context: CollectionContext,
  options: MessageOptions = {},
): MessageItem {
  const position = options.position ?? {}
  const location = locationOf(context, position)
  const builder = builderFor(context, location, options.deduplicator)
  let result: BuildResult
  if (indexMessage(message)) result = builder.fromText(message.slice(0, outcome.end), members)
  else {
    let value: unknown
    try {
      value = JSON.parse(message)
    } catch (error) {
      return {
        kind: 'rejected',
        rejection: rejection(
          'invalid-json',
          `invalid JSON: ${(error as Error).message} — message skipped`,
          location,
          position.record,
          position.line,
          message,
        ),
      }
    }
    result = builder.fromValue(value)
  }
  if (result.kind === 'row') return result
  if (result.kind === 'duplicate') {
    return { kind: 'duplicate', eventId: result.eventId, location, record: position.record ?? 0 }
  }
  const problem = notAnEvent(result) as { reason: RejectionReason; detail: string }
  return {
    kind: 'rejected',
    rejection: rejection(
      problem.reason,
      `${problem.detail} — message skipped`,
      location,
      position.record,
      position.line,
      message,
    ),
  }
}

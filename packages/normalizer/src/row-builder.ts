import type { AwsCloudTrailLogRow } from '@cairn/schema'
import {
  booleanOfText,
  booleanOfValue,
  isPlainObject,
  jsonOfText,
  jsonOfValue,
  varcharOfText,
  varcharOfValue,
} from './column-values.js'
import type { ResolvedContext } from './context.js'
import type { CloudTrailDigest } from './digest.js'
import type { EventIdSet } from './event-id-set.js'
import { eventDate, parseEventTime } from './event-time.js'
import {
  KIND_ARRAY,
  KIND_ESCAPED_STRING,
  KIND_NULL,
  KIND_NUMBER,
  KIND_OBJECT,
  KIND_STRING,
  type RootMembers,
} from './json-validator.js'
import {
  ABSENT,
  COLUMN_SLOTS,
  IndexedFields,
  kindOfValue,
  ObjectFields,
  type RecordFields,
  SLOT_OF_KEY,
  slotOf,
} from './record-fields.js'
import type { RejectionReason } from './rejection.js'
import { assembleRow, columnIndex, resetValues } from './row-assembly.js'
import { sharedInterner, type ValueInterner } from './value-interner.js'

/** What one JSON record turned out to be. */
export type BuildResult =
  | { kind: 'row'; row: AwsCloudTrailLogRow }
  | { kind: 'duplicate'; eventId: string }
  | { kind: 'rejected'; reason: RejectionReason; detail: string }
  | { kind: 'digest'; digest: CloudTrailDigest }
  /** A JSON object wrapping more records (`Records`, `Events`, or CloudWatch's `logEvents` messages). */
  | { kind: 'container'; elements: unknown[]; messages: boolean }

const S_EVENT_TIME = slotOf('eventTime')
const S_EVENT_ID = slotOf('eventID')
const S_EVENT_VERSION = slotOf('eventVersion')
const S_EVENT_TYPE = slotOf('eventType')
const S_EVENT_SOURCE = slotOf('eventSource')
const S_EVENT_NAME = slotOf('eventName')
const S_USER_IDENTITY = slotOf('userIdentity')
const S_RESOURCES = slotOf('resources')
const S_CLOUDTRAIL_EVENT = slotOf('CloudTrailEvent')
/** Event history's resources beside a lookup-events record's CloudTrailEvent. */
const S_LOOKUP_RESOURCES = slotOf('Resources')
const S_DIGEST_START = slotOf('digestStartTime')
const S_DIGEST_END = slotOf('digestEndTime')
const S_RECORDS = slotOf('Records')
const S_EVENTS = slotOf('Events')
const S_LOG_EVENTS = slotOf('logEvents')
const S_TYPE = slotOf('Type')
const S_TOPIC_ARN = slotOf('TopicArn')
const S_MESSAGE = slotOf('Message')
const S_AT_TIMESTAMP = slotOf('@timestamp')
const CONTAINER_SLOTS = [S_RECORDS, S_EVENTS, S_LOG_EVENTS]
const DIGEST = 'digest'

const VARCHAR = 1
const JSON_TEXT = 2
const BOOLEAN = 3
const TIMESTAMP = 4

const COLUMN_COUNT = COLUMN_SLOTS.length
const SLOT_VALUE = Int32Array.from(COLUMN_SLOTS, (column) => columnIndex(column.name))
const I_UNMAPPED = columnIndex('unmapped_fields')
/** Columns unique per event: interning their values would only cost time. */
const UNIQUE_KEYS = new Set(['eventID', 'requestID'])
const SLOT_INTERNED = Uint8Array.from(COLUMN_SLOTS, (column) => (UNIQUE_KEYS.has(column.key as string) ? 0 : 1))
const SLOT_TYPE = Uint8Array.from(COLUMN_SLOTS, (column) => {
  switch (column.type) {
    case 'varchar':
      return VARCHAR
    case 'json':
      return JSON_TEXT
    case 'boolean':
      return BOOLEAN
    case 'timestamp':
      return TIMESTAMP
    default:
      throw new Error(`column ${column.name}: no mapping for type ${column.type}`)
  }
})

function isString(kind: number): boolean {
  return kind === KIND_STRING || kind === KIND_ESCAPED_STRING
}

function present(kind: number): boolean {
  return kind !== ABSENT && kind !== KIND_NULL
}

function rejected(reason: RejectionReason, detail: string): BuildResult {
  return { kind: 'rejected', reason, detail }
}

function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text)
}

const JSON_VALUE_NAMES = [
  'nothing',
  'a JSON string',
  'a JSON string',
  'a JSON number',
  'a JSON boolean',
  'a JSON boolean',
  'JSON null',
  'a JSON object',
  'a JSON array',
]
const KIND_NAMES = [
  'absent',
  'a string',
  'a string',
  'a number',
  'a boolean',
  'a boolean',
  'null',
  'an object',
  'an array',
]

/** Tells events from other JSON and checks the two keys every row needs; the time or a rejection. */
function checkEvent(fields: RecordFields): BuildResult | { time: number; timeText: string; eventId: string } {
  if (fields.kind(S_TYPE) !== ABSENT && fields.string(S_TYPE) === 'Notification') {
    const topic = fields.string(S_TOPIC_ARN)
    const announces = (fields.string(S_MESSAGE) ?? '').includes('s3ObjectKey') ? ' announcing log files to read' : ''
    return rejected(
      'not-cloudtrail',
      `an SNS notification${topic === undefined ? '' : ` from ${topic}`}${announces}, not a CloudTrail event`,
    )
  }
  const eventSource = fields.string(S_EVENT_SOURCE)
  if (eventSource?.startsWith('aws:')) {
    return rejected(
      'not-cloudtrail',
      `an event notification with eventSource ${quote(eventSource)} (S3, SQS, ...), not a CloudTrail event`,
    )
  }
  if (
    !present(fields.kind(S_EVENT_VERSION)) &&
    !present(fields.kind(S_EVENT_ID)) &&
    !present(fields.kind(S_EVENT_TYPE)) &&
    !(present(fields.kind(S_EVENT_SOURCE)) && present(fields.kind(S_EVENT_NAME)))
  ) {
    return rejected('not-cloudtrail', 'JSON without eventVersion, eventID, eventType or eventSource and eventName')
  }

  const timeKind = fields.kind(S_EVENT_TIME)
  let timeText: string | undefined
  let timeKey = 'eventTime'
  if (isString(timeKind)) timeText = fields.string(S_EVENT_TIME)
  else if (present(timeKind)) {
    return rejected('invalid-event-time', `eventTime is ${KIND_NAMES[timeKind]}, not an ISO-8601 date-time`)
  } else if (isString(fields.kind(S_AT_TIMESTAMP))) {
    // Logstash's cloudtrail codec moves eventTime to @timestamp.
    timeText = fields.string(S_AT_TIMESTAMP)
    timeKey = '@timestamp'
  } else {
    return rejected('missing-event-time', `${timeKind === KIND_NULL ? 'eventTime is null' : 'no eventTime'}`)
  }
  const time = parseEventTime(timeText as string)
  if (Number.isNaN(time)) {
    return rejected('invalid-event-time', `${timeKey} ${quote(timeText as string)} is not an ISO-8601 date-time`)
  }

  const idKind = fields.kind(S_EVENT_ID)
  let eventId: string | undefined
  if (isString(idKind)) eventId = fields.string(S_EVENT_ID)
  else if (idKind === KIND_NUMBER) eventId = String(fields.value(S_EVENT_ID))
  if (eventId === undefined || eventId === '') {
    return rejected(
      'missing-event-id',
      `${idKind === ABSENT ? 'no eventID' : `eventID is ${isString(idKind) ? 'empty' : KIND_NAMES[idKind]}`} (CloudTrail sets one on every event since eventVersion 1.01; rows need it to deduplicate)`,
    )
  }
  return { time, timeText: timeText as string, eventId }
}

/** Slices of a record's compact text for the record's columns; the rest of its members go to unmapped_fields. */
function fillFromText(values: unknown[], fields: IndexedFields, interner: ValueInterner | undefined): void {
  const text = fields.text
  const members = fields.members as RootMembers
  let unmapped: string[] | null = null
  let unmappedMembers: number[] | null = null
  for (let m = 0; m < members.count; m++) {
    const slot = fields.slotOfMember[m] as number
    const start = members.valueStart[m] as number
    const end = members.valueEnd[m] as number
    const kind = members.kind[m] as number
    if (slot >= 0 && slot < COLUMN_COUNT) {
      const type = SLOT_TYPE[slot]
      if (type === VARCHAR || type === JSON_TEXT) {
        const value = type === VARCHAR ? varcharOfText(text, start, end, kind) : jsonOfText(text, start, end, kind)
        values[SLOT_VALUE[slot] as number] = interner !== undefined && value !== null && SLOT_INTERNED[slot] === 1 ? interner.intern(slot, value) : value
        continue
      }
      if (type === TIMESTAMP) continue
      const value = booleanOfText(text, start, end, kind)
      if (value !== undefined) {
        values[SLOT_VALUE[slot] as number] = value
        continue
      }
    }
    if (unmapped === null) {
      unmapped = []
      unmappedMembers = []
    }
    unmapped.push(text.slice(members.keyStart[m], end))
    ;(unmappedMembers as number[]).push(m)
  }
  if (unmapped === null) return
  let json = `{${unmapped.join(',')}}`
  if (unmapped.length > 1) {
    const keys = new Set((unmappedMembers as number[]).map((m) => text.slice(members.keyStart[m], members.keyEnd[m])))
    // A key given twice: the last value wins, as with JSON.parse.
    if (keys.size < unmapped.length) json = JSON.stringify(JSON.parse(json))
  }
  values[I_UNMAPPED] = json
}

function fillFromObject(values: unknown[], source: Record<string, unknown>): void {
  let unmapped: Record<string, unknown> | null = null
  for (const key of Object.keys(source)) {
    const value = source[key]
    const slot = SLOT_OF_KEY.get(key)
    if (slot !== undefined && slot < COLUMN_COUNT) {
      const type = SLOT_TYPE[slot]
      if (type === VARCHAR) {
        values[SLOT_VALUE[slot] as number] = varcharOfValue(value)
        continue
      }
      if (type === JSON_TEXT) {
        values[SLOT_VALUE[slot] as number] = jsonOfValue(value)
        continue
      }
      if (type === TIMESTAMP) continue
      const bool = booleanOfValue(value)
      if (bool !== undefined) {
        values[SLOT_VALUE[slot] as number] = bool
        continue
      }
    }
    if (value === undefined) continue
    if (unmapped === null) unmapped = Object.create(null) as Record<string, unknown>
    unmapped[key] = value
  }
  values[I_UNMAPPED] = unmapped === null ? null : JSON.stringify(unmapped)
}

/**
 * An event of Event history often has no `resources` of its own; lookup-events names the resources it derived
 * beside it. Those become the event's resources, in Event history's terms (resourceType, resourceName), so
 * `resources[0]->>'resourceType'` answers for such input too.
 */
function withLookupResources(event: unknown, fields: RecordFields): unknown {
  if (fields.kind(S_LOOKUP_RESOURCES) !== KIND_ARRAY || typeof event !== 'object' || event === null) return event
  if (Array.isArray((event as Record<string, unknown>).resources)) return event
  const listed = (fields.value(S_LOOKUP_RESOURCES) as unknown[]).filter(
    (r): r is Record<string, unknown> => typeof r === 'object' && r !== null,
  )
  if (listed.length === 0) return event
  const resources = listed.map((r) => ({
    ...(r.ResourceType !== undefined ? { resourceType: r.ResourceType } : {}),
    ...(r.ResourceName !== undefined ? { resourceName: r.ResourceName } : {}),
  }))
  return { ...event, resources }
}

/**
 * The last few JSON texts parsed, with their values (read, never changed). Consecutive events mostly come from the
 * same identity: in a day of real S3 delivery files, 9 in 10 userIdentity texts equal one of the 4 before.
 */
class RecentParses {
  private readonly texts: string[] = []
  private readonly values: unknown[] = []

  constructor(private readonly size: number) {}

  parse(text: string): unknown {
    const texts = this.texts
    for (let i = 0; i < texts.length; i++) if (texts[i] === text) return this.values[i]
    const value: unknown = JSON.parse(text)
    if (texts.length === this.size) {
      texts.pop()
      this.values.pop()
    }
    texts.unshift(text)
    this.values.unshift(value)
    return value
  }
}

/**
 * Turns JSON records into rows for one collection context: recognises lookup-events records, digests, wrappers
 * and notifications, checks eventTime and eventID, drops duplicates, maps keys to columns and enriches.
 */
export class RowBuilder {
  private readonly indexed = new IndexedFields()
  private readonly object = new ObjectFields()
  private readonly values: unknown[] = []
  private readonly identities = new RecentParses(4)
  private readonly interner: ValueInterner | undefined

  /** `context` may be swapped between records (the builder keeps no row state across calls). */
  /** `internValues`: equal column values share one string (see ValueInterner), for rows bound for Parquet. */
  constructor(
    public context: ResolvedContext,
    private readonly deduplicator: EventIdSet | undefined,
    internValues = false,
  ) {
    this.interner = internValues ? sharedInterner(COLUMN_COUNT) : undefined
  }

  /** A record given as compact ASCII JSON text with its root members indexed (`spaced` false). */
  fromText(text: string, members: RootMembers): BuildResult {
    const fields = this.indexed
    fields.load(text, members)
    const other = this.otherThanEvent(fields, false)
    if (other === DIGEST) return { kind: 'digest', digest: JSON.parse(text) as CloudTrailDigest }
    if (other !== null) return other
    const checked = checkEvent(fields)
    if ('kind' in checked) return checked
    if (this.deduplicator !== undefined && !this.deduplicator.addIfAbsent(checked.eventId)) {
      return { kind: 'duplicate', eventId: checked.eventId }
    }
    const values = resetValues(this.values)
    fillFromText(values, fields, this.interner)
    const facts = {
      eventId: checked.eventId,
      eventTime: checked.time,
      eventDate: eventDate(checked.timeText, checked.time),
      userIdentity:
        fields.kind(S_USER_IDENTITY) === KIND_OBJECT
          ? this.identities.parse(fields.raw(S_USER_IDENTITY) as string)
          : undefined,
      resources: fields.kind(S_RESOURCES) === KIND_ARRAY ? (fields.value(S_RESOURCES) as unknown[]) : null,
    }
    return { kind: 'row', row: assembleRow(values, facts, this.context) }
  }

  /** A parsed record. */
  fromValue(value: unknown, nested = false): BuildResult {
    if (!isPlainObject(value)) {
      return rejected('not-cloudtrail', `${JSON_VALUE_NAMES[kindOfValue(value)] ?? typeof value}, not an event object`)
    }
    const fields = this.object
    fields.load(value)
    const other = this.otherThanEvent(fields, nested)
    if (other === DIGEST) return { kind: 'digest', digest: value as CloudTrailDigest }
    if (other !== null) return other
    const checked = checkEvent(fields)
    if ('kind' in checked) return checked
    if (this.deduplicator !== undefined && !this.deduplicator.addIfAbsent(checked.eventId)) {
      return { kind: 'duplicate', eventId: checked.eventId }
    }
    const values = resetValues(this.values)
    fillFromObject(values, value)
    const facts = {
      eventId: checked.eventId,
      eventTime: checked.time,
      eventDate: eventDate(checked.timeText, checked.time),
      userIdentity: value.userIdentity,
      resources: Array.isArray(value.resources) ? (value.resources as unknown[]) : null,
    }
    return { kind: 'row', row: assembleRow(values, facts, this.context) }
  }

  /** Lookup-events records, digests and wrappers; null for anything that may be an event. */
  private otherThanEvent(fields: RecordFields, nested: boolean): BuildResult | typeof DIGEST | null {
    if (isString(fields.kind(S_CLOUDTRAIL_EVENT))) {
      if (nested) return rejected('not-cloudtrail', 'a lookup-events record inside another one')
      let event: unknown
      try {
        event = JSON.parse(fields.string(S_CLOUDTRAIL_EVENT) as string)
      } catch (error) {
        return rejected(
          'invalid-json',
          `lookup-events record whose CloudTrailEvent is not valid JSON: ${(error as Error).message}`,
        )
      }
      return this.fromValue(withLookupResources(event, fields), true)
    }
    if (fields.kind(S_DIGEST_START) !== ABSENT || fields.kind(S_DIGEST_END) !== ABSENT) {
      return DIGEST
    }
    for (const slot of CONTAINER_SLOTS) {
      if (fields.kind(slot) === KIND_ARRAY) {
        return { kind: 'container', elements: fields.value(slot) as unknown[], messages: slot === S_LOG_EVENTS }
      }
    }
    return null
  }
}

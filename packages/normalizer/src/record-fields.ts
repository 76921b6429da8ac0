import { type Column, recordKeyToColumn } from '@cairn/schema'
import {
  ESCAPED_KEY,
  type KeyDictionary,
  KIND_ARRAY,
  KIND_ESCAPED_STRING,
  KIND_FALSE,
  KIND_NULL,
  KIND_NUMBER,
  KIND_OBJECT,
  KIND_STRING,
  KIND_TRUE,
  type RootMembers,
} from './json-validator.js'

/**
 * The top-level keys of a record that matter, numbered ("slots"): first the keys with a column of their own (from
 * the schema), then keys that tell other JSON apart from events. And two views answering the same questions about a
 * record: one over validated JSON text (values sliced lazily), one over a parsed object.
 */

export const ABSENT = 0
type ValueKind = number

export const COLUMN_SLOTS: readonly Column[] = [...recordKeyToColumn.values()]
const columnKeys = COLUMN_SLOTS.map((column) => column.key as string)

const SPECIAL_KEYS = [
  'CloudTrailEvent',
  'Resources',
  'digestStartTime',
  'digestEndTime',
  'Records',
  'Events',
  'logEvents',
  'Type',
  'TopicArn',
  'Message',
  '@timestamp',
] as const

const KEY_OF_SLOT: readonly string[] = [...columnKeys, ...SPECIAL_KEYS]
export const SLOT_OF_KEY: ReadonlyMap<string, number> = new Map(KEY_OF_SLOT.map((key, slot) => [key, slot]))
const SLOT_COUNT = KEY_OF_SLOT.length

/** Finds the slot of a key from its bytes: by its length and three of its bytes, then compared. */
class SlotDictionary implements KeyDictionary {
  private readonly table = new Int16Array(512).fill(-1)
  private readonly mask = this.table.length - 1
  /** All keys' bytes, one after the other. */
  private readonly bytes: Uint8Array
  private readonly offset: Int32Array
  private readonly length: Int32Array

  constructor(keys: readonly string[]) {
    const encoded = keys.map((key) => new TextEncoder().encode(key))
    this.bytes = new Uint8Array(encoded.reduce((total, key) => total + key.length, 0))
    this.offset = new Int32Array(keys.length)
    this.length = new Int32Array(keys.length)
    let at = 0
    for (const [slot, key] of encoded.entries()) {
      this.bytes.set(key, at)
      this.offset[slot] = at
      this.length[slot] = key.length
      at += key.length
      let i = this.hash(key, 0, key.length)
      while (this.table[i] !== -1) i = (i + 1) & this.mask
      this.table[i] = slot
    }
  }

  private hash(bytes: Uint8Array, start: number, length: number): number {
    const h =
      (Math.imul(length, 0x9e3779b1) +
        Math.imul(bytes[start] as number, 0x85ebca6b) +
        Math.imul(bytes[start + (length >> 1)] as number, 0xc2b2ae35) +
        Math.imul(bytes[start + length - 1] as number, 0x27d4eb2f)) |
      0
    return (h ^ (h >>> 13)) & this.mask
  }

  lookup(bytes: Uint8Array, start: number, end: number): number {
    const length = end - start
    if (length <= 0) return -1
    const keys = this.bytes
    for (let i = this.hash(bytes, start, length); ; i = (i + 1) & this.mask) {
      const slot = this.table[i] as number
      if (slot === -1) return -1
      if (this.length[slot] !== length) continue
      const offset = (this.offset[slot] as number) - start
      let k = start
      while (k < end && keys[offset + k] === bytes[k]) k++
      if (k === end) return slot
    }
  }
}

/** Pass to `RootMembers` so that a scan numbers the record's keys by slot. */
export const SLOT_DICTIONARY: KeyDictionary = new SlotDictionary(KEY_OF_SLOT)

export function slotOf(key: string): number {
  const slot = SLOT_OF_KEY.get(key)
  if (slot === undefined) throw new Error(`no slot for key ${key}: the schema lost a CloudTrail column`)
  return slot
}

export interface RecordFields {
  kind(slot: number): ValueKind
  /** The value when it is a JSON string, else undefined. */
  string(slot: number): string | undefined
  /** The parsed value (undefined when absent). */
  value(slot: number): unknown
}

const EMPTY = new Int32Array(0)

/**
 * A record as validated JSON text plus the byte offsets of its members (ASCII text: offsets are indexes), scanned
 * with SLOT_DICTIONARY.
 */
export class IndexedFields implements RecordFields {
  text = ''
  members: RootMembers | null = null
  readonly memberOfSlot = new Int32Array(SLOT_COUNT)
  slotOfMember: Int32Array = EMPTY

  load(text: string, members: RootMembers): void {
    if (members.keys !== SLOT_DICTIONARY) throw new Error('IndexedFields needs members scanned with SLOT_DICTIONARY')
    this.text = text
    this.members = members
    this.memberOfSlot.fill(-1)
    const count = members.count
    if (this.slotOfMember.length < count) this.slotOfMember = new Int32Array(Math.max(64, count * 2))
    for (let m = 0; m < count; m++) {
      let slot = members.keyId[m] as number
      if (slot === ESCAPED_KEY) {
        slot = SLOT_OF_KEY.get(JSON.parse(text.slice(members.keyStart[m], members.keyEnd[m])) as string) ?? -1
      }
      if (slot === -1) this.slotOfMember[m] = -1
      else {
        this.slotOfMember[m] = slot
        this.memberOfSlot[slot] = m
      }
    }
  }

  kind(slot: number): ValueKind {
    const m = this.memberOfSlot[slot] as number
    return m < 0 ? ABSENT : ((this.members as RootMembers).kind[m] as number)
  }

  string(slot: number): string | undefined {
    const m = this.memberOfSlot[slot] as number
    if (m < 0) return undefined
    const members = this.members as RootMembers
    const kind = members.kind[m]
    if (kind === KIND_STRING)
      return this.text.slice((members.valueStart[m] as number) + 1, (members.valueEnd[m] as number) - 1)
    if (kind === KIND_ESCAPED_STRING)
      return JSON.parse(this.text.slice(members.valueStart[m], members.valueEnd[m])) as string
    return undefined
  }

  value(slot: number): unknown {
    const raw = this.raw(slot)
    return raw === undefined ? undefined : JSON.parse(raw)
  }

  /** The value's JSON text. */
  raw(slot: number): string | undefined {
    const m = this.memberOfSlot[slot] as number
    if (m < 0) return undefined
    const members = this.members as RootMembers
    return this.text.slice(members.valueStart[m], members.valueEnd[m])
  }
}

export function kindOfValue(value: unknown): ValueKind {
  switch (typeof value) {
    case 'string':
      return KIND_STRING
    case 'number':
      return KIND_NUMBER
    case 'boolean':
      return value ? KIND_TRUE : KIND_FALSE
    case 'undefined':
      return ABSENT
    case 'object':
      return value === null ? KIND_NULL : Array.isArray(value) ? KIND_ARRAY : KIND_OBJECT
    default:
      return ABSENT
  }
}

/** A record as a parsed object. */
export class ObjectFields implements RecordFields {
  record: Record<string, unknown> = {}

  load(record: Record<string, unknown>): void {
    this.record = record
  }

  private get(slot: number): unknown {
    const key = KEY_OF_SLOT[slot] as string
    return Object.hasOwn(this.record, key) ? this.record[key] : undefined
  }

  kind(slot: number): ValueKind {
    return kindOfValue(this.get(slot))
  }

  string(slot: number): string | undefined {
    const value = this.get(slot)
    return typeof value === 'string' ? value : undefined
  }

  value(slot: number): unknown {
    return this.get(slot)
  }
}

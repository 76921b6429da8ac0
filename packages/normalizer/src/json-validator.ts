/**
 * Validates one JSON value in a byte buffer, as strictly as `JSON.parse`, and indexes the members of the root object
 * by byte offset. This is what lets a record skip `JSON.parse` of its large parts (requestParameters,
 * responseElements): once the bytes are known to be valid JSON, their text can be sliced into the JSON columns as is.
 */

export const KIND_STRING = 1
/** A string holding at least one backslash escape: its value needs `JSON.parse`. */
export const KIND_ESCAPED_STRING = 2
export const KIND_NUMBER = 3
export const KIND_TRUE = 4
export const KIND_FALSE = 5
export const KIND_NULL = 6
export const KIND_OBJECT = 7
export const KIND_ARRAY = 8

export const SCAN_COMPLETE = 0
/** The buffer ended before the value did; nothing invalid so far. */
export const SCAN_INCOMPLETE = 1
export const SCAN_INVALID = 2
/** Nested deeper than this validator recurses; the caller falls back to `JSON.parse`. */
export const SCAN_TOO_DEEP = 3

export type ScanStatus = typeof SCAN_COMPLETE | typeof SCAN_INCOMPLETE | typeof SCAN_INVALID | typeof SCAN_TOO_DEEP

const MAX_DEPTH = 512

/** Numbers the keys a caller cares about, straight from their bytes (no string is made for a key). */
export interface KeyDictionary {
  /** The key's number, or -1 when it is not one of them. */
  lookup(bytes: Uint8Array, start: number, end: number): number
}

/** A key with escapes, which the dictionary cannot judge from its bytes. */
export const ESCAPED_KEY = -2

/** Byte offsets (from the value's first byte) of the root object's members, filled by `scanJsonValue`. */
export class RootMembers {
  constructor(readonly keys: KeyDictionary | null = null) {
    this.allocate(64)
  }

  count = 0
  /** Kind of the root value. */
  rootKind = 0
  /** Whitespace inside a nested value: its raw text is not compact, so the caller re-serializes it. */
  spaced = false
  /** Offset of the key's opening quote. */
  keyStart!: Int32Array
  /** Offset just past the key's closing quote. */
  keyEnd!: Int32Array
  /** The dictionary's number for each key, -1 for other keys, ESCAPED_KEY. */
  keyId!: Int16Array
  valueStart!: Int32Array
  valueEnd!: Int32Array
  kind!: Uint8Array

  reset(): void {
    this.count = 0
    this.rootKind = 0
    this.spaced = false
  }

  push(keyStart: number, keyEnd: number, keyId: number, valueStart: number, valueEnd: number, kind: number) {
    const i = this.count
    if (i === this.keyStart.length) this.grow()
    this.keyStart[i] = keyStart
    this.keyEnd[i] = keyEnd
    this.keyId[i] = keyId
    this.valueStart[i] = valueStart
    this.valueEnd[i] = valueEnd
    this.kind[i] = kind
    this.count = i + 1
  }

  private grow(): void {
    const { keyStart, keyEnd, keyId, valueStart, valueEnd, kind } = this
    this.allocate(keyStart.length * 2)
    this.keyStart.set(keyStart)
    this.keyEnd.set(keyEnd)
    this.keyId.set(keyId)
    this.valueStart.set(valueStart)
    this.valueEnd.set(valueEnd)
    this.kind.set(kind)
  }

  /** The six arrays share one buffer: a reader is made per input, and each ArrayBuffer costs microseconds. */
  private allocate(size: number): void {
    const buffer = new ArrayBuffer(size * (4 * 4 + 2 + 1))
    this.keyStart = new Int32Array(buffer, 0, size)
    this.keyEnd = new Int32Array(buffer, size * 4, size)
    this.valueStart = new Int32Array(buffer, size * 8, size)
    this.valueEnd = new Int32Array(buffer, size * 12, size)
    this.keyId = new Int16Array(buffer, size * 16, size)
    this.kind = new Uint8Array(buffer, size * 18, size)
  }
}

/** Result of `scanJsonValue` beyond its status. */
export interface ScanOutcome {
  /** Offset just past the value (SCAN_COMPLETE). */
  end: number
  /** Offset of the first byte that cannot belong to valid JSON (SCAN_INVALID). */
  errorAt: number
}

// Byte classes inside strings: 0 = plain, 1 = quote, 2 = backslash, 3 = control character (invalid raw).
const STRING_CLASS = new Uint8Array(256)
for (let c = 0; c < 0x20; c++) STRING_CLASS[c] = 3
STRING_CLASS[0x22] = 1
STRING_CLASS[0x5c] = 2

const HEX = new Uint8Array(256)
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1

const EMPTY = new Uint8Array(0)

// The scan state lives in module variables: the scan is synchronous and never re-entered.
let buf: Uint8Array = EMPTY
let len = 0
let pos = 0
let failAt = 0
let tooDeep = false
let stringEscaped = false
let members: RootMembers | null = null
/** Member offsets are recorded relative to the value's start. */
let base = 0

function fail(at: number): false {
  failAt = at
  return false
}

function skipSpace(depth: number): number {
  let c = buf[pos] as number
  while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = buf[++pos] as number
  if (depth >= 2 && members !== null) members.spaced = true
  return c
}

function scanString(): boolean {
  const b = buf
  let p = pos + 1
  let escaped = false
  for (;;) {
    // Most string bytes are plain: look at four per round while they are.
    const last = len - 4
    while (
      p <= last &&
      ((STRING_CLASS[b[p] as number] as number) |
        (STRING_CLASS[b[p + 1] as number] as number) |
        (STRING_CLASS[b[p + 2] as number] as number) |
        (STRING_CLASS[b[p + 3] as number] as number)) ===
        0
    ) {
      p += 4
    }
    if (p >= len) {
      pos = p
      return fail(len)
    }
    const cls = STRING_CLASS[b[p] as number]
    if (cls === 0) {
      p++
      continue
    }
    if (cls === 1) break
    if (cls === 3) {
      pos = p
      return fail(p)
    }
    escaped = true
    const e = b[p + 1]
    if (e === undefined) return fail(len)
    if (e === 0x75) {
      for (let k = 2; k < 6; k++) {
        if (p + k >= len) return fail(len)
        if (HEX[b[p + k] as number] === 0) return fail(p + k)
      }
      p += 6
    } else if (
      e === 0x22 ||
      e === 0x5c ||
      e === 0x2f ||
      e === 0x62 ||
      e === 0x66 ||
      e === 0x6e ||
      e === 0x72 ||
      e === 0x74
    ) {
      p += 2
    } else {
      return fail(p + 1)
    }
  }
  pos = p + 1
  stringEscaped = escaped
  return true
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39
}

function scanNumber(): boolean {
  const b = buf
  let p = pos
  if (b[p] === 0x2d) p++
  if (p >= len) return fail(len)
  if (b[p] === 0x30) p++
  else if (isDigit(b[p])) {
    do p++
    while (isDigit(b[p]))
  } else return fail(p)
  if (b[p] === 0x2e) {
    p++
    if (p >= len) return fail(len)
    if (!isDigit(b[p])) return fail(p)
    do p++
    while (isDigit(b[p]))
  }
  if (b[p] === 0x65 || b[p] === 0x45) {
    p++
    if (b[p] === 0x2b || b[p] === 0x2d) p++
    if (p >= len) return fail(len)
    if (!isDigit(b[p])) return fail(p)
    do p++
    while (isDigit(b[p]))
  }
  pos = p
  return true
}

function scanLiteral(word: readonly number[]): boolean {
  for (let k = 1; k < word.length; k++) {
    const p = pos + k
    if (p >= len) return fail(len)
    if (buf[p] !== word[k]) return fail(p)
  }
  pos += word.length
  return true
}

const TRUE = [0x74, 0x72, 0x75, 0x65]
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65]
const NULL = [0x6e, 0x75, 0x6c, 0x6c]

/** Scans the value at `pos` (no leading whitespace); `depth` is the depth of the container holding it. */
function scanValue(depth: number): boolean {
  switch (buf[pos]) {
    case 0x7b:
      return scanObject(depth + 1)
    case 0x5b:
      return scanArray(depth + 1)
    case 0x22:
      return scanString()
    case 0x74:
      return scanLiteral(TRUE)
    case 0x66:
      return scanLiteral(FALSE)
    case 0x6e:
      return scanLiteral(NULL)
    default:
      return scanNumber()
  }
}

function kindAt(start: number): number {
  switch (buf[start]) {
    case 0x7b:
      return KIND_OBJECT
    case 0x5b:
      return KIND_ARRAY
    case 0x22:
      return stringEscaped ? KIND_ESCAPED_STRING : KIND_STRING
    case 0x74:
      return KIND_TRUE
    case 0x66:
      return KIND_FALSE
    case 0x6e:
      return KIND_NULL
    default:
      return KIND_NUMBER
  }
}

function scanObject(depth: number): boolean {
  if (depth > MAX_DEPTH) {
    tooDeep = true
    return fail(pos)
  }
  pos++
  let c = buf[pos] as number
  if (c <= 0x20) c = skipSpace(depth)
  if (c === 0x7d) {
    pos++
    return true
  }
  for (;;) {
    if (pos >= len) return fail(len)
    if (c !== 0x22) return fail(pos)
    const keyStart = pos
    if (!scanString()) return false
    const keyEnd = pos
    const keyEscaped = stringEscaped
    c = buf[pos] as number
    if (c <= 0x20) c = skipSpace(depth)
    if (pos >= len) return fail(len)
    if (c !== 0x3a) return fail(pos)
    pos++
    c = buf[pos] as number
    if (c <= 0x20) c = skipSpace(depth)
    if (pos >= len) return fail(len)
    const valueStart = pos
    if (!scanValue(depth)) return false
    if (depth === 1 && members !== null) {
      const keyId = keyEscaped
        ? ESCAPED_KEY
        : members.keys === null
          ? -1
          : members.keys.lookup(buf, keyStart + 1, keyEnd - 1)
      members.push(keyStart - base, keyEnd - base, keyId, valueStart - base, pos - base, kindAt(valueStart))
    }
    c = buf[pos] as number
    if (c <= 0x20) c = skipSpace(depth)
    if (c === 0x2c) {
      pos++
      c = buf[pos] as number
      if (c <= 0x20) c = skipSpace(depth)
      continue
    }
    if (c === 0x7d) {
      pos++
      return true
    }
    return fail(Math.min(pos, len))
  }
}

function scanArray(depth: number): boolean {
  if (depth > MAX_DEPTH) {
    tooDeep = true
    return fail(pos)
  }
  pos++
  let c = buf[pos] as number
  if (c <= 0x20) c = skipSpace(depth)
  if (c === 0x5d) {
    pos++
    return true
  }
  for (;;) {
    if (pos >= len) return fail(len)
    if (!scanValue(depth)) return false
    c = buf[pos] as number
    if (c <= 0x20) c = skipSpace(depth)
    if (c === 0x2c) {
      pos++
      c = buf[pos] as number
      if (c <= 0x20) c = skipSpace(depth)
      continue
    }
    if (c === 0x5d) {
      pos++
      return true
    }
    return fail(Math.min(pos, len))
  }
}

/**
 * Scans the JSON value starting at `from` (which must not be whitespace). Members of a root object are recorded in
 * `into` when given. A number ending exactly at the end of the buffer is reported complete: whether more digits
 * follow is the caller's question.
 */
export function scanJsonValue(
  bytes: Uint8Array,
  from: number,
  into: RootMembers | null,
  outcome: ScanOutcome,
): ScanStatus {
  buf = bytes
  len = bytes.length
  pos = from
  base = from
  failAt = 0
  tooDeep = false
  members = into
  if (into !== null) into.reset()
  let ok: boolean
  try {
    ok = from < len ? scanValue(0) : fail(len)
  } catch (error) {
    // A stack overflow below MAX_DEPTH (tiny stacks in some browsers): let JSON.parse decide.
    if (error instanceof RangeError) ok = false
    else throw error
    tooDeep = true
  }
  if (ok && into !== null) into.rootKind = kindAt(from)
  buf = EMPTY
  members = null
  if (ok) {
    outcome.end = pos
    return SCAN_COMPLETE
  }
  if (tooDeep) return SCAN_TOO_DEEP
  if (failAt >= len) return SCAN_INCOMPLETE
  outcome.errorAt = failAt
  return SCAN_INVALID
}

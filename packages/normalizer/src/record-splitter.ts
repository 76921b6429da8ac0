import { ByteBuffer } from './byte-buffer.js'
import { FrameScanner, type SplitCandidate } from './frame-scanner.js'
import {
  type KeyDictionary,
  RootMembers,
  SCAN_COMPLETE,
  SCAN_INCOMPLETE,
  SCAN_INVALID,
  SCAN_TOO_DEEP,
  type ScanOutcome,
  scanJsonValue,
} from './json-validator.js'
import { LineCounter } from './line-counter.js'

/** How the records of an input are framed. */
export type InputShape =
  /** `{"Records":[...]}`: S3 delivery (events, Insights) */
  | 'records'
  /** `{"Events":[...]}`: `aws cloudtrail lookup-events` output */
  | 'events'
  /** a bare JSON array of records */
  | 'array'
  /** a single JSON object */
  | 'object'
  /** several top-level JSON values, usually one per line (NDJSON) */
  | 'lines'
  | 'empty'
  | 'not-json'

export type SplitStatus =
  /** valid JSON; `members` indexes a root object */
  | 'valid'
  /** not valid JSON; `errorAt` is the offset of the first bad byte in `bytes`, when known (else -1) */
  | 'invalid'
  /** nested too deeply for the byte validator: only `JSON.parse` can tell */
  | 'unchecked'
  /** larger than the cap; `bytes` holds its beginning */
  | 'too-large'
  /** the input ends inside it; `bytes` holds its beginning */
  | 'truncated'

/** One record as split out of the stream. Its buffers are only valid during the sink call. */
export interface SplitRecord {
  status: SplitStatus
  bytes: Uint8Array
  line: number
  /** The record's full size in bytes (`bytes` may hold only its beginning). */
  size: number
  members: RootMembers | null
  errorAt: number
}

export interface SplitSink {
  record(record: SplitRecord): void
  /** The input does not start like JSON at all; nothing more is read. */
  notJson(excerpt: Uint8Array): void
  /** The input ended inside the top-level array (`{"Records":[` or `[`) or the wrapper object, between records. */
  unclosed(what: 'array' | 'wrapper', line: number): void
}

/** How much of a bad record is kept for the rejection's excerpt. */
export const EXCERPT_BYTES = 2048

const TOP = 0
const ARRAY = 1
const TAIL = 2
const PENDING = 3
const PEEK = 4
const GARBAGE = 5
const DONE = 6

const RECORDS_KEY = [0x52, 0x65, 0x63, 0x6f, 0x72, 0x64, 0x73]
const EVENTS_KEY = [0x45, 0x76, 0x65, 0x6e, 0x74, 0x73]

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09
}

function isBareStart(c: number): boolean {
  return c !== 0x7b && c !== 0x5b && c !== 0x22
}

/**
 * Splits a stream of (decompressed) bytes into records: the elements of `{"Records":[...]}` / `{"Events":[...]}`
 * wrappers and of bare arrays, or top-level values (one object, or one per line). Each record is validated by
 * `scanJsonValue` while its bytes are still in the chunk; only a record that spans chunks is copied, into a buffer
 * capped at `maxRecordBytes`. Where a record is broken it resynchronises: a line-delimited stream at the next line
 * that starts with `{`, an array after the bad element's brackets balance, or before `,{` where a missing `}` let
 * the next element run into the bad one.
 */
export class RecordSplitter {
  shape: InputShape = 'empty'
  bytesIn = 0

  private mode = TOP
  /** 1 inside a bare array, 2 inside a wrapper's array. */
  private arrayDepth = 0
  /** Depth of the current record's container: 0 for top-level values. */
  private recordDepth = 0
  private seenValue = false
  private bomBytes = 0
  /** Line at the start of the next chunk. */
  private line = 1
  private readonly chunkLines = new LineCounter()

  private readonly pending = new ByteBuffer()
  private pendingLine = 1
  private pendingSize = 0
  private pendingTooLarge = false
  private pendingCheckedLength = 0
  private readonly frame = new FrameScanner()
  private readonly tail = new FrameScanner()
  private segment: Uint8Array = new Uint8Array(0)
  private appendedUpTo = 0

  private garbageLine = 0
  private garbageSize = 0

  private readonly members: RootMembers
  private readonly outcome: ScanOutcome = { end: 0, errorAt: 0 }
  private readonly emitted: SplitRecord = {
    status: 'valid',
    bytes: new Uint8Array(0),
    line: 0,
    size: 0,
    members: null,
    errorAt: -1,
  }
  private readonly acceptCheckpoint = (candidate: SplitCandidate) => this.checkpoint(candidate)

  /** `keys` numbers the keys of each record's root object as it is scanned. */
  constructor(
    private readonly sink: SplitSink,
    private readonly maxRecordBytes: number,
    keys: KeyDictionary | null = null,
  ) {
    this.members = new RootMembers(keys)
  }

  push(chunk: Uint8Array): void {
    this.bytesIn += chunk.length
    if (this.mode === DONE) return
    let from = 0
    if (this.bomBytes < 3 && !this.seenValue) from = this.skipBom(chunk)
    const lines = this.chunkLines.reset(chunk, this.line)
    this.run(chunk, from, lines)
    this.line = lines.lineAt(chunk.length)
  }

  /** Call once after the last chunk: reports what the end of the input left open. */
  finish(): void {
    switch (this.mode) {
      case PENDING:
        this.finishPendingAtEnd()
        break
      case PEEK:
        this.pendingSize = this.pending.length
        this.finishPendingAtEnd()
        break
      case ARRAY:
        this.sink.unclosed(this.arrayDepth === 2 ? 'wrapper' : 'array', this.line)
        break
      case TAIL:
        this.sink.unclosed('wrapper', this.line)
        break
      case GARBAGE:
        this.emitGarbage()
        break
    }
    this.mode = DONE
  }

  /** Stops splitting because the bytes stopped for another reason (corrupt gzip); returns the record left open. */
  abandon(): { line: number; size: number; excerpt: Uint8Array } | null {
    const mode = this.mode
    this.mode = DONE
    if (mode !== PENDING && mode !== PEEK && mode !== GARBAGE) return null
    return {
      line: mode === GARBAGE ? this.garbageLine : this.pendingLine,
      size: mode === GARBAGE ? this.garbageSize : mode === PEEK ? this.pending.length : this.pendingSize,
      excerpt: this.pending.view().slice(0, EXCERPT_BYTES),
    }
  }

  /** Whether more bytes would be ignored (the input is not JSON). */
  get stopped(): boolean {
    return this.mode === DONE
  }

  private skipBom(chunk: Uint8Array): number {
    const bom = [0xef, 0xbb, 0xbf]
    let i = 0
    while (this.bomBytes < 3 && i < chunk.length) {
      if (chunk[i] !== bom[this.bomBytes]) {
        this.bomBytes = 3
        return i
      }
      this.bomBytes++
      i++
    }
    return i
  }

  private run(bytes: Uint8Array, from: number, lines: LineCounter): void {
    let i = from
    const n = bytes.length
    while (i < n) {
      switch (this.mode) {
        case TOP: {
          const c = bytes[i] as number
          if (isSpace(c)) {
            i++
            break
          }
          if (c === 0x7b) {
            i = this.startTopLevelObject(bytes, i, lines)
          } else if (c === 0x5b) {
            this.noteTopLevelValue('array')
            this.mode = ARRAY
            this.arrayDepth = 1
            i++
          } else if (!this.seenValue) {
            this.shape = 'not-json'
            this.sink.notJson(bytes.subarray(i, i + EXCERPT_BYTES))
            this.mode = DONE
            return
          } else {
            this.mode = GARBAGE
            this.garbageLine = lines.lineAt(i)
            this.garbageSize = 0
            this.pending.clear()
          }
          break
        }
        case ARRAY: {
          const c = bytes[i] as number
          if (isSpace(c) || c === 0x2c) {
            i++
          } else if (c === 0x5d || c === 0x7d) {
            i++
            if (this.arrayDepth === 2 && c === 0x5d) {
              this.mode = TAIL
              this.tail.resumeInside(1)
            } else {
              // `}` here closes the wrapper as well: a missing `]`, read as such.
              this.mode = TOP
            }
          } else {
            this.recordDepth = this.arrayDepth
            i = this.startRecord(bytes, i, lines)
          }
          break
        }
        case TAIL: {
          const end = this.tail.scan(bytes, i)
          if (end < 0) return
          this.mode = TOP
          i = end
          break
        }
        case PENDING: {
          i = this.continuePending(bytes, i)
          break
        }
        case PEEK: {
          // The first key of a top-level object was cut by the chunk boundary: look again with the next bytes.
          const carried = this.pending.view()
          const joined = new Uint8Array(carried.length + (n - i))
          joined.set(carried)
          joined.set(bytes.subarray(i), carried.length)
          this.pending.clear()
          this.mode = TOP
          this.run(joined, 0, new LineCounter().reset(joined, this.pendingLine))
          return
        }
        case GARBAGE: {
          const newline = bytes.indexOf(0x0a, i)
          const end = newline < 0 ? n : newline
          const room = EXCERPT_BYTES - this.pending.length
          if (room > 0) this.pending.append(bytes, i, Math.min(end, i + room))
          this.garbageSize += end - i
          if (newline < 0) return
          this.emitGarbage()
          this.mode = TOP
          i = newline + 1
          break
        }
        default:
          return
      }
    }
  }

  private noteTopLevelValue(shape: InputShape): void {
    if (!this.seenValue) this.shape = shape
    else if (this.shape === 'object') this.shape = 'lines'
    this.seenValue = true
  }

  /** Reads the first key of a top-level object: `Records` or `Events` holding an array make it a wrapper. */
  private startTopLevelObject(bytes: Uint8Array, start: number, lines: LineCounter): number {
    const n = bytes.length
    let p = start + 1
    while (p < n && isSpace(bytes[p] as number)) p++
    let wrapper: InputShape | null = null
    let undecided = p >= n
    if (!undecided && bytes[p] === 0x22) {
      const key = bytes[p + 1] === 0x52 ? RECORDS_KEY : bytes[p + 1] === 0x45 ? EVENTS_KEY : null
      if (key !== null || p + 1 >= n) {
        let k = 0
        p++
        while (key !== null && k < key.length && p < n && bytes[p] === key[k]) {
          p++
          k++
        }
        if (p >= n) undecided = true
        else if (key !== null && k === key.length && bytes[p] === 0x22) {
          p++
          while (p < n && isSpace(bytes[p] as number)) p++
          if (p < n && bytes[p] === 0x3a) {
            p++
            while (p < n && isSpace(bytes[p] as number)) p++
          }
          if (p >= n) undecided = true
          else if (bytes[p] === 0x5b) wrapper = key === RECORDS_KEY ? 'records' : 'events'
        }
      }
    }
    if (undecided) {
      this.pending.clear()
      this.pending.append(bytes, start, n)
      this.pendingTooLarge = false
      this.pendingLine = lines.lineAt(start)
      this.mode = PEEK
      return n
    }
    if (wrapper !== null) {
      this.noteTopLevelValue(wrapper)
      this.mode = ARRAY
      this.arrayDepth = 2
      return p + 1
    }
    this.noteTopLevelValue('object')
    this.recordDepth = 0
    return this.startRecord(bytes, start, lines)
  }

  private afterRecord(): void {
    this.mode = this.recordDepth === 0 ? TOP : ARRAY
  }

  /** Splits out the record starting at `start`; returns where scanning goes on (`bytes.length` when it spans chunks). */
  private startRecord(bytes: Uint8Array, start: number, lines: LineCounter): number {
    const line = lines.lineAt(start)
    const status = scanJsonValue(bytes, start, this.members, this.outcome)
    const n = bytes.length
    if (status === SCAN_COMPLETE && !(this.outcome.end === n && isBareStart(bytes[start] as number))) {
      const end = this.outcome.end
      if (end - start > this.maxRecordBytes)
        this.emit('too-large', bytes.subarray(start, start + EXCERPT_BYTES), line, end - start)
      else this.emit('valid', bytes.subarray(start, end), line, end - start, this.members)
      this.afterRecord()
      return end
    }
    this.frame.reset()
    if (status === SCAN_INVALID) {
      const errorAt = this.outcome.errorAt
      if (this.recordDepth > 0) {
        const comma = commaBeforeBrace(bytes, start, errorAt)
        if (comma > start) {
          this.emitBounded('invalid', bytes.subarray(start, comma), line, errorAt - start)
          this.afterRecord()
          return comma
        }
      }
      const end = this.frame.scan(
        bytes,
        start,
        this.recordDepth === 0 ? (candidate) => candidate.checkUpTo > errorAt : undefined,
      )
      if (end >= 0) {
        this.emitBounded('invalid', bytes.subarray(start, end), line, errorAt - start)
        this.afterRecord()
        return end
      }
    } else if (status === SCAN_TOO_DEEP) {
      const end = this.frame.scan(bytes, start)
      if (end >= 0) {
        this.emitBounded('unchecked', bytes.subarray(start, end), line, -1)
        this.afterRecord()
        return end
      }
    } else {
      this.frame.scan(bytes, start)
    }
    // The record goes on in the next chunk.
    this.mode = PENDING
    this.pending.clear()
    this.pendingLine = line
    this.pendingSize = 0
    this.pendingTooLarge = false
    this.pendingCheckedLength = 0
    this.appendPending(bytes, start, n)
    return n
  }

  private appendPending(bytes: Uint8Array, from: number, to: number): void {
    this.pendingSize += to - from
    if (this.pendingTooLarge) return
    if (this.pendingSize > this.maxRecordBytes) {
      this.pendingTooLarge = true
      const room = EXCERPT_BYTES - this.pending.length
      if (room > 0) this.pending.append(bytes, from, Math.min(to, from + room))
      else this.pending.truncate(EXCERPT_BYTES)
      return
    }
    this.pending.append(bytes, from, to)
  }

  /**
   * A line of a line-delimited stream starts with `{` (or a string holds a raw newline) inside the pending record:
   * split there if the record is already invalid by then.
   */
  private checkpoint(candidate: SplitCandidate): boolean {
    if (this.pendingTooLarge) return true
    this.appendPending(this.segment, this.appendedUpTo, candidate.checkUpTo)
    this.appendedUpTo = candidate.checkUpTo
    if (this.pendingTooLarge) return true
    // Re-validating a long record at every candidate would be quadratic: past 1 MB, only when it has doubled.
    const length = this.pending.length
    if (length > 1 << 20 && length < this.pendingCheckedLength * 2) return false
    this.pendingCheckedLength = length
    return scanJsonValue(this.pending.view(), 0, null, this.outcome) !== SCAN_INCOMPLETE
  }

  private continuePending(bytes: Uint8Array, from: number): number {
    this.segment = bytes
    this.appendedUpTo = from
    const end = this.frame.scan(bytes, from, this.recordDepth === 0 ? this.acceptCheckpoint : undefined)
    if (end < 0) {
      this.appendPending(bytes, this.appendedUpTo, bytes.length)
      return bytes.length
    }
    if (this.frame.split) {
      // The candidate's `{` (checked through) belongs to the next record.
      if (this.appendedUpTo > end && !this.pendingTooLarge)
        this.pending.truncate(this.pending.length - (this.appendedUpTo - end))
      this.pendingSize -= Math.max(0, this.appendedUpTo - end)
      this.appendPending(bytes, Math.min(this.appendedUpTo, end), end)
      this.emitPending(this.pendingTooLarge ? 'too-large' : 'invalid', -1)
      this.afterRecord()
      return end
    }
    this.appendPending(bytes, this.appendedUpTo, end)
    if (this.pendingTooLarge) {
      this.emitPending('too-large', -1)
      this.afterRecord()
      return end
    }
    const record = this.pending.view()
    const status = scanJsonValue(record, 0, this.members, this.outcome)
    if (status === SCAN_COMPLETE && this.outcome.end === record.length) {
      this.emitPending('valid', -1, this.members)
      this.afterRecord()
      return end
    }
    if (status === SCAN_TOO_DEEP) {
      this.emitPending('unchecked', -1)
      this.afterRecord()
      return end
    }
    const errorAt = status === SCAN_INVALID ? this.outcome.errorAt : record.length
    if (status === SCAN_INVALID && this.recordDepth > 0) {
      const comma = commaBeforeBrace(record, 0, errorAt)
      if (comma > 0) {
        // The elements after the comma ran into this one: read them again, from a copy.
        const rest = record.slice(comma)
        const restLine = new LineCounter().reset(record, this.pendingLine).lineAt(comma)
        this.emit('invalid', record.subarray(0, comma), this.pendingLine, comma, null, errorAt)
        this.pending.clear()
        this.afterRecord()
        this.run(rest, 0, new LineCounter().reset(rest, restLine))
        return end
      }
    }
    this.emitPending('invalid', errorAt)
    this.afterRecord()
    return end
  }

  private finishPendingAtEnd(): void {
    if (!this.pendingTooLarge && this.pending.length > 0) {
      const record = this.pending.view()
      const status = scanJsonValue(record, 0, this.members, this.outcome)
      if (status === SCAN_COMPLETE && this.outcome.end === record.length) {
        this.emitPending('valid', -1, this.members)
        return
      }
    }
    this.emitPending('truncated', -1)
  }

  private emitPending(status: SplitStatus, errorAt: number, members: RootMembers | null = null): void {
    const bytes =
      status === 'valid' || status === 'invalid' || status === 'unchecked'
        ? this.pending.view()
        : this.pending.view().subarray(0, EXCERPT_BYTES)
    this.emit(status, bytes, this.pendingLine, this.pendingSize, members, errorAt)
    this.pending.clear()
  }

  private emitGarbage(): void {
    this.emit('invalid', this.pending.view(), this.garbageLine, this.garbageSize, null, -1)
    this.pending.clear()
  }

  /** Emits a record found whole in one buffer, as too large when it is. */
  private emitBounded(status: SplitStatus, bytes: Uint8Array, line: number, errorAt: number): void {
    if (bytes.length > this.maxRecordBytes) this.emit('too-large', bytes.subarray(0, EXCERPT_BYTES), line, bytes.length)
    else this.emit(status, bytes, line, bytes.length, null, errorAt)
  }

  private emit(
    status: SplitStatus,
    bytes: Uint8Array,
    line: number,
    size: number,
    members: RootMembers | null = null,
    errorAt = -1,
  ): void {
    const record = this.emitted
    record.status = status
    record.bytes = bytes
    record.line = line
    record.size = size
    record.members = members
    record.errorAt = errorAt
    this.sink.record(record)
  }
}

/** When the first bad byte is a `{` right after a `,`, the offset of that comma, else -1. */
function commaBeforeBrace(bytes: Uint8Array, start: number, errorAt: number): number {
  if (bytes[errorAt] !== 0x7b) return -1
  let p = errorAt - 1
  while (p > start && isSpace(bytes[p] as number)) p--
  return bytes[p] === 0x2c ? p : -1
}

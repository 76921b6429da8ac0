import type { AwsCloudTrailLogRow } from '@cairn/schema'
import { type CollectionContext, resolveContext } from './context.js'
import type { CloudTrailDigest } from './digest.js'
import type { EventIdSet } from './event-id-set.js'
import { rescueEvents } from './event-rescue.js'
import { type Compression, InputDecoder } from './input-decoder.js'
import { KIND_OBJECT } from './json-validator.js'
import { SLOT_DICTIONARY } from './record-fields.js'
import { EXCERPT_BYTES, type InputShape, RecordSplitter, type SplitRecord, type SplitSink } from './record-splitter.js'
import { type Rejection, type RejectionReason, rejection } from './rejection.js'
import { type BuildResult, RowBuilder } from './row-builder.js'

export type InputFormat = InputShape

export interface CloudTrailInput {
  /** The file path, S3 key or stream name: named in rejections and the default tp_source_location. */
  location: string
  /** The raw bytes, gzip'd or not, in chunks of any size (strings are read as UTF-8). */
  chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>
}

export interface ReadOptions {
  /** Skips events whose eventID it holds and adds the others: share one across the files of a run. */
  deduplicator?: EventIdSet
  /** Records larger than this are rejected unread (default 32 MB); memory use is bounded by it. */
  maxRecordBytes?: number
  /**
   * Called with every slice of the input's bytes after gunzip, in order and before they are parsed (views, not
   * copies: read them at once), e.g. to hash the uncompressed file as integrity digests do.
   */
  onDecoded?: (bytes: Uint8Array) => void
  /**
   * Give equal column values one string object each (bounded, per thread): worth it when the rows go on to a
   * dictionary encoder (the Parquet writer hashes a shared string once) and wait long enough for slices of the
   * file's text to matter; off by default (Arrow builders and plain consumers gain nothing from it).
   */
  internValues?: boolean
}

export interface ReadSummary {
  location: string
  format: InputFormat
  compression: Compression
  /** Records met: rows + duplicates + digests + rejected records. */
  records: number
  rows: number
  duplicates: number
  /** Rejections, including those about the whole input (which have no record number). */
  rejected: number
  digests: number
  /** Bytes read from `chunks`. */
  bytesIn: number
  /** Bytes after gunzip. */
  bytesDecoded: number
}

export type NormalizerItem =
  | { kind: 'row'; row: AwsCloudTrailLogRow }
  /** An event whose eventID the deduplicator already held. */
  | { kind: 'duplicate'; eventId: string; location: string; record: number }
  | { kind: 'rejected'; rejection: Rejection }
  /** A CloudTrail integrity digest, never a row. */
  | { kind: 'digest'; location: string; record: number; digest: CloudTrailDigest }
  /** Always the last item. */
  | ({ kind: 'end' } & ReadSummary)

export const DEFAULT_MAX_RECORD_BYTES = 32 * 1024 * 1024
const READ_SLICE = 64 * 1024

const textDecoder = new TextDecoder()
const textEncoder = new TextEncoder()

function quoteStart(text: string): string {
  const start = text.trimStart().slice(0, 40)
  return JSON.stringify(start.length < text.trimStart().length ? `${start}…` : start)
}

/** Reads one input (a file, an S3 object, a stream): everything it holds becomes items, in order. */
class InputReader implements SplitSink {
  items: NormalizerItem[] = []
  private records = 0
  private rows = 0
  private duplicates = 0
  private rejected = 0
  private digests = 0
  private readonly decoder: InputDecoder
  private readonly splitter: RecordSplitter
  private readonly builder: RowBuilder

  constructor(
    private readonly location: string,
    context: CollectionContext,
    private readonly maxRecordBytes: number,
    deduplicator: EventIdSet | undefined,
    onDecoded?: (bytes: Uint8Array) => void,
    internValues?: boolean,
  ) {
    this.splitter = new RecordSplitter(this, maxRecordBytes, SLOT_DICTIONARY)
    this.decoder = new InputDecoder(
      onDecoded
        ? (bytes) => {
            onDecoded(bytes)
            this.splitter.push(bytes)
          }
        : (bytes) => this.splitter.push(bytes),
    )
    this.builder = new RowBuilder(resolveContext(context, location), deduplicator, internValues)
  }

  get stopped(): boolean {
    return this.decoder.stopped || this.splitter.stopped
  }

  push(chunk: Uint8Array): void {
    this.decoder.push(chunk)
  }

  finish(): void {
    this.decoder.finish()
    const failure = this.decoder.failure
    if (failure === null || failure.complete) {
      this.splitter.finish()
      if (failure !== null) this.reject(failure.reason, failure.message)
      return
    }
    const open = this.splitter.abandon()
    if (open === null) {
      const lost = failure.reason === 'unsupported-compression' ? 'nothing read' : 'anything after the cut is lost'
      this.reject(failure.reason, `${failure.message} — ${lost}`)
      return
    }
    this.reject(
      failure.reason,
      `${failure.message} inside this record — the records before it were read, anything after the cut is lost`,
      ++this.records,
      open.line,
      textDecoder.decode(open.excerpt),
    )
  }

  summary(): ReadSummary {
    return {
      location: this.location,
      format: this.splitter.shape,
      compression: this.decoder.compression ?? 'none',
      records: this.records,
      rows: this.rows,
      duplicates: this.duplicates,
      rejected: this.rejected,
      digests: this.digests,
      bytesIn: this.decoder.bytesIn,
      bytesDecoded: this.decoder.bytesOut,
    }
  }

  record(split: SplitRecord): void {
    const { bytes, line } = split
    switch (split.status) {
      case 'valid': {
        const text = textDecoder.decode(bytes)
        const members = split.members
        if (members !== null && members.rootKind === KIND_OBJECT && !members.spaced && text.length === bytes.length) {
          this.take(this.builder.fromText(text, members), line, text)
        } else this.parseAndTake(text, line)
        return
      }
      case 'invalid':
      case 'unchecked':
        this.parseAndTake(textDecoder.decode(bytes), line)
        return
      case 'too-large':
        this.reject(
          'record-too-large',
          `record of ${split.size} bytes is larger than the ${this.maxRecordBytes}-byte cap — record skipped`,
          ++this.records,
          line,
          textDecoder.decode(bytes.subarray(0, EXCERPT_BYTES)),
        )
        return
      case 'truncated':
        this.reject(
          'truncated-json',
          `the input ends inside this record (${split.size} bytes read) — record skipped`,
          ++this.records,
          line,
          textDecoder.decode(bytes),
        )
        return
    }
  }

  /** Where the byte validator could not vouch for the record, `JSON.parse` has the last word. */
  private parseAndTake(text: string, line: number): void {
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (error) {
      this.reject(
        'invalid-json',
        `invalid JSON: ${(error as Error).message} — record skipped`,
        ++this.records,
        line,
        text,
      )
      for (const rescued of rescueEvents(text)) {
        this.take(this.builder.fromValue(rescued.value), line + countNewlines(text, rescued.offset), () =>
          JSON.stringify(rescued.value),
        )
      }
      return
    }
    this.take(this.builder.fromValue(value), line, text)
  }

  notJson(excerpt: Uint8Array): void {
    const text = textDecoder.decode(excerpt)
    this.reject(
      'not-cloudtrail',
      `not a JSON object or array (it starts with ${quoteStart(text)}), so not CloudTrail — nothing read`,
      undefined,
      undefined,
      text,
    )
  }

  unclosed(what: 'array' | 'wrapper', line: number): void {
    const which = what === 'wrapper' ? 'its {"Records":[…]} wrapper' : 'its JSON array'
    this.reject('truncated-json', `the input ends before ${which} closes: it may be cut short`, undefined, line)
  }

  private take(result: BuildResult, line: number, raw: string | (() => string)): void {
    switch (result.kind) {
      case 'row':
        this.records++
        this.rows++
        this.items.push(result)
        return
      case 'duplicate':
        this.duplicates++
        this.items.push({ kind: 'duplicate', eventId: result.eventId, location: this.location, record: ++this.records })
        return
      case 'digest':
        this.digests++
        this.items.push({ kind: 'digest', location: this.location, record: ++this.records, digest: result.digest })
        return
      case 'rejected':
        this.reject(
          result.reason,
          `${result.detail} — record skipped`,
          ++this.records,
          line,
          typeof raw === 'string' ? raw : raw(),
        )
        return
      case 'container':
        for (const element of result.elements) this.takeElement(element, result.messages, line)
        return
    }
  }

  private takeElement(element: unknown, message: boolean, line: number): void {
    if (!message) {
      this.take(this.builder.fromValue(element), line, () => JSON.stringify(element) ?? String(element))
      return
    }
    // A CloudWatch Logs subscription payload: each log event's message is one CloudTrail event as JSON text.
    const text = (element as { message?: unknown } | null)?.message
    if (typeof text !== 'string') {
      this.take(
        { kind: 'rejected', reason: 'not-cloudtrail', detail: 'a CloudWatch log event without a message' },
        line,
        () => JSON.stringify(element) ?? '',
      )
      return
    }
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (error) {
      this.reject(
        'invalid-json',
        `invalid JSON in a log event message: ${(error as Error).message} — record skipped`,
        ++this.records,
        line,
        text,
      )
      return
    }
    this.take(this.builder.fromValue(value), line, text)
  }

  private reject(reason: RejectionReason, detail: string, record?: number, line?: number, excerpt?: string): void {
    this.rejected++
    this.items.push({ kind: 'rejected', rejection: rejection(reason, detail, this.location, record, line, excerpt) })
  }

  takeItems(): NormalizerItem[] {
    const items = this.items
    this.items = []
    return items
  }
}

function countNewlines(text: string, end: number): number {
  let count = 0
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) count++
  return count
}

/**
 * Reads raw CloudTrail in any shape from a stream of chunks: S3 delivery files (`{"Records":[...]}`, gzip'd or not:
 * detected by magic bytes), NDJSON, bare arrays, single events, `lookup-events` output (`{"Events":[...]}` or one
 * per line), CloudWatch Logs subscription payloads, Insights records, digests. Yields a `row` per new event,
 * `duplicate` / `rejected` / `digest` items, and a last `end` item with counts. Never throws for bad data (only for
 * programming errors or when `chunks` itself fails); memory stays bounded by a chunk plus the record being read.
 */
export async function* readCloudTrail(
  input: CloudTrailInput,
  context: CollectionContext,
  options: ReadOptions = {},
): AsyncGenerator<NormalizerItem, void, undefined> {
  const reader = new InputReader(
    input.location,
    context,
    options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES,
    options.deduplicator,
    options.onDecoded,
    options.internValues,
  )
  read: for await (const chunk of input.chunks) {
    const bytes = typeof chunk === 'string' ? textEncoder.encode(chunk) : chunk
    // Big chunks are read a slice at a time, so that the rows waiting to be yielded stay few (a gzip'd chunk
    // inflates about fifteenfold).
    for (let offset = 0; offset < bytes.length || offset === 0; offset += READ_SLICE) {
      reader.push(offset === 0 && bytes.length <= READ_SLICE ? bytes : bytes.subarray(offset, offset + READ_SLICE))
      for (const item of reader.takeItems()) yield item
      if (reader.stopped) break read
    }
  }
  reader.finish()
  for (const item of reader.takeItems()) yield item
  yield { kind: 'end', ...reader.summary() }
}

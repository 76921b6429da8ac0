/** Why input was not turned into rows. Stable codes: callers count, filter and alert on them. */
export type RejectionReason =
  /** The input could not be opened at all (an archive too large to inflate, a file that went away). */
  | 'unreadable-input'
  /** The gzip data is corrupt (bad header, bad deflate data, or a trailer that does not match). */
  | 'invalid-gzip'
  /** The gzip stream ends before its end: records after the cut are lost. */
  | 'truncated-gzip'
  /** Compressed or archived in a format this reader does not open (zip, bzip2, xz, zstd). */
  | 'unsupported-compression'
  /** A record (or a line) that is not valid JSON. */
  | 'invalid-json'
  /** The uncompressed input ends inside a record, or before its array or wrapper closes. */
  | 'truncated-json'
  /** Valid JSON that is not a CloudTrail event, or input that is not JSON at all. */
  | 'not-cloudtrail'
  /** A CloudTrail record without eventTime. */
  | 'missing-event-time'
  /** An eventTime that is not an ISO-8601 date-time. */
  | 'invalid-event-time'
  /** A CloudTrail record without eventID (required to deduplicate; CloudTrail sets it since eventVersion 1.01). */
  | 'missing-event-id'
  /** A record larger than the reader's cap (`maxRecordBytes`). */
  | 'record-too-large'

export interface Rejection {
  /** The file, S3 key or log stream read. */
  location: string
  /** 1-based number of the record in the input, when the rejection is about one record. */
  record?: number
  /** 1-based line (of the uncompressed text) where the record starts. */
  line?: number
  reason: RejectionReason
  message: string
  /** The beginning of the raw record (at most 2 KB), kept for inspection. */
  excerpt?: string
}

/** Thrown by `normalizeRecord` for input it cannot turn into a row. */
export class RejectedRecordError extends Error {
  readonly rejection: Rejection

  constructor(rejection: Rejection) {
    super(rejection.message)
    this.name = 'RejectedRecordError'
    this.rejection = rejection
  }
}

/** The largest excerpt kept, in characters. */
const EXCERPT_CHARS = 2048

function excerptOf(text: string): string {
  return text.length > EXCERPT_CHARS ? text.slice(0, EXCERPT_CHARS) : text
}

/** `<location> record 17 (line 1)`: where a rejection's record is. */
function describePlace(location: string, record?: number, line?: number): string {
  let place = location
  if (record !== undefined) place += ` record ${record}`
  if (line !== undefined) place += record !== undefined ? ` (line ${line})` : ` line ${line}`
  return place
}

export function rejection(
  reason: RejectionReason,
  detail: string,
  location: string,
  record?: number,
  line?: number,
  excerpt?: string,
): Rejection {
  const result: Rejection = { location, reason, message: `${describePlace(location, record, line)}: ${detail}` }
  if (record !== undefined) result.record = record
  if (line !== undefined) result.line = line
  if (excerpt !== undefined) result.excerpt = excerptOf(excerpt)
  return result
}

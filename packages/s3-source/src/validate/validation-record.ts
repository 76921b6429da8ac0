/** Why a digest is not valid. */
export type DigestProblem =
  | 'not-found'
  | 'invalid-format'
  | 'moved'
  | 'signature-missing'
  | 'public-key-not-found'
  | 'public-key-unusable'
  | 'signature-failed'
  | 'hash-unknown'
  | 'previous-hash-mismatch'
  | 'previous-signature-mismatch'
  | 'not-in-chain'

export type LogFileProblem = 'not-found' | 'hash-mismatch' | 'invalid-format'

/** One finding of a validation run, in the order found: newest to oldest per chain, then backfill digests. */
export type ValidationRecord = DigestRecord | LogFileRecord | GapRecord | MissingDigestsRecord

export interface DigestRecord {
  type: 'digest'
  location: string
  valid: boolean
  problem?: DigestProblem
  /** `valid` or `INVALID: …`, as the AWS CLI words it where it has the case. */
  status: string
  accountId: string
  region: string
  backfill: boolean
  /** From a digest whose content could be read. */
  startTime?: string
  endTime?: string
  logFiles?: number
  /** A backfill digest's S3 metadata `backfill-generation-timestamp`. */
  backfillGenerationTime?: string
}

export interface LogFileRecord {
  type: 'log'
  location: string
  valid: boolean
  problem?: LogFileProblem
  status: string
  /** The digest that lists it. */
  digest: string
}

/** A chain that starts afresh (no previous digest) while older digests exist: CloudTrail was not delivering. */
export interface GapRecord {
  type: 'gap'
  from: string
  to: string
  accountId: string
  region: string
}

/**
 * Digests that must have existed between a missing digest and the next older one found, judged by the hourly
 * cadence of digests: the AWS CLI reports two or more consecutive deleted digests as one.
 */
export interface MissingDigestsRecord {
  type: 'missing-digests'
  /** How many digest files, about: the span over the digests' period. */
  count: number
  from: string
  to: string
  /** The missing digest newer than the span, and the older digest found. */
  before: string
  after: string
  accountId: string
  region: string
}

const display = (iso: string) => `${iso.slice(0, 19)}Z`

/** The record as one line of text, in the AWS CLI's wording (`Digest file\ts3://…\tvalid`). */
export function validationLine(record: ValidationRecord): string {
  switch (record.type) {
    case 'digest':
      return `Digest file\t${record.location}\t${record.status}`
    case 'log':
      return `Log file\t${record.location}\t${record.status}`
    case 'gap':
      return `No log files were delivered by CloudTrail between ${display(record.from)} and ${display(record.to)}`
    case 'missing-digests':
      return `Digest files\t${record.count} missing between ${display(record.from)} and ${display(record.to)}\tINVALID: not found (deleted after ${record.after} and before ${record.before}, or the trail was not logging)`
  }
}

/** Whether the record says something is wrong. */
export function isInvalid(record: ValidationRecord): boolean {
  return record.type === 'missing-digests' || ((record.type === 'digest' || record.type === 'log') && !record.valid)
}

/** Totals in the AWS CLI's terms, and the span the valid digests covered. */
export class ValidationTally {
  digestsValid = 0
  digestsInvalid = 0
  logsValid = 0
  logsInvalid = 0
  gaps = 0
  foundStart?: string
  foundEnd?: string

  add(record: ValidationRecord): void {
    switch (record.type) {
      case 'digest':
        if (record.valid) {
          this.digestsValid++
          if (record.startTime && (!this.foundStart || record.startTime < this.foundStart)) this.foundStart = record.startTime
          if (record.endTime && (!this.foundEnd || record.endTime > this.foundEnd)) this.foundEnd = record.endTime
        } else this.digestsInvalid++
        return
      case 'missing-digests':
        this.digestsInvalid += record.count
        return
      case 'log':
        if (record.valid) this.logsValid++
        else this.logsInvalid++
        return
      case 'gap':
        this.gaps++
        return
    }
  }

  get invalid(): boolean {
    return this.digestsInvalid > 0 || this.logsInvalid > 0
  }
}

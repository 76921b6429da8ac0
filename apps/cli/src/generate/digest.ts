/**
 * Hourly integrity digests for a few account/region pairs, chained through previousDigest* fields, listing the
 * log files delivered in the hour with the SHA-256 of their uncompressed bytes. Only hours that have ended by
 * `end` get a digest, as in a real bucket; hours without logs get one with `logFiles: []`.
 */
import { createHash } from 'node:crypto'
import { digestFileKey, type KeyOwner } from './layout.js'
import { HOUR_MS, isoSeconds } from './time-format.js'

export interface LogFileEntry {
  s3Object: string
  /** When the file was delivered (the time in its name): decides its digest hour. */
  deliveredMs: number
  /** Computed while the file is written. */
  hashValue: Promise<string>
  newestEventTime: string
  oldestEventTime: string
  newestMs: number
  oldestMs: number
}

export interface DigestFile {
  key: string
  content: string
}

export function sha256Hex(content: Uint8Array | string): string {
  return createHash('sha256').update(content).digest('hex')
}

/** One digest chain (one account and region of one trail). */
export class DigestChain {
  private windowStart: number
  private entries: LogFileEntry[] = []
  private previousKey: string | null = null
  private previousHash: string | null = null
  private previousSignature: string | null = null
  private readonly fingerprint: string

  constructor(
    private readonly owner: KeyOwner,
    private readonly region: string,
    private readonly trailName: string,
    private readonly homeRegion: string,
    private readonly bucket: string,
    startMs: number,
    /** Where in the hour this chain's digests close (CloudTrail's are not on the hour). */
    offsetMs: number,
  ) {
    this.windowStart = Math.floor((startMs - offsetMs) / HOUR_MS) * HOUR_MS + offsetMs
    this.fingerprint = sha256Hex(`fingerprint:${region}`).slice(0, 32)
  }

  /** Digests for every hour that ends at or before `untilMs`. */
  async flushBefore(untilMs: number): Promise<DigestFile[]> {
    const out: DigestFile[] = []
    while (this.windowStart + HOUR_MS <= untilMs) out.push(await this.emit())
    return out
  }

  /** A log file of this chain's account and region; files must be added in delivery order. */
  add(entry: LogFileEntry): void {
    this.entries.push(entry)
  }

  private async emit(): Promise<DigestFile> {
    const start = this.windowStart
    const end = start + HOUR_MS
    const key = digestFileKey(this.owner, this.region, this.trailName, this.homeRegion, end)
    let count = 0
    while (count < this.entries.length && this.entries[count]!.deliveredMs < end) count++
    const entries = this.entries.slice(0, count)
    const hashes = await Promise.all(entries.map((e) => e.hashValue))
    let newest: LogFileEntry | undefined
    let oldest: LogFileEntry | undefined
    for (const e of entries) {
      if (!newest || e.newestMs > newest.newestMs) newest = e
      if (!oldest || e.oldestMs < oldest.oldestMs) oldest = e
    }
    const digest = {
      awsAccountId: this.owner.accountId,
      digestStartTime: isoSeconds(start),
      digestEndTime: isoSeconds(end),
      digestS3Bucket: this.bucket,
      digestS3Object: key,
      digestPublicKeyFingerprint: this.fingerprint,
      digestSignatureAlgorithm: 'SHA256withRSA',
      newestEventTime: newest ? newest.newestEventTime : null,
      oldestEventTime: oldest ? oldest.oldestEventTime : null,
      previousDigestS3Bucket: this.previousKey ? this.bucket : null,
      previousDigestS3Object: this.previousKey,
      previousDigestHashValue: this.previousHash,
      previousDigestHashAlgorithm: this.previousKey ? 'SHA-256' : null,
      previousDigestSignature: this.previousSignature,
      logFiles: entries.map((e, i) => ({
        s3Bucket: this.bucket,
        s3Object: e.s3Object,
        hashValue: hashes[i]!,
        hashAlgorithm: 'SHA-256',
        newestEventTime: e.newestEventTime,
        oldestEventTime: e.oldestEventTime,
      })),
    }
    const content = JSON.stringify(digest)
    const hash = sha256Hex(content)
    this.previousKey = key
    this.previousHash = hash
    // Real signatures live in S3 object metadata; this stand-in only has a signature's shape (512 hex digits).
    this.previousSignature = sha256Hex(`signature:${hash}`).repeat(8)
    this.entries = this.entries.slice(count)
    this.windowStart = end
    return { key, content }
  }
}

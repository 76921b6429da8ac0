import type { DigestDocument } from './digest-document.js'
import { type DigestKey, parseDigestKey, parseTrailArn } from './digest-key.js'
import { judgeDigest, type NewerLink } from './judge-digest.js'
import type { PublicKeyRing } from './public-keys.js'
import type { TrailStore } from './trail-store.js'
import type { DigestRecord, LogFileRecord, ValidationRecord } from './validation-record.js'

export interface ValidateTrailOptions {
  trailArn: string
  /** Digests whose end time is at or after this are validated. */
  from: Date
  /** Digests ending up to an hour after this are validated (they list the logs delivered just before it). */
  to: Date
  /** Only this account's chains (an organization trail has one per member account and region). */
  accountId?: string
  publicKeys: PublicKeyRing
  /** Log files hashed at once (default 8). */
  logConcurrency?: number
}

const HOUR_MS = 3_600_000

interface ListedDigest extends DigestKey {
  bucket: string
  key: string
}

const locationOf = (bucket: string, key: string) => `s3://${bucket}/${key}`

/**
 * Validates a trail's digests and log files in a time range, like `aws cloudtrail validate-logs` and more: walks
 * each chain (account and region) from its newest digest back along previousDigestS3Object, checks every digest
 * (format, location, signature, and the newer digest's previousDigestHashValue / previousDigestSignature) and every
 * log file a trusted digest lists, and reports deleted digests (each one of a run of them), chain restarts (gaps) and
 * listed digests no chain reaches. Backfill digests are validated after the chains. Reads only through `store`.
 */
export async function* validateTrail(
  store: TrailStore,
  options: ValidateTrailOptions,
): AsyncGenerator<ValidationRecord, void, undefined> {
  const arn = parseTrailArn(options.trailArn)
  const listTo = new Date(options.to.getTime() + HOUR_MS)
  const chains = new Map<string, ListedDigest[]>()
  const backfills: ListedDigest[] = []
  for await (const { bucket, key } of store.listDigests({ from: options.from, to: listTo })) {
    const parsed = parseDigestKey(bucket, key)
    if (!parsed || parsed.trailName !== arn.trailName || parsed.homeRegion !== arn.homeRegion) continue
    const account = options.accountId ?? (parsed.orgId ? undefined : arn.accountId)
    if (account !== undefined && parsed.accountId !== account) continue
    if (parsed.time < options.from || parsed.time > listTo) continue
    const listed = { ...parsed, bucket, key }
    if (parsed.backfill) backfills.push(listed)
    else chains.set(parsed.chain, [...(chains.get(parsed.chain) ?? []), listed])
  }
  const byTime = (a: ListedDigest, b: ListedDigest) => a.time.getTime() - b.time.getTime() || a.key.localeCompare(b.key)
  for (const chain of [...chains.keys()].sort()) {
    yield* walkChain(store, options, chains.get(chain)!.sort(byTime))
  }
  for (const backfill of backfills.sort(byTime)) {
    yield* checkDigest(store, options, backfill, undefined)
  }
}

async function* walkChain(
  store: TrailStore,
  options: ValidateTrailOptions,
  listed: ListedDigest[],
): AsyncGenerator<ValidationRecord, void, undefined> {
  const visited = new Set<string>()
  const newestUnvisitedBefore = (time: Date): ListedDigest | undefined => {
    for (let i = listed.length - 1; i >= 0; i--) {
      const entry = listed[i]!
      if (entry.time < time && !visited.has(locationOf(entry.bucket, entry.key))) return entry
    }
    return undefined
  }
  let next: { entry: ListedDigest; newer?: NewerLink } | undefined = listed.length ? { entry: listed.at(-1)! } : undefined
  while (next) {
    const { entry, newer } = next
    if (entry.time < options.from) break
    visited.add(locationOf(entry.bucket, entry.key))
    const outcome = yield* checkDigest(store, options, entry, newer)
    if (outcome === 'not-found') {
      const older = newestUnvisitedBefore(entry.time)
      if (older) {
        const missing = missingBetween(older, entry, newer?.digest)
        if (missing) yield missing
      }
      next = older ? { entry: older } : undefined
      continue
    }
    if (!outcome) {
      next = nextListed(newestUnvisitedBefore(entry.time))
      continue
    }
    const digest = outcome
    if (!digest.previousDigestS3Object) {
      const older = newestUnvisitedBefore(entry.time)
      if (older) {
        yield {
          type: 'gap',
          from: older.time.toISOString(),
          to: new Date(digest.digestStartTime).toISOString(),
          accountId: entry.accountId,
          region: entry.region,
        }
      }
      next = nextListed(older)
      continue
    }
    const bucket = digest.previousDigestS3Bucket ?? entry.bucket
    const key = digest.previousDigestS3Object
    const parsed = parseDigestKey(bucket, key)
    const previous: ListedDigest = parsed
      ? { ...parsed, bucket, key }
      : { ...entry, bucket, key, time: new Date(digest.digestStartTime) }
    next = { entry: previous, newer: { digest, location: locationOf(entry.bucket, entry.key) } }
  }
  // Listed digests that no chain walk reached: an extra digest put among real ones, or a chain cut off unseen.
  for (const entry of [...listed].reverse()) {
    if (visited.has(locationOf(entry.bucket, entry.key)) || entry.time < options.from) continue
    for await (const record of checkDigest(store, options, entry, undefined, true)) yield record
  }
}

const nextListed = (entry: ListedDigest | undefined) => (entry ? { entry } : undefined)

/**
 * A deleted digest was met and the next older digest found ends long before it started: by the hourly cadence of
 * digests, that many more digests are gone too (or the trail stopped logging there).
 */
function missingBetween(older: ListedDigest, missing: ListedDigest, newer: DigestDocument | undefined): ValidationRecord | undefined {
  const span = newer ? Date.parse(newer.digestEndTime) - Date.parse(newer.digestStartTime) : HOUR_MS
  const period = span >= HOUR_MS / 2 && span <= 2 * HOUR_MS ? span : HOUR_MS
  const missingStart = missing.time.getTime() - period
  const hole = missingStart - older.time.getTime()
  const count = Math.round(hole / period)
  if (hole < period / 2 || count < 1) return undefined
  return {
    type: 'missing-digests',
    count,
    from: older.time.toISOString(),
    to: new Date(missingStart).toISOString(),
    before: locationOf(missing.bucket, missing.key),
    after: locationOf(older.bucket, older.key),
    accountId: missing.accountId,
    region: missing.region,
  }
}

/**
 * Validates one digest and, when its own signature holds, its log files. Returns the digest when its signature holds
 * (its previous* fields can be followed), 'not-found' when there is no such object, else undefined.
 */
async function* checkDigest(
  store: TrailStore,
  options: ValidateTrailOptions,
  entry: ListedDigest,
  newer: NewerLink | undefined,
  unchained = false,
): AsyncGenerator<ValidationRecord, DigestDocument | 'not-found' | undefined, undefined> {
  const location = locationOf(entry.bucket, entry.key)
  const base = { type: 'digest', location, accountId: entry.accountId, region: entry.region, backfill: entry.backfill } as const
  const read = await store.readDigest(entry.bucket, entry.key)
  if (!read.found) {
    yield { ...base, valid: false, problem: 'not-found', status: `INVALID: not found${read.detail ? ` (${read.detail})` : ''}` }
    return 'not-found'
  }
  const judged = judgeDigest(entry.bucket, entry.key, read, options.publicKeys, newer)
  const digest = judged.digest
  const record: DigestRecord = {
    ...base,
    valid: judged.problem === undefined,
    ...(judged.problem ? { problem: judged.problem } : {}),
    status: judged.status,
    ...(digest ? { startTime: digest.digestStartTime, endTime: digest.digestEndTime, logFiles: digest.logFiles.length } : {}),
    ...(read.metadata['backfill-generation-timestamp']
      ? { backfillGenerationTime: read.metadata['backfill-generation-timestamp'] }
      : {}),
  }
  if (unchained && record.valid) {
    record.valid = false
    record.problem = 'not-in-chain'
    record.status = 'INVALID: not in the digest chain (no newer digest refers to it)'
  }
  yield record
  const linkOnly = judged.problem === 'previous-hash-mismatch' || judged.problem === 'previous-signature-mismatch'
  if (!digest || (judged.problem !== undefined && !linkOnly)) return undefined
  // A digest whose own signature holds vouches for its log files, even when its link to a newer digest is broken.
  yield* checkLogFiles(store, options, digest, location)
  return digest
}

async function* checkLogFiles(
  store: TrailStore,
  options: ValidateTrailOptions,
  digest: DigestDocument,
  digestLocation: string,
): AsyncGenerator<LogFileRecord, void, undefined> {
  const files = digest.logFiles
  const concurrency = options.logConcurrency ?? 8
  const pending: Promise<LogFileRecord>[] = []
  let next = 0
  const start = () => {
    const file = files[next++]!
    pending.push(
      store.hashLogFile(file.s3Bucket, file.s3Object).then((read): LogFileRecord => {
        const base = { type: 'log', location: locationOf(file.s3Bucket, file.s3Object), digest: digestLocation } as const
        if (!read.found) {
          return { ...base, valid: false, problem: 'not-found', status: `INVALID: not found${read.detail ? ` (${read.detail})` : ''}` }
        }
        if ('problem' in read) return { ...base, valid: false, problem: 'invalid-format', status: `INVALID: invalid format (${read.problem})` }
        if (read.sha256.toLowerCase() !== file.hashValue.toLowerCase()) {
          return { ...base, valid: false, problem: 'hash-mismatch', status: "INVALID: hash value doesn't match" }
        }
        return { ...base, valid: true, status: 'valid' }
      }),
    )
  }
  while (next < files.length && pending.length < concurrency) start()
  while (pending.length > 0) {
    const record = await pending.shift()!
    if (next < files.length) start()
    yield record
  }
}

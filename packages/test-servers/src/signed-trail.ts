import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto'
import { gzipSync } from 'node:zlib'

/** One object of a trail bucket as CloudTrail writes it: gzip'd bytes, and S3 metadata for digests. */
export interface TrailObjectSpec {
  key: string
  body: Buffer
  metadata?: Record<string, string>
}

export interface SigningKey {
  privateKey: KeyObject
  /** PKCS#1 DER, base64: what ListPublicKeys gives as Value. */
  publicKeyBase64: string
  fingerprint: string
}

export function newSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const der = publicKey.export({ format: 'der', type: 'pkcs1' })
  return { privateKey, publicKeyBase64: der.toString('base64'), fingerprint: createHash('md5').update(der).digest('hex') }
}

/** What `aws cloudtrail list-public-keys` prints for these keys. */
export function publicKeyList(keys: SigningKey[], fingerprintOf = (k: SigningKey) => k.fingerprint): string {
  return JSON.stringify({
    PublicKeyList: keys.map((k) => ({
      Value: k.publicKeyBase64,
      ValidityStartTime: '2020-01-01T00:00:00Z',
      ValidityEndTime: '2030-01-01T00:00:00Z',
      Fingerprint: fingerprintOf(k),
    })),
  })
}

export interface ChainSpec {
  bucket: string
  prefix?: string
  orgId?: string
  accountId: string
  region: string
  trailName: string
  homeRegion: string
  /** The first digest's start; each digest covers the hour after the previous one. */
  start: Date
  hours: number
  logsPerHour: number
}

export interface BuiltChain {
  objects: TrailObjectSpec[]
  /** Digest keys, oldest first. */
  digests: string[]
  /** Log file keys per digest, in digest order. */
  logs: string[][]
  /** The parsed digests, oldest first. */
  documents: Record<string, unknown>[]
  trailArn: string
}

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex')
const compact = (d: Date, seconds: boolean) =>
  d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z').slice(0, seconds ? 16 : 13) + (seconds ? '' : 'Z')
const iso = (d: Date) => `${d.toISOString().slice(0, 19)}Z`
const datePath = (d: Date) => d.toISOString().slice(0, 10).replaceAll('-', '/')

function accountRoot(spec: ChainSpec): string {
  return `${spec.prefix ? `${spec.prefix}/` : ''}AWSLogs/${spec.orgId ? `${spec.orgId}/` : ''}${spec.accountId}`
}

export function digestKeyFor(spec: ChainSpec, end: Date, backfill = false): string {
  const name = `${spec.accountId}_CloudTrail-Digest_${spec.region}_${spec.trailName}_${spec.homeRegion}_${compact(end, true)}${backfill ? '_backfill' : ''}.json.gz`
  return `${accountRoot(spec)}/CloudTrail-Digest/${spec.region}/${datePath(end)}/${name}`
}

function logObject(spec: ChainSpec, delivered: Date, n: number): { key: string; json: string; first: Date; last: Date } {
  const first = new Date(delivered.getTime() - 120_000)
  const records = [0, 1].map((i) => ({
    eventVersion: '1.09',
    eventTime: iso(new Date(first.getTime() + i * 60_000)),
    eventSource: 's3.amazonaws.com',
    eventName: 'GetObject',
    awsRegion: spec.region,
    sourceIPAddress: '203.0.113.7',
    userIdentity: { type: 'IAMUser', accountId: spec.accountId, userName: 'alice' },
    eventID: `${randomBytes(8).toString('hex')}-${n}-${i}`,
    eventType: 'AwsApiCall',
    recipientAccountId: spec.accountId,
  }))
  const name = `${spec.accountId}_CloudTrail_${spec.region}_${compact(delivered, false)}_${randomBytes(8).toString('hex').toUpperCase()}.json.gz`
  const key = `${accountRoot(spec)}/CloudTrail/${spec.region}/${datePath(delivered)}/${name}`
  return { key, json: JSON.stringify({ Records: records }), first, last: new Date(first.getTime() + 60_000) }
}

/** Signs a digest as CloudTrail does and returns its object (gzip'd JSON, signature in metadata). */
export function signedDigestObject(
  key: string,
  document: Record<string, unknown>,
  signingKey: SigningKey,
  extraMetadata: Record<string, string> = {},
): { object: TrailObjectSpec; signature: string; hash: string } {
  const json = JSON.stringify(document)
  const hash = sha256(json)
  const toSign = `${document.digestEndTime}\n${document.digestS3Bucket}/${document.digestS3Object}\n${hash}\n${document.previousDigestSignature ?? 'null'}`
  const signature = sign('sha256', Buffer.from(toSign), signingKey.privateKey).toString('hex')
  return {
    object: { key, body: gzipSync(json), metadata: { signature, 'signature-algorithm': 'SHA256withRSA', ...extraMetadata } },
    signature,
    hash,
  }
}

/** A signed hourly digest chain with its log files, laid out exactly as CloudTrail writes them. */
export function buildSignedChain(spec: ChainSpec, signingKey: SigningKey): BuiltChain {
  const objects: TrailObjectSpec[] = []
  const digests: string[] = []
  const logs: string[][] = []
  const documents: Record<string, unknown>[] = []
  let previous: { key: string; hash: string; signature: string } | undefined
  for (let h = 0; h < spec.hours; h++) {
    const start = new Date(spec.start.getTime() + h * 3_600_000)
    const end = new Date(start.getTime() + 3_600_000)
    const logFiles = []
    const hourLogs: string[] = []
    for (let n = 0; n < spec.logsPerHour; n++) {
      const delivered = new Date(start.getTime() + ((n + 1) * 3_600_000) / (spec.logsPerHour + 1))
      const log = logObject(spec, delivered, h * 100 + n)
      objects.push({ key: log.key, body: gzipSync(log.json) })
      hourLogs.push(log.key)
      logFiles.push({
        s3Bucket: spec.bucket,
        s3Object: log.key,
        hashValue: sha256(log.json),
        hashAlgorithm: 'SHA-256',
        newestEventTime: iso(log.last),
        oldestEventTime: iso(log.first),
      })
    }
    const key = digestKeyFor(spec, end)
    const document = {
      awsAccountId: spec.accountId,
      digestStartTime: iso(start),
      digestEndTime: iso(end),
      digestS3Bucket: spec.bucket,
      digestS3Object: key,
      digestPublicKeyFingerprint: signingKey.fingerprint,
      digestSignatureAlgorithm: 'SHA256withRSA',
      newestEventTime: logFiles.at(-1)?.newestEventTime ?? null,
      oldestEventTime: logFiles[0]?.oldestEventTime ?? null,
      previousDigestS3Bucket: previous ? spec.bucket : null,
      previousDigestS3Object: previous?.key ?? null,
      previousDigestHashValue: previous?.hash ?? null,
      previousDigestHashAlgorithm: previous ? 'SHA-256' : null,
      previousDigestSignature: previous?.signature ?? null,
      logFiles,
    }
    const signed = signedDigestObject(key, document, signingKey)
    objects.push(signed.object)
    digests.push(key)
    logs.push(hourLogs)
    documents.push(document)
    previous = { key, hash: signed.hash, signature: signed.signature }
  }
  return {
    objects,
    digests,
    logs,
    documents,
    trailArn: `arn:aws:cloudtrail:${spec.homeRegion}:${spec.accountId}:trail/${spec.trailName}`,
  }
}

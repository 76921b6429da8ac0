import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  PublicKeyRing,
  parsePublicKeyList,
  S3TrailStore,
  ValidationTally,
  type ValidationRecord,
  validateTrail,
  validationLine,
} from '../src/index.js'
import { testS3Client } from './support/s3-clients.js'
import {
  type BuiltChain,
  buildSignedChain,
  type ChainSpec,
  digestKeyFor,
  newSigningKey,
  publicKeyList,
  type SigningKey,
  signedDigestObject,
  type TrailObjectSpec,
} from '@cairn/test-servers'

const START = new Date('2026-03-01T10:00:00Z')
const HOURS = 6
let client: S3Client
let signingKey: SigningKey
let bucketNo = 0

async function put(bucket: string, objects: TrailObjectSpec[]): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < objects.length) {
      const o = objects[next++]!
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: o.key, Body: o.body, Metadata: o.metadata }))
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker))
}

/** A fresh bucket holding an intact signed chain of HOURS digests, two logs each. */
async function trail(overrides: Partial<ChainSpec> = {}): Promise<{ spec: ChainSpec; chain: BuiltChain }> {
  const bucket = `validate-${++bucketNo}-${Date.now() % 100000}`
  await client.send(new CreateBucketCommand({ Bucket: bucket }))
  const spec: ChainSpec = {
    bucket,
    prefix: 'ct',
    accountId: '111122223333',
    region: 'eu-west-1',
    trailName: 'org_trail',
    homeRegion: 'us-east-1',
    start: START,
    hours: HOURS,
    logsPerHour: 2,
    ...overrides,
  }
  const chain = buildSignedChain(spec, signingKey)
  await put(bucket, chain.objects)
  return { spec, chain }
}

async function validate(spec: ChainSpec, chain: BuiltChain, keys = [signingKey], extra: { accountId?: string } = {}) {
  const store = new S3TrailStore(client, { bucket: spec.bucket, prefix: spec.prefix })
  const records: ValidationRecord[] = []
  const tally = new ValidationTally()
  const options = {
    trailArn: chain.trailArn,
    from: START,
    to: new Date(START.getTime() + HOURS * 3_600_000),
    publicKeys: new PublicKeyRing(parsePublicKeyList(publicKeyList(keys, () => signingKey.fingerprint))),
    ...extra,
  }
  for await (const record of validateTrail(store, options)) {
    records.push(record)
    tally.add(record)
  }
  return { records, tally, lines: records.map(validationLine) }
}

const s3 = (spec: ChainSpec, key: string) => `s3://${spec.bucket}/${key}`
const invalidLines = (lines: string[]) => lines.filter((l) => l.includes('INVALID') || l.startsWith('No log files'))

beforeAll(() => {
  client = testS3Client(inject('s3Endpoint'), 3)
  signingKey = newSigningKey()
})
afterAll(() => client.destroy())

describe('validateTrail on s3rver: signed chains built in the test', () => {
  it('an intact chain: every digest and log file valid, newest first', async () => {
    const { spec, chain } = await trail()
    const { records, tally, lines } = await validate(spec, chain)
    expect(tally).toMatchObject({ digestsValid: HOURS, digestsInvalid: 0, logsValid: HOURS * 2, logsInvalid: 0, gaps: 0 })
    expect(invalidLines(lines)).toEqual([])
    const digests = records.filter((r) => r.type === 'digest').map((r) => r.location)
    expect(digests).toEqual([...chain.digests].reverse().map((k) => s3(spec, k)))
    expect(lines[0]).toBe(`Digest file\t${s3(spec, chain.digests.at(-1)!)}\tvalid`)
    expect(lines[1]).toBe(`Log file\t${s3(spec, chain.logs.at(-1)![0]!)}\tvalid`)
  })

  it('a modified log file and a deleted one', async () => {
    const { spec, chain } = await trail()
    const modified = chain.logs[2]![0]!
    const deleted = chain.logs[4]![1]!
    const original = JSON.parse(gunzipSync(chain.objects.find((o) => o.key === modified)!.body).toString()) as { Records: { sourceIPAddress: string }[] }
    original.Records[0]!.sourceIPAddress = '198.51.100.1'
    await put(spec.bucket, [{ key: modified, body: gzipSync(JSON.stringify(original)) }])
    await client.send(new DeleteObjectCommand({ Bucket: spec.bucket, Key: deleted }))
    const { tally, lines } = await validate(spec, chain)
    expect(invalidLines(lines)).toEqual([
      `Log file\t${s3(spec, deleted)}\tINVALID: not found`,
      `Log file\t${s3(spec, modified)}\tINVALID: hash value doesn't match`,
    ])
    expect(tally).toMatchObject({ digestsValid: HOURS, digestsInvalid: 0, logsValid: HOURS * 2 - 2, logsInvalid: 2 })
  })

  it('a deleted digest is reported once, and the walk goes on to the older ones', async () => {
    const { spec, chain } = await trail()
    await client.send(new DeleteObjectCommand({ Bucket: spec.bucket, Key: chain.digests[3]! }))
    const { tally, lines, records } = await validate(spec, chain)
    expect(invalidLines(lines)).toEqual([`Digest file\t${s3(spec, chain.digests[3]!)}\tINVALID: not found`])
    expect(records.some((r) => r.type === 'missing-digests')).toBe(false)
    expect(tally).toMatchObject({ digestsValid: HOURS - 1, digestsInvalid: 1, logsValid: (HOURS - 1) * 2 })
  })

  it('two consecutive deleted digests are both counted (the AWS CLI reports one)', async () => {
    const { spec, chain } = await trail()
    for (const i of [2, 3]) await client.send(new DeleteObjectCommand({ Bucket: spec.bucket, Key: chain.digests[i]! }))
    const { tally, lines, records } = await validate(spec, chain)
    const missing = records.find((r) => r.type === 'missing-digests')
    expect(missing).toMatchObject({ count: 1, from: '2026-03-01T12:00:00.000Z', to: '2026-03-01T13:00:00.000Z' })
    expect(invalidLines(lines)).toEqual([
      `Digest file\t${s3(spec, chain.digests[3]!)}\tINVALID: not found`,
      `Digest files\t1 missing between 2026-03-01T12:00:00Z and 2026-03-01T13:00:00Z\tINVALID: not found (deleted after ${s3(spec, chain.digests[1]!)} and before ${s3(spec, chain.digests[3]!)}, or the trail was not logging)`,
    ])
    expect(tally).toMatchObject({ digestsValid: HOURS - 2, digestsInvalid: 2 })
  })

  it('a digest edited without re-signing fails its signature, and its log files are not trusted', async () => {
    const { spec, chain } = await trail()
    const key = chain.digests[2]!
    const object = chain.objects.find((o) => o.key === key)!
    const document = JSON.parse(gunzipSync(object.body).toString()) as { logFiles: { hashValue: string }[] }
    document.logFiles[0]!.hashValue = '0'.repeat(64)
    await put(spec.bucket, [{ key, body: gzipSync(JSON.stringify(document)), metadata: object.metadata }])
    const { tally, lines } = await validate(spec, chain)
    expect(invalidLines(lines)).toEqual([`Digest file\t${s3(spec, key)}\tINVALID: signature verification failed`])
    expect(tally).toMatchObject({ digestsValid: HOURS - 1, digestsInvalid: 1, logsValid: (HOURS - 1) * 2, logsInvalid: 0 })
  })

  it('the wrong public key: every signature fails', async () => {
    const { spec, chain } = await trail()
    const { tally, lines } = await validate(spec, chain, [newSigningKey()])
    expect(tally).toMatchObject({ digestsValid: 0, digestsInvalid: HOURS, logsValid: 0 })
    expect(invalidLines(lines)).toHaveLength(HOURS)
    expect(lines.every((l) => l.endsWith('INVALID: signature verification failed'))).toBe(true)
  })

  it('a backfill digest is validated with its log files and its backfill-generation-timestamp', async () => {
    const { spec, chain } = await trail()
    const lateLog = chain.logs[1]![0]!
    const logDocument = (chain.documents[1]!.logFiles as Record<string, unknown>[])[0]!
    const end = new Date(START.getTime() + 2 * 3_600_000)
    const key = digestKeyFor(spec, end, true)
    const document = {
      ...chain.documents[1]!,
      digestS3Object: key,
      previousDigestS3Bucket: null,
      previousDigestS3Object: null,
      previousDigestHashValue: null,
      previousDigestHashAlgorithm: null,
      previousDigestSignature: null,
      logFiles: [logDocument],
    }
    const signed = signedDigestObject(key, document, signingKey, { 'backfill-generation-timestamp': '2026-03-02T08:00:00Z' })
    await put(spec.bucket, [signed.object])
    const { tally, records, lines } = await validate(spec, chain)
    expect(invalidLines(lines)).toEqual([])
    const backfill = records.find((r) => r.type === 'digest' && r.backfill)
    expect(backfill).toMatchObject({ location: s3(spec, key), valid: true, backfillGenerationTime: '2026-03-02T08:00:00Z' })
    expect(records.at(-1)).toMatchObject({ type: 'log', location: s3(spec, lateLog), valid: true, digest: s3(spec, key) })
    expect(tally).toMatchObject({ digestsValid: HOURS + 1, logsValid: HOURS * 2 + 1 })
  })

  it('a moved digest: its old place is not found, its new place has been moved', async () => {
    const { spec, chain } = await trail()
    const key = chain.digests[2]!
    const moved = key.replace('_20260301T130000Z.json.gz', '_20260301T125959Z.json.gz')
    const object = chain.objects.find((o) => o.key === key)!
    await put(spec.bucket, [{ ...object, key: moved }])
    await client.send(new DeleteObjectCommand({ Bucket: spec.bucket, Key: key }))
    const { tally, lines } = await validate(spec, chain)
    expect(invalidLines(lines)).toEqual([
      `Digest file\t${s3(spec, key)}\tINVALID: not found`,
      `Digest file\t${s3(spec, moved)}\tINVALID: has been moved from its original location`,
    ])
    expect(tally).toMatchObject({ digestsValid: HOURS - 1, digestsInvalid: 2 })
  })

  it('a digest replaced by another validly signed one: previousDigestHashValue catches it (the AWS CLI does not)', async () => {
    const { spec, chain } = await trail()
    const key = chain.digests[2]!
    const document = { ...chain.documents[2]!, logFiles: [] }
    await put(spec.bucket, [signedDigestObject(key, document, signingKey).object])
    const { lines } = await validate(spec, chain)
    expect(invalidLines(lines)).toEqual([
      `Digest file\t${s3(spec, key)}\tINVALID: hash value doesn't match the previousDigestHashValue of ${s3(spec, chain.digests[3]!)}`,
    ])
  })

  it('a chain that starts afresh after hours without delivery is a gap, not a failure', async () => {
    const { spec, chain } = await trail({ hours: 3 })
    const restart = buildSignedChain({ ...spec, start: new Date(START.getTime() + 5 * 3_600_000), hours: 1 }, signingKey)
    await put(spec.bucket, restart.objects)
    const { tally, lines } = await validate(spec, chain)
    expect(invalidLines(lines)).toEqual(['No log files were delivered by CloudTrail between 2026-03-01T13:00:00Z and 2026-03-01T15:00:00Z'])
    expect(tally).toMatchObject({ digestsValid: 4, digestsInvalid: 0, gaps: 1, invalid: false })
  })

  it('an organization trail: one chain per member account, --account-id picks one', async () => {
    const a = await trail({ orgId: 'o-abc123def4', accountId: '444455556666' })
    const b = buildSignedChain({ ...a.spec, accountId: '777788889999' }, signingKey)
    await put(a.spec.bucket, b.objects)
    const all = await validate(a.spec, a.chain)
    expect(all.tally).toMatchObject({ digestsValid: 2 * HOURS, digestsInvalid: 0, gaps: 0 })
    const one = await validate(a.spec, a.chain, [signingKey], { accountId: '777788889999' })
    expect(one.tally).toMatchObject({ digestsValid: HOURS, digestsInvalid: 0 })
    expect(one.records.every((r) => r.type !== 'digest' || r.accountId === '777788889999')).toBe(true)
  })
})

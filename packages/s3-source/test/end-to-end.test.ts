import { EventIdSet, readCloudTrail } from '@cairn/normalizer'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { createS3Client, listTrailObjects, readTrailObjects, S3ListingError } from '../src/index.js'
import { type FaultProxy, startFaultProxy } from '@cairn/test-servers'
import { testS3Client } from './support/s3-clients.js'
import { expectedKeys, TRAIL_BUCKET, TRAIL_PREFIX, trailBucketObjects } from './support/trail-bucket.js'

const endpoint = inject('s3Endpoint')
const seeded = trailBucketObjects()
const seededByKey = new Map(seeded.map((object) => [object.key, object]))
const from = new Date('2024-01-29T00:00:00Z')
const to = new Date('2024-01-30T00:00:00Z')
let proxy: FaultProxy

beforeAll(async () => {
  proxy = await startFaultProxy(endpoint)
})
afterAll(() => proxy.close())
afterEach(() => vi.unstubAllEnvs())

describe('collecting a day of a trail bucket', () => {
  it('reads every event and digest of the window, through faults, with readCloudTrail', async () => {
    const client = testS3Client(proxy.endpoint, 1)
    proxy.setRules([
      { fault: 'slow-down', operation: 'list', target: /222222222222\/CloudTrail\/$/, times: 1 },
      { fault: 'internal-error', target: /_CloudTrail_eu-west-1_20240129T0610Z_/, times: 1 },
      { fault: 'truncate', target: /_CloudTrail_us-east-1_20240129T1215Z_/, times: 1 },
      { fault: 'reset', target: /_CloudTrail-Digest_eu-west-1_.*T0059/, times: 1 },
    ])
    // The client does not retry; the listing's SlowDown is retried by a client that does.
    const listingClient = testS3Client(proxy.endpoint, 3)
    const objects = listTrailObjects(listingClient, { bucket: TRAIL_BUCKET, prefix: TRAIL_PREFIX, from, to })
    const deduplicator = new EventIdSet()
    const eventIds: string[] = []
    const locations = new Set<string>()
    const digests: { key: string; metadata: Record<string, string>; digestObject?: string }[] = []
    for await (const read of readTrailObjects(client, objects)) {
      if ('error' in read) throw read.error
      const context = { partition: 'test', sourceType: 'aws_s3_bucket', sourceName: TRAIL_BUCKET }
      for await (const item of readCloudTrail(read.input, context, { deduplicator })) {
        if (item.kind === 'row') {
          eventIds.push(item.row.event_id)
          locations.add(item.row.tp_source_location ?? '')
        } else if (item.kind === 'digest') {
          digests.push({ key: read.object.key, metadata: read.metadata, digestObject: item.digest.digestS3Object })
        } else if (item.kind === 'rejected') {
          throw new Error(item.rejection.message)
        }
      }
    }
    listingClient.destroy()
    client.destroy()

    const keys = expectedKeys(seeded, { prefix: TRAIL_PREFIX, from, to })
    const expectedEvents = keys.flatMap((key) => seededByKey.get(key)!.eventIds)
    expect(eventIds.sort()).toEqual(expectedEvents.sort())
    expect(eventIds.length).toBe(7 * 4 * 2)
    expect([...locations].every((location) => location.startsWith(`s3://${TRAIL_BUCKET}/${TRAIL_PREFIX}`))).toBe(true)

    expect(digests.map((digest) => digest.key)).toEqual(keys.filter((key) => key.includes('/CloudTrail-Digest/')))
    for (const digest of digests) {
      expect(digest.digestObject).toBe(digest.key)
      expect(digest.metadata).toEqual(seededByKey.get(digest.key)!.metadata)
      expect(digest.metadata['signature-algorithm']).toBe('SHA256withRSA')
      expect(digest.metadata.signature).toMatch(/^[0-9a-z]{128}$/)
    }
    const backfills = digests.filter((digest) => digest.key.endsWith('_backfill.json.gz'))
    expect(backfills).toHaveLength(7)
    for (const digest of backfills)
      expect(digest.metadata['backfill-generation-timestamp']).toBe('2024-01-29T23:59:59Z')

    const faults = new Set(proxy.requests.map((request) => request.fault))
    expect(faults).toEqual(new Set([undefined, 'internal-error', 'reset', 'slow-down', 'truncate']))
  })

  it('works through createS3Client with --endpoint and the standard credential chain', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'S3RVER')
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'S3RVER')
    vi.stubEnv('AWS_PROFILE', '')
    const client = createS3Client({ bucket: TRAIL_BUCKET, endpoint, region: 'us-east-1' })
    const objects = listTrailObjects(client, { bucket: TRAIL_BUCKET, prefix: TRAIL_PREFIX, from, to, kinds: ['log'] })
    let reads = 0
    for await (const read of readTrailObjects(client, objects, { concurrency: 16 })) {
      if ('error' in read) throw read.error
      reads++
    }
    client.destroy()
    expect(reads).toBe(expectedKeys(seeded, { prefix: TRAIL_PREFIX, from, to, kinds: ['log'] }).length)
  })

  it('hands over the downloads in flight, then reports a listing that failed, naming its prefix', async () => {
    const client = testS3Client(proxy.endpoint, 1)
    proxy.setRules([
      { fault: 'internal-error', operation: 'list', target: /222222222222\/CloudTrail\/eu-west-1\//, times: Infinity },
    ])
    const objects = listTrailObjects(client, { bucket: TRAIL_BUCKET, prefix: TRAIL_PREFIX, from, to, kinds: ['log'] })
    const read: string[] = []
    const run = async () => {
      for await (const item of readTrailObjects(client, objects)) read.push(item.object.key)
    }
    const failure = await run().then(
      () => undefined,
      (error: unknown) => error,
    )
    client.destroy()
    expect(failure).toBeInstanceOf(S3ListingError)
    expect((failure as Error).message).toMatch(
      /^Listing s3:\/\/trail-bucket\/org-trails\/AWSLogs\/o-abc123\/222222222222\/CloudTrail\/eu-west-1\/2024\/01\/29\/ failed: InternalError \(HTTP 500\)/,
    )
    // Everything listed before the failure was read: the keys in order up to that folder.
    const all = expectedKeys(seeded, { prefix: TRAIL_PREFIX, from, to, kinds: ['log'] })
    expect(read).toEqual(
      all.filter((key) => key < `${TRAIL_PREFIX}AWSLogs/o-abc123/222222222222/CloudTrail/eu-west-1/`),
    )
    expect(read.length).toBeGreaterThan(0)
  })
})

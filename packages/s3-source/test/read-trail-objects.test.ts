import { createHash, randomBytes } from 'node:crypto'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest'
import {
  listTrailObjects,
  readTrailObjects,
  type S3ObjectRead,
  S3ObjectReadError,
  type S3TrailObject,
} from '../src/index.js'
import { apiCallRecord, gzipRecords } from './support/cloudtrail-files.js'
import { type FaultProxy, type FaultRule, startFaultProxy } from '@cairn/test-servers'
import { testS3Client } from './support/s3-clients.js'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

const BUCKET = 'download-bucket'
const FOLDER = 'AWSLogs/777777777777/CloudTrail/us-east-1/2024/05/01/'
const BIG_KEY = `${FOLDER}777777777777_CloudTrail_us-east-1_20240501T2359Z_BigBigBigBigBig0.json.gz`
const BIG_SIZE = 20 * 1024 * 1024

const endpoint = inject('s3Endpoint')
const direct = testS3Client(endpoint, 3)
let proxy: FaultProxy
let viaProxy: ReturnType<typeof testS3Client>
/** The small logs of the download bucket, by key. */
const bodies = new Map<string, Buffer>()
let bigBody: Buffer

function logKey(n: number): string {
  return `${FOLDER}777777777777_CloudTrail_us-east-1_20240501T${String(n).padStart(2, '0')}00Z_File${String(n).padStart(12, '0')}.json.gz`
}

beforeAll(async () => {
  await direct.send(new CreateBucketCommand({ Bucket: BUCKET }))
  for (let n = 0; n < 16; n++) {
    // Sizes from a few hundred bytes to about 300 KB, so that truncations fall inside real gzip streams.
    const records = Array.from({ length: 1 + n * n * 8 }, (_, i) =>
      apiCallRecord(`event-${n}-${i}`, new Date(Date.UTC(2024, 4, 1, n, 0, i % 60)), '777777777777', 'us-east-1'),
    )
    bodies.set(logKey(n), gzipRecords(records))
  }
  bigBody = randomBytes(BIG_SIZE)
  await Promise.all([
    ...[...bodies].map(([Key, Body]) => direct.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }))),
    direct.send(new PutObjectCommand({ Bucket: BUCKET, Key: BIG_KEY, Body: bigBody })),
  ])
  proxy = await startFaultProxy(endpoint)
  viaProxy = testS3Client(proxy.endpoint, 1)
})

afterAll(async () => {
  direct.destroy()
  viaProxy?.destroy()
  await proxy?.close()
})

beforeEach(() => proxy.setRules([]))

async function listed(): Promise<S3TrailObject[]> {
  const objects: S3TrailObject[] = []
  for await (const object of listTrailObjects(direct, { bucket: BUCKET })) objects.push(object)
  return objects
}

async function smallObjects(): Promise<S3TrailObject[]> {
  return (await listed()).filter((object) => object.key !== BIG_KEY)
}

async function concat(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = []
  for await (const chunk of chunks) parts.push(chunk)
  return Buffer.concat(parts)
}

async function readAll(reads: AsyncIterable<S3ObjectRead>) {
  const results: { key: string; body?: Buffer; error?: Error; metadata?: Record<string, string> }[] = []
  for await (const read of reads) {
    if ('error' in read) results.push({ key: read.object.key, error: read.error })
    else
      results.push({
        key: read.object.key,
        body: await concat(read.input.chunks),
        metadata: read.metadata,
      })
  }
  return results
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

describe('readTrailObjects', () => {
  it('yields every object, byte for byte, in listing order', async () => {
    const objects = await smallObjects()
    expect(objects).toHaveLength(16)
    const results = await readAll(readTrailObjects(viaProxy, objects, { concurrency: 4 }))
    expect(results.map((result) => result.key)).toEqual(objects.map((object) => object.key))
    for (const result of results) expect(result.body?.equals(bodies.get(result.key)!)).toBe(true)
    expect(proxy.requests.filter((request) => request.operation === 'get')).toHaveLength(16)
  })

  it('recovers from 500s, 503 SlowDown, connection resets and truncated bodies, resuming with Range and If-Match', async () => {
    const objects = await smallObjects()
    const keys = objects.map((object) => object.key)
    const rules: FaultRule[] = [
      { fault: 'internal-error', target: keys[1]!, times: 2 },
      { fault: 'slow-down', target: keys[3]!, times: 2 },
      { fault: 'reset', target: keys[5]!, times: 2 },
      { fault: 'truncate', target: keys[14]!, times: 2 },
      { fault: 'truncate-clean', target: keys[15]!, times: 1 },
      { fault: 'truncate', target: keys[9]!, times: 1, passBytes: 0 },
    ]
    proxy.setRules(rules)
    const results = await readAll(readTrailObjects(viaProxy, objects, { concurrency: 8 }))
    expect(results.map((result) => result.error)).toEqual(objects.map(() => undefined))
    for (const result of results) expect(result.body?.equals(bodies.get(result.key)!)).toBe(true)

    const getsOf = (key: string) =>
      proxy.requests.filter((request) => request.operation === 'get' && request.target === key)
    expect(getsOf(keys[1]!).map((request) => request.fault)).toEqual(['internal-error', 'internal-error', undefined])
    expect(getsOf(keys[3]!).map((request) => request.fault)).toEqual(['slow-down', 'slow-down', undefined])
    expect(getsOf(keys[5]!).map((request) => request.fault)).toEqual(['reset', 'reset', undefined])
    const size14 = bodies.get(keys[14]!)!.byteLength
    const resumed = getsOf(keys[14]!)
    expect(resumed.map((request) => request.fault)).toEqual(['truncate', 'truncate', undefined])
    expect(resumed[0]?.range).toBeUndefined()
    expect(resumed[1]?.range).toBe(`bytes=${Math.floor(size14 / 2)}-`)
    expect(resumed[2]?.range).toMatch(/^bytes=\d+-$/)
    for (const request of resumed) expect(request.ifMatch).toBe(objects[14]!.etag)
    const clean = getsOf(keys[15]!)
    expect(clean[1]?.range).toBe(`bytes=${Math.floor(bodies.get(keys[15]!)!.byteLength / 2)}-`)
  })

  it('reports an object that keeps failing as an error naming its key, and reads the others', async () => {
    const objects = await smallObjects()
    const failing = objects[6]!.key
    proxy.setRules([{ fault: 'internal-error', target: failing, times: Number.POSITIVE_INFINITY }])
    const results = await readAll(readTrailObjects(viaProxy, objects, { maxAttempts: 3 }))
    expect(results.map((result) => result.key)).toEqual(objects.map((object) => object.key))
    const failed = results.filter((result) => result.error)
    expect(failed.map((result) => result.key)).toEqual([failing])
    expect(failed[0]?.error).toBeInstanceOf(S3ObjectReadError)
    expect(failed[0]?.error?.message).toContain(`s3://${BUCKET}/${failing}`)
    expect(failed[0]?.error?.message).toMatch(/3 attempts in a row: InternalError \(HTTP 500\)/)
    expect(results.filter((result) => result.body).length).toBe(objects.length - 1)
    expect(proxy.requests.filter((request) => request.target === failing)).toHaveLength(3)
  })

  it('gives up at once on errors that retrying cannot mend', async () => {
    const [first] = await smallObjects()
    const missing: S3TrailObject = { ...first!, key: `${FOLDER}gone.json.gz` }
    const results = await readAll(readTrailObjects(viaProxy, [missing, first!]))
    expect(results[0]?.error?.message).toMatch(/gone\.json\.gz: GetObject failed: NoSuchKey \(HTTP 404\)/)
    expect(results[1]?.body?.equals(bodies.get(first!.key)!)).toBe(true)
    expect(proxy.requests.filter((request) => request.target === missing.key)).toHaveLength(1)
  })

  it('resumes a streamed object that breaks, and its chunks run on seamlessly', async () => {
    const objects = await smallObjects()
    const largest = objects.at(-1)!
    expect(largest.size).toBeGreaterThan(10_000)
    proxy.setRules([
      { fault: 'truncate', target: largest.key, times: 1, passBytes: 1_000 },
      { fault: 'truncate-clean', target: largest.key, times: 1, passBytes: 3_000 },
      { fault: 'reset', target: largest.key, times: 1 },
    ])
    const reads: S3ObjectRead[] = []
    for await (const read of readTrailObjects(viaProxy, [largest], { bufferLimitBytes: 1024 })) reads.push(read)
    const read = reads[0]!
    if ('error' in read) throw read.error
    expect((await concat(read.input.chunks)).equals(bodies.get(largest.key)!)).toBe(true)
    const ranges = proxy.requests.map((request) => request.range)
    expect(ranges[0]).toBeUndefined()
    expect(ranges.slice(1, 3)).toEqual(['bytes=1000-', 'bytes=4000-'])
  })

  it('drops the bytes it already has when a server ignores the Range of a resumed request', async () => {
    const objects = await smallObjects()
    const largest = objects.at(-1)!
    proxy.setRules([
      { fault: 'truncate', target: largest.key, times: 1, passBytes: 5_000 },
      { fault: 'ignore-range', target: largest.key, times: 1 },
    ])
    const results = await readAll(readTrailObjects(viaProxy, [largest], { bufferLimitBytes: 1024 }))
    expect(results[0]?.body?.equals(bodies.get(largest.key)!)).toBe(true)
    expect(proxy.requests.map((request) => [request.fault, request.range])).toEqual([
      ['truncate', undefined],
      ['ignore-range', 'bytes=5000-'],
    ])
  })

  it('streams a 20 MB object in bounded memory, through a cut in the middle', async () => {
    const [big] = (await listed()).filter((object) => object.key === BIG_KEY)
    expect(big?.size).toBe(BIG_SIZE)
    proxy.setRules([{ fault: 'truncate', target: BIG_KEY, times: 1, passBytes: 7 * 1024 * 1024 }])
    // Buffers' memory is given back by a sweeper running beside the collector: let it finish before measuring.
    const memory = async () => {
      gc()
      await new Promise((resolve) => setTimeout(resolve, 5))
      gc()
      const usage = process.memoryUsage()
      return usage.heapUsed + usage.arrayBuffers
    }
    const baseline = await memory()
    let peak = 0
    let bytes = 0
    let chunks = 0
    const hash = createHash('sha256')
    for await (const read of readTrailObjects(viaProxy, [big!])) {
      if ('error' in read) throw read.error
      for await (const chunk of read.input.chunks) {
        hash.update(chunk)
        bytes += chunk.byteLength
        if (++chunks % 64 === 0) peak = Math.max(peak, (await memory()) - baseline)
      }
    }
    expect(bytes).toBe(BIG_SIZE)
    expect(hash.digest('hex')).toBe(sha256(bigBody))
    expect(proxy.requests.map((request) => request.range)).toEqual([undefined, `bytes=${7 * 1024 * 1024}-`])
    // Reading it whole would take 20 MB; what is left is sockets' and streams' buffers and the collector's slack.
    expect(peak).toBeLessThan(10 * 1024 * 1024)
  })

  it('keeps up to `concurrency` downloads in flight and no more', async () => {
    const objects = await smallObjects()
    let inFlight = 0
    let most = 0
    const counting = testS3Client(proxy.endpoint, 1)
    counting.middlewareStack.add(
      (next) => async (args) => {
        most = Math.max(most, ++inFlight)
        try {
          return await next(args)
        } finally {
          inFlight--
        }
      },
      { step: 'finalizeRequest' },
    )
    await readAll(readTrailObjects(counting, objects, { concurrency: 3 }))
    counting.destroy()
    expect(most).toBe(3)
  })

  it('stops with its signal', async () => {
    const objects = await smallObjects()
    const controller = new AbortController()
    const seen: string[] = []
    const run = async () => {
      for await (const read of readTrailObjects(viaProxy, objects, { signal: controller.signal })) {
        seen.push(read.object.key)
        if (seen.length === 2) controller.abort(new Error('stop here'))
      }
    }
    await expect(run()).rejects.toThrow('stop here')
    expect(seen).toHaveLength(2)
  })
})

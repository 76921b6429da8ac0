import { createHash } from 'node:crypto'
import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGunzip, gunzipSync } from 'node:zlib'
import { GetObjectCommand, type GetObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3'
import { listTrailObjects } from '../list-trail-objects.js'
import { describeError } from '../retry-policy.js'
import type { DigestRead, LogFileRead, TrailStore } from './trail-store.js'

export interface S3TrailStoreOptions {
  bucket: string
  /** Key prefix before `AWSLogs/`. */
  prefix?: string
  /** Called before each ListObjectsV2 request. */
  onListCall?: (prefix: string) => void
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } }
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404
}

/** A trail bucket read live: digests listed by their date folders, objects fetched with GetObject. */
export class S3TrailStore implements TrailStore {
  constructor(
    private readonly client: S3Client,
    private readonly options: S3TrailStoreOptions,
  ) {}

  async *listDigests(window: { from: Date; to: Date }): AsyncIterable<{ bucket: string; key: string }> {
    const listing = listTrailObjects(this.client, {
      bucket: this.options.bucket,
      prefix: this.options.prefix,
      kinds: ['digest'],
      from: window.from,
      to: new Date(window.to.getTime() + 1),
      onListCall: this.options.onListCall,
    })
    for await (const object of listing) yield { bucket: object.bucket, key: object.key }
  }

  async readDigest(bucket: string, key: string): Promise<DigestRead> {
    let response: GetObjectCommandOutput
    let bytes: Uint8Array
    try {
      response = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
      bytes = await response.Body!.transformToByteArray()
    } catch (error) {
      if (isNotFound(error)) return { found: false }
      return { found: false, detail: `GetObject failed: ${describeError(error)}` }
    }
    const metadata = { ...(response.Metadata ?? {}) }
    let inflated: Buffer
    try {
      inflated = gunzipSync(bytes)
    } catch (error) {
      return { found: true, content: { problem: `not gzip: ${(error as Error).message}` }, metadata }
    }
    const sha256 = createHash('sha256').update(inflated).digest('hex')
    try {
      return { found: true, content: { value: JSON.parse(inflated.toString('utf8')) }, sha256, metadata }
    } catch (error) {
      return { found: true, content: { problem: `not JSON: ${(error as Error).message}` }, sha256, metadata }
    }
  }

  /** Streams the object through gunzip into SHA-256: memory stays small whatever the log file's size. */
  async hashLogFile(bucket: string, key: string): Promise<LogFileRead> {
    let response: GetObjectCommandOutput
    try {
      response = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
    } catch (error) {
      if (isNotFound(error)) return { found: false }
      return { found: false, detail: `GetObject failed: ${describeError(error)}` }
    }
    const hash = createHash('sha256')
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        hash.update(chunk)
        done()
      },
    })
    const body = response.Body as Readable | undefined
    if (!body) return { found: true, problem: 'empty response body' }
    try {
      await pipeline(body instanceof Readable ? body : Readable.from(body as AsyncIterable<Uint8Array>), createGunzip(), sink)
    } catch (error) {
      return { found: true, problem: `not gzip: ${describeError(error)}` }
    }
    return { found: true, sha256: hash.digest('hex') }
  }
}

import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import { createS3Client } from '../create-s3-client.js'
import { backoff, describeError, isRetryable } from '../retry-policy.js'
import { normalizePrefix, type S3BucketAccess, validateS3SourceConfig } from '../s3-source-config.js'

/** Where a lake lives in S3 (`aws_cloudtrail_log/...` keys go below `prefix`), and how to reach it. */
export interface S3LakeConfig extends S3BucketAccess {
  /** Keys per ListObjectsV2 page (S3's maximum and default: 1000). */
  listPageSize?: number
}

/** A file of the lake by its path below the lake root (`/`-separated), as the lake readers of @cairn/query take it. */
export interface S3LakeFile {
  path: string
  size: number
}

/** Attempts of a read in all: the SDK retries a request until its headers arrive, a body that breaks is ours. */
const READ_ATTEMPTS = 4

/**
 * The Cairn lake in an S3 bucket below a prefix: the store interface of @cairn/query (`LakeWriteStore`, with ranged
 * reads), met structurally so this package does not depend on the query engine. Directory listings are
 * ListObjectsV2 with delimiter `/`, paged; reads are GetObject, ranged ones with `Range`; writes are PutObject,
 * atomic by nature (an object appears whole or not at all, so a killed collect leaves no partial file); deletes are
 * DeleteObject.
 */
export class S3LakeStore {
  readonly bucket: string
  readonly prefix: string
  private readonly listPageSize: number | undefined

  constructor(
    config: S3LakeConfig,
    readonly client: S3Client = createS3Client(config),
  ) {
    validateS3SourceConfig({ bucket: config.bucket, endpoint: config.endpoint })
    this.bucket = config.bucket
    this.prefix = normalizePrefix(config.prefix)
    this.listPageSize = config.listPageSize
  }

  /** `s3://bucket/prefix/` */
  get url(): string {
    return `s3://${this.bucket}/${this.prefix}`
  }

  async listDirectory(path: string): Promise<{ directories: string[]; files: S3LakeFile[] }> {
    const folder = path ? `${this.key(path)}/` : this.prefix
    const directories: string[] = []
    const files: S3LakeFile[] = []
    let token: string | undefined
    do {
      const page: ListObjectsV2CommandOutput = await this.request(`list s3://${this.bucket}/${folder}`, 1, () =>
        this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: folder,
            Delimiter: '/',
            ContinuationToken: token,
            MaxKeys: this.listPageSize,
          }),
        ),
      )
      for (const common of page.CommonPrefixes ?? []) {
        if (common.Prefix) directories.push(common.Prefix.slice(this.prefix.length, -1))
      }
      for (const object of page.Contents ?? []) {
        // a "folder" placeholder object some tools create is not a file
        if (object.Key && !object.Key.endsWith('/')) files.push({ path: object.Key.slice(this.prefix.length), size: object.Size ?? 0 })
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined
    } while (token)
    return { directories, files }
  }

  async readFile(path: string): Promise<ArrayBuffer> {
    return this.get(path)
  }

  /** Bytes `[start, end)` of the object; a server that ignores `Range` (sending all of it) is sliced here. */
  async readRange(path: string, start: number, end: number): Promise<ArrayBuffer> {
    if (end <= start) return new ArrayBuffer(0)
    const bytes = await this.get(path, `bytes=${start}-${end - 1}`)
    if (bytes.byteLength === end - start) return bytes
    if (bytes.byteLength >= end) return bytes.slice(start, end)
    throw new Error(`${this.location(path)}: asked for bytes ${start}-${end - 1}, got ${bytes.byteLength} bytes`)
  }

  async writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
    await this.request(`put ${this.location(path)}`, 1, () =>
      this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.key(path), Body: bytes, ContentLength: bytes.byteLength })),
    )
  }

  async deleteFile(path: string): Promise<void> {
    await this.request(`delete ${this.location(path)}`, 1, () =>
      this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.key(path) })),
    )
  }

  /** Closes the client's sockets. */
  destroy(): void {
    this.client.destroy()
  }

  private key(path: string): string {
    return `${this.prefix}${path}`
  }

  private location(path: string): string {
    return `s3://${this.bucket}/${this.key(path)}`
  }

  private async get(path: string, range?: string): Promise<ArrayBuffer> {
    return this.request(`get ${this.location(path)}${range ? ` (${range})` : ''}`, READ_ATTEMPTS, async () => {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(path), Range: range }))
      if (!response.Body) throw new Error('GetObject returned no body')
      const bytes = await response.Body.transformToByteArray()
      // the SDK collects the body into an array of its own: copy it only if it is a view into a larger buffer
      const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      return (whole ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) as ArrayBuffer
    })
  }

  /** A request (with the SDK's retries), tried `attempts` times while it fails retryably; errors name the key. */
  private async request<T>(what: string, attempts: number, send: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send()
      } catch (error) {
        if (attempt >= attempts || !isRetryable(error)) {
          throw new Error(`${what}: ${describeError(error)}`, { cause: error })
        }
        await backoff(attempt, error, undefined)
      }
    }
  }
}

/** Makes an `S3LakeStore`: the factory a worker thread loads by name (see @cairn/query's `LakeStoreModule`). */
export function createS3LakeStore(config: S3LakeConfig): S3LakeStore {
  return new S3LakeStore(config)
}

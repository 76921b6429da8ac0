import { GetObjectCommand, type GetObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3'
import { backoff, describeError, isAbort, isRetryable } from './retry-policy.js'
import { type S3TrailObject, s3Location } from './trail-object.js'

/** A download that failed for good; names the object and what went wrong. */
export class S3ObjectReadError extends Error {
  override readonly name = 'S3ObjectReadError'
  constructor(
    readonly bucket: string,
    readonly key: string,
    readonly attempts: number,
    detail: string,
    cause: unknown,
  ) {
    super(`${s3Location(bucket, key)}: ${detail}`, { cause })
  }
}

/** A body that ended, without an error, before the bytes its response announced. */
class TruncatedBodyError extends Error {
  override readonly name = 'TruncatedBodyError'
}

/** The failures that retrying cannot mend, whatever the transport says. */
class PermanentBodyError extends Error {
  override readonly name = 'PermanentBodyError'
}

export interface ObjectDownloadOptions {
  /** Attempts in a row that may fail without a byte of progress. */
  maxAttempts: number
  signal: AbortSignal
}

type Body = AsyncIterable<Uint8Array> & { destroy?: (error?: Error) => void }

/**
 * GetObject of one listed object whose body survives failures. The SDK retries a request until its headers arrive;
 * a body that breaks or ends short is this class's business: it asks again for the bytes still missing with
 * `Range: bytes=<received>-`, pinned to the listed ETag with `If-Match`, so the chunks it yields run on seamlessly.
 */
export class ObjectDownload {
  /** The object's S3 user metadata, once `open()` resolved. */
  metadata: Record<string, string> = {}
  private received = 0
  private expectedSize: number | undefined
  private body: Body | undefined
  /** Bytes to drop from the current body: a server that ignored the Range header sent the object from its start. */
  private skip = 0
  private failures = 0
  private receivedAtLastFailure = -1
  private attempts = 0
  private finished = false

  constructor(
    private readonly client: S3Client,
    private readonly object: S3TrailObject,
    private readonly options: ObjectDownloadOptions,
  ) {}

  /** Sends GetObject, retrying, until a response's headers (and metadata) arrive. */
  async open(): Promise<void> {
    while (!this.body) {
      try {
        await this.request()
      } catch (error) {
        await this.recordFailure(error)
      }
    }
  }

  /** The object's bytes from the first, in order; throws an S3ObjectReadError once retries are spent. */
  async *chunks(): AsyncGenerator<Uint8Array, void, undefined> {
    if (this.finished) throw new Error(`${this.location()} was already read`)
    try {
      for (;;) {
        await this.open()
        const body = this.body!
        try {
          for await (const chunk of body) {
            this.options.signal.throwIfAborted()
            const fresh = this.dropSkipped(chunk)
            if (fresh.byteLength === 0) continue
            this.received += fresh.byteLength
            if (this.expectedSize !== undefined && this.received > this.expectedSize) {
              throw new PermanentBodyError(`body is longer than the ${this.expectedSize} bytes announced`)
            }
            yield fresh
          }
          this.body = undefined
          if (this.expectedSize === undefined || this.received === this.expectedSize) return
          throw new TruncatedBodyError(`body ended after ${this.received} of ${this.expectedSize} bytes`)
        } catch (error) {
          this.discardBody()
          // Every announced byte arrived before the connection failed: asking for more would only get a 416.
          const complete = this.expectedSize !== undefined && this.received === this.expectedSize
          if (complete && !(error instanceof PermanentBodyError) && !isAbort(error, this.options.signal)) return
          await this.recordFailure(error)
        }
      }
    } finally {
      this.finished = true
      this.discardBody()
    }
  }

  /** Stops the download in progress, if any. */
  close(): void {
    this.finished = true
    this.discardBody()
  }

  private location(): string {
    return s3Location(this.object.bucket, this.object.key)
  }

  private async request(): Promise<void> {
    const { bucket, key, etag } = this.object
    this.attempts++
    const response = await this.client.send(
      new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        ...(etag ? { IfMatch: etag } : {}),
        ...(this.received > 0 ? { Range: `bytes=${this.received}-` } : {}),
      }),
      { abortSignal: this.options.signal },
    )
    const body = response.Body as Body | undefined
    if (!body || typeof body[Symbol.asyncIterator] !== 'function') {
      throw new PermanentBodyError('GetObject returned no readable body')
    }
    try {
      this.acceptResponse(response)
    } catch (error) {
      body.destroy?.()
      throw error
    }
    this.body = body
  }

  private acceptResponse(response: GetObjectCommandOutput): void {
    if (etagOf(response.ETag) && etagOf(this.object.etag) && etagOf(response.ETag) !== etagOf(this.object.etag)) {
      throw new PermanentBodyError(
        `object changed since it was listed (ETag ${response.ETag}, listed ${this.object.etag})`,
      )
    }
    const range = parseContentRange(response.ContentRange)
    if (this.received === 0 && this.expectedSize === undefined) {
      this.metadata = { ...(response.Metadata ?? {}) }
      this.expectedSize = range?.total ?? response.ContentLength ?? (this.object.size || undefined)
    }
    if (range?.total !== undefined && this.expectedSize !== undefined && range.total !== this.expectedSize) {
      throw new PermanentBodyError(`object size changed from ${this.expectedSize} to ${range.total} bytes`)
    }
    if (this.received === 0) {
      this.skip = 0
    } else if (range) {
      if (range.start !== this.received) {
        throw new PermanentBodyError(`asked for bytes from ${this.received}, got a range from ${range.start}`)
      }
      this.skip = 0
    } else {
      this.skip = this.received
    }
  }

  private dropSkipped(chunk: Uint8Array): Uint8Array {
    if (this.skip === 0) return chunk
    const dropped = Math.min(this.skip, chunk.byteLength)
    this.skip -= dropped
    return chunk.subarray(dropped)
  }

  private discardBody(): void {
    const body = this.body
    this.body = undefined
    body?.destroy?.()
  }

  /** Waits before the next attempt, or throws the final error when this failure may not be retried. */
  private async recordFailure(error: unknown): Promise<void> {
    const { signal, maxAttempts } = this.options
    if (isAbort(error, signal)) throw signal.aborted ? signal.reason : error
    // Progress since the last failure starts the count afresh: a long body may break more than maxAttempts times.
    this.failures = this.received > this.receivedAtLastFailure ? 1 : this.failures + 1
    this.receivedAtLastFailure = this.received
    const where = this.received > 0 ? ` after ${this.received} bytes` : ''
    if (error instanceof PermanentBodyError || !isRetryable(error)) {
      throw new S3ObjectReadError(
        this.object.bucket,
        this.object.key,
        this.attempts,
        `GetObject failed${where}: ${describeError(error)}`,
        error,
      )
    }
    if (this.failures >= maxAttempts) {
      throw new S3ObjectReadError(
        this.object.bucket,
        this.object.key,
        this.attempts,
        `GetObject failed${where}, ${this.failures} attempts in a row: ${describeError(error)}`,
        error,
      )
    }
    await backoff(this.failures, error, signal)
  }
}

function etagOf(etag: string | undefined): string | undefined {
  return etag?.replace(/^W\//, '').replace(/"/g, '') || undefined
}

function parseContentRange(header: string | undefined): { start: number; total?: number } | undefined {
  const match = header?.match(/^bytes (\d+)-\d+\/(\d+|\*)$/)
  if (!match) return undefined
  return { start: Number(match[1]), ...(match[2] !== '*' ? { total: Number(match[2]) } : {}) }
}

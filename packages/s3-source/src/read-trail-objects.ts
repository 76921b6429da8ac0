import type { S3Client } from '@aws-sdk/client-s3'
import type { CloudTrailInput } from '@cairn/normalizer'
import { ObjectDownload } from './object-download.js'
import { type S3TrailObject, s3Location } from './trail-object.js'

export interface ReadTrailObjectsOptions {
  /** Objects downloaded at once (default 8). */
  concurrency?: number
  /** Attempts in a row without progress before an object is given up (default 5), on top of the SDK's own retries. */
  maxAttempts?: number
  /** Objects up to this size are downloaded whole before they are handed over; larger ones are streamed (default 8 MiB). */
  bufferLimitBytes?: number
  signal?: AbortSignal
}

/** An object's bytes for `readCloudTrail`: location `s3://bucket/key`. */
export interface S3TrailInput extends CloudTrailInput {
  chunks: AsyncIterable<Uint8Array>
}

export type S3ObjectRead =
  | {
      object: S3TrailObject
      input: S3TrailInput
      /** S3 user metadata (`x-amz-meta-*` without the prefix): a digest's signature, signature-algorithm, … */
      metadata: Record<string, string>
    }
  | { object: S3TrailObject; error: Error }

export const DEFAULT_CONCURRENCY = 8
export const DEFAULT_MAX_ATTEMPTS = 5
export const DEFAULT_BUFFER_LIMIT_BYTES = 8 * 1024 * 1024

/**
 * Downloads the objects, up to `concurrency` at once, and yields them in the order they were given. An object that
 * fails for good becomes an `{ object, error }` item and the others go on. Objects up to `bufferLimitBytes` are
 * read whole first; a larger one is yielded once its response arrived and its chunks stream from S3 as they are
 * read (if such a stream fails for good after retries, iterating its chunks throws an S3ObjectReadError).
 * Stopping early (break, abort) cancels what is in flight, streamed bodies handed over included.
 */
export async function* readTrailObjects(
  client: S3Client,
  objects: AsyncIterable<S3TrailObject> | Iterable<S3TrailObject>,
  options: ReadTrailObjectsOptions = {},
): AsyncGenerator<S3ObjectRead, void, undefined> {
  const concurrency = positiveInteger('concurrency', options.concurrency ?? DEFAULT_CONCURRENCY)
  const maxAttempts = positiveInteger('maxAttempts', options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)
  const bufferLimitBytes = options.bufferLimitBytes ?? DEFAULT_BUFFER_LIMIT_BYTES
  const stop = new AbortController()
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal

  const start = (object: S3TrailObject): Promise<S3ObjectRead> => {
    const download = new ObjectDownload(client, object, { maxAttempts, signal })
    return object.size <= bufferLimitBytes ? readWhole(download, object) : openStream(download, object)
  }

  const listing = toAsyncIterator(objects)
  const inFlight: Promise<S3ObjectRead>[] = []
  let nextObject: Promise<ListingStep> | undefined
  let listingDone = false
  let listingError: unknown
  let completed = false
  try {
    for (;;) {
      while (!listingDone && inFlight.length < concurrency) {
        nextObject ??= Promise.resolve()
          .then(() => listing.next())
          .then(
            (result): ListingStep => ({ result }),
            (error: unknown): ListingStep => ({ error }),
          )
        // A download that is done is not held back by a slow listing.
        const head = inFlight[0]
        if (head && (await Promise.race([nextObject.then(() => false), head.then(() => true)]))) break
        const step = await nextObject
        nextObject = undefined
        if ('error' in step) {
          listingDone = true
          listingError = step.error
        } else if (step.result.done) {
          listingDone = true
        } else {
          inFlight.push(start(step.result.value))
        }
      }
      const head = inFlight.shift()
      if (!head) break
      const read = await head
      signal.throwIfAborted()
      yield read
    }
    // Downloads already in flight are handed over before a listing failure is reported.
    if (listingError !== undefined) throw listingError
    completed = true
  } finally {
    if (!completed) {
      stop.abort(options.signal?.reason ?? new Error('readTrailObjects stopped'))
      if (!listingDone) {
        try {
          await listing.return?.()
        } catch {
          // The listing's own failure does not matter to a consumer that stopped.
        }
      }
    }
  }
}

type ListingStep = { result: IteratorResult<S3TrailObject> } | { error: unknown }

async function readWhole(download: ObjectDownload, object: S3TrailObject): Promise<S3ObjectRead> {
  try {
    const parts: Uint8Array[] = []
    for await (const chunk of download.chunks()) parts.push(chunk)
    return {
      object,
      input: { location: s3Location(object.bucket, object.key), chunks: replay(parts) },
      metadata: download.metadata,
    }
  } catch (error) {
    return { object, error: asError(error) }
  }
}

async function openStream(download: ObjectDownload, object: S3TrailObject): Promise<S3ObjectRead> {
  try {
    await download.open()
    return {
      object,
      input: { location: s3Location(object.bucket, object.key), chunks: download.chunks() },
      metadata: download.metadata,
    }
  } catch (error) {
    download.close()
    return { object, error: asError(error) }
  }
}

async function* replay(parts: Uint8Array[]): AsyncGenerator<Uint8Array, void, undefined> {
  yield* parts
}

function toAsyncIterator<T>(items: AsyncIterable<T> | Iterable<T>): AsyncIterator<T> | Iterator<T> {
  return Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : items[Symbol.iterator]()
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error))
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number, got ${value}`)
  return value
}

import { type _Object, type CommonPrefix, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3'
import type { TimeWindow } from '@cairn/layout-matcher'
import { describeError, isAbort } from './retry-policy.js'
import { normalizePrefix } from './s3-source-config.js'
import { compileTrailLayouts, type TrailLayouts } from './trail-layouts.js'
import { type S3TrailObject, s3Location, type TrailObjectKind } from './trail-object.js'

export interface ListTrailObjectsOptions {
  bucket: string
  /** Key prefix before `AWSLogs/`, with or without a trailing `/`. */
  prefix?: string
  /** Grok layout of log keys (see @cairn/layout-matcher); default: CloudTrail's, org trails included. */
  fileLayout?: string
  /** Keep objects whose key's date span ends after this. */
  from?: Date
  /** Keep objects whose key's date span starts before this. */
  to?: Date
  /** The kinds to list; default all three. */
  kinds?: readonly TrailObjectKind[]
  /**
   * Asked before a folder below the bucket prefix is listed, with the layout fields the folder fixes (one record
   * per layout that can match below it, e.g. `{ org_id, account_id }` for an account folder): when it answers false
   * for every record, the folder is neither listed nor walked. Objects in listed folders are not filtered by it.
   */
  keepFolder?: (fields: Readonly<Record<string, string>>, folder: string) => boolean
  /** Called before each ListObjectsV2 request (each page) with the prefix listed. */
  onListCall?: (prefix: string) => void
  signal?: AbortSignal
}

/** A ListObjectsV2 request that failed (after the SDK's retries); names the prefix being listed. */
export class S3ListingError extends Error {
  override readonly name = 'S3ListingError'
  constructor(
    readonly bucket: string,
    readonly prefix: string,
    cause: unknown,
  ) {
    super(`Listing ${s3Location(bucket, prefix)} failed: ${describeError(cause)}`, { cause })
  }
}

/**
 * The objects of a trail bucket whose keys match the log, Insights or digest layout and whose date folders overlap
 * [from, to), in key order. Walks one folder level at a time with a `/` delimiter, entering only folders below which
 * a wanted key can lie, and jumping straight to the window's date folders instead of listing years of them. Pages
 * are streamed: memory holds one page per folder level, whatever the bucket's size.
 */
export async function* listTrailObjects(
  client: S3Client,
  options: ListTrailObjectsOptions,
): AsyncGenerator<S3TrailObject, void, undefined> {
  const root = normalizePrefix(options.prefix)
  const layouts = compileTrailLayouts({ prefix: root, fileLayout: options.fileLayout, kinds: options.kinds })
  const window: TimeWindow | undefined = options.from || options.to ? { from: options.from, to: options.to } : undefined
  if (!layouts.canMatchBelow(root, window)) return
  yield* walkFolder({ client, options, layouts, window }, root)
}

interface Walk {
  client: S3Client
  options: ListTrailObjectsOptions
  layouts: TrailLayouts
  window: TimeWindow | undefined
}

async function* walkFolder(walk: Walk, folder: string): AsyncGenerator<S3TrailObject, void, undefined> {
  const keepFolder = walk.options.keepFolder
  if (keepFolder && !walk.layouts.fieldsFixedBy(folder, walk.window).some((fields) => keepFolder(fields, folder))) return
  const { from, to } = walk.window ?? {}
  const dateFolders = from && to ? walk.layouts.timeWindowFolders(folder, { from, to }) : undefined
  if (dateFolders) {
    for (const dateFolder of dateFolders) yield* walkFolder(walk, dateFolder)
    return
  }
  let continuationToken: string | undefined
  do {
    const page = await listPage(walk, folder, continuationToken)
    for (const entry of inKeyOrder(page.Contents ?? [], page.CommonPrefixes ?? [])) {
      if (typeof entry === 'string') {
        if (walk.layouts.canMatchBelow(entry, walk.window)) yield* walkFolder(walk, entry)
        continue
      }
      const object = toTrailObject(walk, entry)
      if (!object) continue
      walk.options.signal?.throwIfAborted()
      yield object
    }
    continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined
  } while (continuationToken)
}

async function listPage(walk: Walk, folder: string, continuationToken: string | undefined) {
  const { client, options } = walk
  options.signal?.throwIfAborted()
  options.onListCall?.(folder)
  try {
    return await client.send(
      new ListObjectsV2Command({
        Bucket: options.bucket,
        Prefix: folder,
        Delimiter: '/',
        ContinuationToken: continuationToken,
      }),
      { abortSignal: options.signal },
    )
  } catch (error) {
    if (isAbort(error, options.signal)) throw error
    throw new S3ListingError(options.bucket, folder, error)
  }
}

/** A page's objects and sub-folders merged in key order (S3 sorts each list, not both together). */
function* inKeyOrder(contents: _Object[], commonPrefixes: CommonPrefix[]): Generator<_Object | string> {
  let prefixIndex = 0
  for (const object of contents) {
    const key = object.Key ?? ''
    while (prefixIndex < commonPrefixes.length && (commonPrefixes[prefixIndex]?.Prefix ?? '') < key) {
      const prefix = commonPrefixes[prefixIndex++]?.Prefix
      if (prefix) yield prefix
    }
    yield object
  }
  while (prefixIndex < commonPrefixes.length) {
    const prefix = commonPrefixes[prefixIndex++]?.Prefix
    if (prefix) yield prefix
  }
}

function toTrailObject(walk: Walk, object: _Object): S3TrailObject | undefined {
  const key = object.Key
  if (!key || key.endsWith('/')) return undefined
  const match = walk.layouts.match(key, walk.window)
  if (!match) return undefined
  return {
    bucket: walk.options.bucket,
    key,
    size: object.Size ?? 0,
    etag: object.ETag ?? '',
    lastModified: object.LastModified ?? new Date(0),
    kind: match.kind,
    fields: match.fields,
    ...(match.time ? { time: { start: match.time.start, end: match.time.end } } : {}),
  }
}

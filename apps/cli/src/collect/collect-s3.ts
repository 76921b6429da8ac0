import { compileLayout, DEFAULT_LAYOUT } from '@cairn/layout-matcher'
import {
  createS3Client,
  describeS3Source,
  listTrailObjects,
  normalizePrefix,
  readTrailObjects,
  type S3SourceConfig,
  type S3TrailObject,
  validateS3SourceConfig,
} from '@cairn/s3-source'
import { type TakenObject, TakenObjects } from '../state/taken-objects.js'
import { Checkpoints } from './checkpoints.js'
import { ShardFilter, shardLabel } from './collect-shard.js'
import { CollectRun, type CollectRunOptions, type CollectSummary, deleteWindowRows } from './collect-run.js'

export interface CollectS3Options extends CollectRunOptions, S3SourceConfig {
  /** Deletes the window's rows and takes its objects again. */
  overwrite?: boolean
}

/** Rows are made durable and the objects they came from recorded this often. */
const CHECKPOINT_MS = 15_000
const CHECKPOINT_OBJECTS = 5_000

const DAY_MS = 86_400_000

const version = (object: S3TrailObject) => object.etag

/** The lake folder an object's events mostly go to, from its key. */
function folderOf(object: S3TrailObject): { index: string; day: string } | undefined {
  const { account_id, year, month, day } = object.fields
  if (!account_id || !year || !month || !day) return undefined
  return { index: account_id, day: `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}` }
}

/**
 * Collects a trail bucket: lists only the folders the layout and window can match, skips objects this partition
 * has already taken (same key and ETag), downloads the rest with bounded concurrency and retries, and records an
 * object as taken once its rows are on disk. An object that cannot be read is reported and tried again next run.
 */
export async function collectS3(options: CollectS3Options): Promise<CollectSummary> {
  validateS3SourceConfig(options)
  const client = createS3Client(options)
  const source = describeS3Source(options)
  const identity = JSON.stringify([options.bucket, normalizePrefix(options.prefix), options.fileLayout ?? DEFAULT_LAYOUT])
  const shard = options.shard && new ShardFilter(options.shard)
  const label = options.shard && shardLabel(options.shard)
  const taken = await TakenObjects.open(TakenObjects.pathFor(options.dataDir, options.partition, 's3', identity, label))
  const run = await CollectRun.start(options)
  const objects = { listed: 0, alreadyTaken: 0, failed: 0, listCalls: 0 }
  run.summary.source = { type: 'aws_s3_bucket', name: source, objects }
  try {
    if (options.overwrite) await forgetWindow(options, taken)
    // CloudTrail files an event under the day it delivers it, up to ~15 minutes later: the day after --to is listed
    // too, and events are cut to the window exactly when read
    const listTo = options.to ? new Date(options.to.getTime() + DAY_MS) : undefined
    const wanted = async function* () {
      const listing = listTrailObjects(client, {
        ...options,
        to: listTo,
        onListCall: () => objects.listCalls++,
        // another shard's accounts are not listed, and their objects in a listed folder not downloaded
        keepFolder: shard && ((fields, folder) => shard.lists(fields, folder)),
      })
      for await (const object of listing) {
        objects.listed++
        if (shard && !shard.takes(object.fields.account_id)) continue
        if (!options.overwrite && taken.has({ key: object.key, version: version(object) })) objects.alreadyTaken++
        else yield object
      }
    }
    const checkpoints = new Checkpoints<TakenObject>(run, (durable) => taken.add(durable), {
      items: CHECKPOINT_OBJECTS,
      ms: CHECKPOINT_MS,
    })
    for await (const item of readTrailObjects(client, wanted(), { concurrency: options.concurrency })) {
      const location = `s3://${item.object.bucket}/${item.object.key}`
      if ('error' in item) {
        objects.failed++
        run.reject({ location, reason: 'unreadable-input', message: `${item.error.message} (tried again next run)` })
        continue
      }
      const object = { key: item.object.key, version: version(item.object) }
      const ok = await run.submit(
        {
          location,
          chunks: item.input.chunks,
          context: run.context('aws_s3_bucket', source, item.object.key),
          folder: folderOf(item.object),
          hash: true,
        },
        item.object.size,
        {
          digestMetadata: item.object.kind === 'digest' ? item.metadata : undefined,
          onRead: () => checkpoints.read(object),
        },
      )
      if (!ok) objects.failed++
      checkpoints.tick()
    }
    await checkpoints.idle()
    if (shard) run.summary.shard = shard.summary()
    const summary = await run.finish()
    await checkpoints.recordRest()
    return summary
  } catch (error) {
    await run.abort()
    throw error
  } finally {
    client.destroy()
  }
}

/**
 * For --overwrite: first forget the window's objects (so a collect killed from here on takes them again), then
 * delete the window's rows of the partition; the run then takes every object of the window.
 */
async function forgetWindow(options: CollectS3Options, taken: TakenObjects): Promise<void> {
  const layout = compileLayout(options.fileLayout ?? DEFAULT_LAYOUT, { prefix: normalizePrefix(options.prefix) })
  const from = options.from?.getTime() ?? Number.NEGATIVE_INFINITY
  const to = options.to?.getTime() ?? Number.POSITIVE_INFINITY
  await taken.forget((key) => {
    const time = layout.match(key)?.time
    return !time || (time.end.getTime() > from && time.start.getTime() < to)
  })
  await deleteWindowRows(options)
}

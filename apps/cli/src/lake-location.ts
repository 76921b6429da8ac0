import { join } from 'node:path'
import type { LakeSession, LakeWriteStore } from '@cairn/query'
import { FsLakeStore, type LakeStoreModule, openLake } from '@cairn/query/node'
import { isS3Url, parseS3Url, type S3LakeConfig, S3LakeStore } from '@cairn/s3-source'
import { resolveDataDir } from './data-dir.js'

/** How to reach a lake given as `s3://bucket/prefix` (the flags the S3 source takes too). */
export interface S3LakeFlags {
  region?: string
  profile?: string
  endpoint?: string
  forcePathStyle?: boolean
}

/** Where a lake lives: a local data dir, or a bucket and prefix. */
export type LakeLocation = { kind: 'local'; dataDir: string } | ({ kind: 's3' } & S3LakeConfig)

export function s3LakeLocation(url: string, flags: S3LakeFlags): LakeLocation {
  const { bucket, prefix } = parseS3Url(url)
  return {
    kind: 's3',
    bucket,
    prefix,
    region: flags.region,
    profile: flags.profile,
    endpoint: flags.endpoint,
    forcePathStyle: flags.forcePathStyle,
  }
}

/** The lake a reading command opens: `--data-dir`, else `$CAIRN_DATA_DIR`, else `~/.cairn/data`; `s3://…` for S3. */
export function lakeLocationOf(dataDirFlag: string | undefined, flags: S3LakeFlags): LakeLocation {
  const given = dataDirFlag ?? process.env.CAIRN_DATA_DIR
  if (given !== undefined && isS3Url(given)) return s3LakeLocation(given, flags)
  return { kind: 'local', dataDir: resolveDataDir(dataDirFlag) }
}

export function describeLake(location: LakeLocation): string {
  return location.kind === 'local' ? location.dataDir : `s3://${location.bucket}/${location.prefix ?? ''}`
}

/** The lake's store. An S3 store holds a client: `closeLakeStore` it when done. */
export function lakeStoreOf(location: LakeLocation): LakeWriteStore {
  if (location.kind === 'local') return new FsLakeStore(location.dataDir)
  const { kind: _, ...config } = location
  // S3LakeStore meets LakeWriteStore structurally (@cairn/s3-source does not depend on @cairn/query): checked here
  const store: LakeWriteStore = new S3LakeStore(config)
  return store
}

export function closeLakeStore(store: LakeWriteStore): void {
  if (store instanceof S3LakeStore) store.destroy()
}

/** A query session over the lake (ranged reads on S3: footers and the column chunks a query needs). */
export async function openLakeAt(location: LakeLocation): Promise<LakeSession> {
  return openLake(lakeStoreOf(location))
}

/** How collect's worker threads make the lake's store, when it is not the local data dir. */
export function workerLakeStore(location: LakeLocation): LakeStoreModule | undefined {
  if (location.kind === 'local') return undefined
  const { kind: _, ...options } = location
  return { module: import.meta.resolve('@cairn/s3-source'), factory: 'createS3LakeStore', options }
}

/**
 * Where collect keeps its state (what sources it has taken, rejected inputs, digests, hashes, its lock) for a lake:
 * the data dir itself for a local lake, `<data-dir>/s3-lakes/<bucket>/<prefix>` for one in S3, so that what was
 * taken into one lake is never mistaken for being in another.
 */
export function collectStateDir(location: LakeLocation, dataDirFlag: string | undefined): string {
  if (location.kind === 'local') return location.dataDir
  return join(resolveDataDir(dataDirFlag), 's3-lakes', location.bucket, ...(location.prefix ?? '').split('/').filter(Boolean))
}

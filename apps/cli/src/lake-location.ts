import { join } from 'node:path'
import type { S3LakeConfig } from '@cairn/s3-source'
import { isS3Url, parseS3Url } from '@cairn/s3-source/url'
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

/**
 * Where collect keeps its state (what sources it has taken, rejected inputs, digests, hashes, its lock) for a lake:
 * the data dir itself for a local lake, `<data-dir>/s3-lakes/<bucket>/<prefix>` for one in S3, so that what was
 * taken into one lake is never mistaken for being in another.
 */
export function collectStateDir(location: LakeLocation, dataDirFlag: string | undefined): string {
  if (location.kind === 'local') return location.dataDir
  return join(resolveDataDir(dataDirFlag), 's3-lakes', location.bucket, ...(location.prefix ?? '').split('/').filter(Boolean))
}

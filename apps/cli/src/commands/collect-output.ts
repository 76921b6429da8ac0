import { InvalidArgumentError } from 'commander'
import { isS3Url, parseS3Url } from '@cairn/s3-source/url'
import { resolveDataDir } from '../data-dir.js'
import { collectStateDir, type LakeLocation, type S3LakeFlags, s3LakeLocation } from '../lake-location.js'

/** What collect's `--output` says: the summary's format and, given an `s3://` URL, where the lake goes. */
export interface CollectOutput {
  format: 'text' | 'json'
  /** `s3://bucket/prefix`: the Parquet lake is written there instead of the data dir. */
  lake?: string
}

export const DEFAULT_COLLECT_OUTPUT: CollectOutput = { format: 'text' }

/** `--output text|json|s3://bucket/prefix`, repeatable so that both can be given. */
export function parseCollectOutput(value: string, previous: CollectOutput = DEFAULT_COLLECT_OUTPUT): CollectOutput {
  if (value === 'text' || value === 'json') return { ...previous, format: value }
  if (isS3Url(value)) {
    try {
      parseS3Url(value)
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message)
    }
    return { ...previous, lake: value }
  }
  throw new InvalidArgumentError(`'${value}' is neither a summary format (text, json) nor an s3://bucket/prefix URL`)
}

/**
 * Where a collect writes the lake and keeps its state: the local data dir for both, or, with `--output s3://…`,
 * the lake in S3 and the state in the local data dir (see `collectStateDir`).
 */
export function collectDestination(
  lakeUrl: string | undefined,
  dataDirFlag: string | undefined,
  flags: S3LakeFlags,
): { lake?: LakeLocation; stateDir: string } {
  const given = dataDirFlag ?? process.env.CAIRN_DATA_DIR
  if (given !== undefined && isS3Url(given)) {
    throw new Error(
      `collect writes a lake to S3 with --output ${given}; its --data-dir (or $CAIRN_DATA_DIR) is the local dir for collect's state, not an s3:// URL`,
    )
  }
  if (!lakeUrl) return { stateDir: resolveDataDir(dataDirFlag) }
  const lake = s3LakeLocation(lakeUrl, flags)
  return { lake, stateDir: collectStateDir(lake, dataDirFlag) }
}

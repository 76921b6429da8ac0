/** A bucket, a key prefix in it, and how to reach it. Credentials come from the standard AWS chain, never from here. */
export interface S3BucketAccess {
  bucket: string
  /** Key prefix (of the trail: before `AWSLogs/`; of a lake: its root), with or without a trailing `/`. */
  prefix?: string
  region?: string
  /** A named profile of the shared AWS config files. */
  profile?: string
  /** An S3-compatible endpoint, e.g. `http://127.0.0.1:4568` for a local server. */
  endpoint?: string
  forcePathStyle?: boolean
}

/** Where and how to read a CloudTrail trail bucket. */
export interface S3SourceConfig extends S3BucketAccess {
  /** Grok file layout (see @cairn/layout-matcher); default: the CloudTrail S3 delivery layout, org trails included. */
  fileLayout?: string
  from?: Date
  to?: Date
  /** Objects downloaded at once. */
  concurrency?: number
}

/** `a/b` and `a/b/` both mean the folder `a/b/`; empty means the bucket root. */
export function normalizePrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? '').replace(/^\/+/, '')
  if (trimmed === '') return ''
  return trimmed.endsWith('/') ? trimmed : `${trimmed}/`
}

export function describeS3Source(config: Pick<S3SourceConfig, 'bucket' | 'prefix'>): string {
  return `s3://${config.bucket}/${normalizePrefix(config.prefix)}`
}

/** Rejects a config that cannot work before any request is made, naming what is wrong. */
export function validateS3SourceConfig(config: S3SourceConfig): void {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(config.bucket)) {
    throw new Error(`'${config.bucket}' is not a valid S3 bucket name`)
  }
  if (config.endpoint !== undefined && !/^https?:\/\//.test(config.endpoint)) {
    throw new Error(`--endpoint '${config.endpoint}' must be an http:// or https:// URL`)
  }
  if (config.from && config.to && config.from >= config.to) {
    throw new Error(`--from ${config.from.toISOString()} is not before --to ${config.to.toISOString()}`)
  }
  if (config.concurrency !== undefined && (!Number.isInteger(config.concurrency) || config.concurrency < 1)) {
    throw new Error(`concurrency must be a positive whole number, got ${config.concurrency}`)
  }
}

import { normalizePrefix } from '../s3-source-config.js'

/** `s3://bucket/some/prefix` → `{ bucket: 'bucket', prefix: 'some/prefix/' }` (prefix `''` for the bucket root). */
export function parseS3Url(url: string): { bucket: string; prefix: string } {
  const match = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(url)
  if (!match) throw new Error(`'${url}' is not an S3 URL: expected s3://<bucket>/<prefix>`)
  return { bucket: match[1]!, prefix: normalizePrefix(match[2]) }
}

export function isS3Url(value: string): boolean {
  return value.startsWith('s3://')
}

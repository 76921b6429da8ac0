/** What a listed object holds: CloudTrail events, Insights events, or an integrity digest. */
export type TrailObjectKind = 'log' | 'insight' | 'digest'

/** One object of a trail bucket whose key matched a layout. */
export interface S3TrailObject {
  bucket: string
  key: string
  size: number
  /** As S3 gives it, quotes included: downloads are pinned to it with `If-Match`. */
  etag: string
  lastModified: Date
  kind: TrailObjectKind
  /** The layout's named fields: account_id, region, org_id when present, year, month, day. */
  fields: Record<string, string>
  /** The UTC span the key's date folders denote; absent when the layout has no date. */
  time?: { start: Date; end: Date }
}

export function s3Location(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`
}

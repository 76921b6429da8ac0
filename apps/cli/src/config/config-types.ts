/** The partitions read from the config files, in file order and then declaration order. */
export interface CairnConfig {
  partitions: PartitionConfig[]
}

/** The only table cairn collects into. */
export const CLOUDTRAIL_TABLE = 'aws_cloudtrail_log'

export interface PartitionConfig {
  table: typeof CLOUDTRAIL_TABLE
  name: string
  source: PartitionSource
  /** A SQL `where` condition rows must meet to be kept, as written in the config. */
  filter?: string
}

export type PartitionSource = S3PartitionSource | CloudWatchPartitionSource | FilePartitionSource

export interface S3PartitionSource {
  type: 'aws_s3_bucket'
  bucket: string
  prefix?: string
  region?: string
  profile?: string
  endpoint?: string
  forcePathStyle?: boolean
  fileLayout?: string
  concurrency?: number
}

export interface CloudWatchPartitionSource {
  type: 'aws_cloudwatch_log_group'
  logGroup: string
  /** Stream name globs (`*`, `?`); all streams when absent. */
  logStreams?: string[]
  region?: string
  profile?: string
  endpoint?: string
}

export interface FilePartitionSource {
  type: 'file'
  /** Files or directories; a leading `~/` is expanded to the home directory. */
  paths: string[]
  fileLayout?: string
}

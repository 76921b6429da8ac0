/** Where rows come from and where they go: the `tp_*` columns that are not derived from the event. */
export interface CollectionContext {
  /** tp_partition: the named collection the rows belong to. */
  partition: string
  /** tp_source_type: `file`, `aws_s3_bucket`, `aws_cloudwatch_log_group`, ... */
  sourceType: string
  /** tp_source_name: the directory, bucket or log group. */
  sourceName?: string | null
  /** tp_source_location: the file, S3 key or log stream; `readCloudTrail` defaults it to the input's location. */
  sourceLocation?: string | null
  /** tp_ingest_timestamp (epoch ms or a Date); defaults to when reading starts. */
  ingestTime?: number | Date
  /** tp_index for every row; by default the event's recipientAccountId, else userIdentity.accountId, else 'default'. */
  index?: string
}

export interface ResolvedContext {
  partition: string
  sourceType: string
  sourceName: string | null
  sourceLocation: string | null
  ingestTime: number
  index: string | null
}

export function resolveContext(context: CollectionContext, location?: string): ResolvedContext {
  const ingest = context.ingestTime
  return {
    partition: context.partition,
    sourceType: context.sourceType,
    sourceName: context.sourceName ?? null,
    sourceLocation: context.sourceLocation ?? location ?? null,
    ingestTime: ingest === undefined ? Date.now() : typeof ingest === 'number' ? ingest : ingest.getTime(),
    index: context.index ?? null,
  }
}

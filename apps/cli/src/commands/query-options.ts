import type { LakeFilter } from '@cairn/query'
import type { S3LakeFlags } from '../lake-location.js'
import type { OutputFormat } from '../output/format-result.js'

export interface QueryCommandOptions extends S3LakeFlags {
  dataDir?: string
  output: OutputFormat
  from?: Date
  to?: Date
  partition?: string[]
  index?: string[]
  /** Say on stderr which files the query read, of how many in the lake. */
  verbose?: boolean
  /** false (`--no-server`): answer in this process, never through the query server. */
  server?: boolean
}

export function lakeFilter(options: { from?: Date; to?: Date; partition?: string[]; index?: string[] }): LakeFilter {
  return { from: options.from, to: options.to, partitions: options.partition, indexes: options.index }
}

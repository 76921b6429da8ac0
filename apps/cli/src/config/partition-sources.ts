import { homedir } from 'node:os'
import { join } from 'node:path'
import {
  checkBucketName,
  checkEndpoint,
  checkFileLayout,
  checkLogGroupName,
  checkNoEmptyItems,
  checkNotEmpty,
  checkRegion,
} from './attribute-checks.js'
import { readAttributes, requireAttribute } from './block-attributes.js'
import { expectLabels, nestedBlocks } from './block-shape.js'
import { ConfigError } from './config-error.js'
import type {
  CloudWatchPartitionSource,
  FilePartitionSource,
  PartitionSource,
  S3PartitionSource,
} from './config-types.js'
import { type AwsConnection, type Connections, resolveConnection } from './connections.js'
import { suggestion } from './did-you-mean.js'
import type { HclBlock } from './hcl-syntax.js'
import { withoutUndefined } from './without-undefined.js'

const S3_SCHEMA = {
  connection: 'connection',
  bucket: 'string',
  prefix: 'string',
  region: 'string',
  profile: 'string',
  endpoint: 'string',
  force_path_style: 'bool',
  file_layout: 'string',
  concurrency: 'positiveInteger',
} as const

const CLOUDWATCH_SCHEMA = {
  connection: 'connection',
  log_group_name: 'string',
  log_stream_names: 'stringList',
  region: 'string',
  profile: 'string',
  endpoint: 'string',
} as const

const FILE_SCHEMA = { paths: 'stringList', file_layout: 'string' } as const

type SourceReader = (block: HclBlock, connections: Connections) => PartitionSource

const SOURCE_READERS: Readonly<Record<PartitionSource['type'], SourceReader>> = {
  aws_s3_bucket: readS3Source,
  aws_cloudwatch_log_group: readCloudWatchSource,
  file: readFileSource,
}

/** A partition's `source "<type>" { … }` block, with its connection's settings filled in. */
export function readPartitionSource(block: HclBlock, connections: Connections): PartitionSource {
  expectLabels(block, 1, 'source "aws_s3_bucket"')
  nestedBlocks(block, [])
  const type = block.labels[0]!
  const reader = Object.hasOwn(SOURCE_READERS, type.value)
    ? SOURCE_READERS[type.value as PartitionSource['type']]
    : undefined
  if (reader === undefined) {
    const types = Object.keys(SOURCE_READERS)
    throw new ConfigError(type.at, `unknown source type ${JSON.stringify(type.value)}${suggestion(type.value, types)}`)
  }
  return reader(block, connections)
}

function readS3Source(block: HclBlock, connections: Connections): S3PartitionSource {
  const attributes = readAttributes(block, S3_SCHEMA)
  const connection: AwsConnection = attributes.connection ? resolveConnection(connections, attributes.connection) : {}
  return withoutUndefined({
    type: 'aws_s3_bucket',
    bucket: checkBucketName(requireAttribute(block, 'bucket', attributes.bucket)),
    prefix: attributes.prefix?.value,
    region: attributes.region ? checkRegion('region', attributes.region) : connection.region,
    profile: attributes.profile ? checkNotEmpty('profile', attributes.profile) : connection.profile,
    endpoint: attributes.endpoint ? checkEndpoint(attributes.endpoint) : connection.endpoint,
    forcePathStyle: attributes.force_path_style?.value ?? connection.forcePathStyle,
    fileLayout: attributes.file_layout && checkFileLayout(attributes.file_layout),
    concurrency: attributes.concurrency?.value,
  })
}

function readCloudWatchSource(block: HclBlock, connections: Connections): CloudWatchPartitionSource {
  const attributes = readAttributes(block, CLOUDWATCH_SCHEMA)
  const connection: AwsConnection = attributes.connection ? resolveConnection(connections, attributes.connection) : {}
  return withoutUndefined({
    type: 'aws_cloudwatch_log_group',
    logGroup: checkLogGroupName(requireAttribute(block, 'log_group_name', attributes.log_group_name)),
    logStreams: attributes.log_stream_names && checkNoEmptyItems('log_stream_names', attributes.log_stream_names),
    region: attributes.region ? checkRegion('region', attributes.region) : connection.region,
    profile: attributes.profile ? checkNotEmpty('profile', attributes.profile) : connection.profile,
    endpoint: attributes.endpoint ? checkEndpoint(attributes.endpoint) : connection.endpoint,
  })
}

function readFileSource(block: HclBlock): FilePartitionSource {
  const attributes = readAttributes(block, FILE_SCHEMA)
  const paths = requireAttribute(block, 'paths', attributes.paths)
  if (paths.value.length === 0) throw new ConfigError(paths.at, 'paths must name at least one file or directory')
  return withoutUndefined({
    type: 'file',
    paths: checkNoEmptyItems('paths', paths).map(expandHome),
    fileLayout: attributes.file_layout && checkFileLayout(attributes.file_layout),
  })
}

function expandHome(path: string): string {
  if (path === '~') return homedir()
  return path.startsWith('~/') ? join(homedir(), path.slice(2)) : path
}

import { checkNotEmpty } from './attribute-checks.js'
import { readAttributes } from './block-attributes.js'
import { expectLabels, nestedBlocks } from './block-shape.js'
import { ConfigError, formatPosition } from './config-error.js'
import { CLOUDTRAIL_TABLE, type PartitionConfig } from './config-types.js'
import type { Connections } from './connections.js'
import { suggestion } from './did-you-mean.js'
import type { HclBlock } from './hcl-syntax.js'
import { readPartitionSource } from './partition-sources.js'
import { withoutUndefined } from './without-undefined.js'

/** Partition names become `tp_partition=<name>` folders and `table.name` arguments. */
const PARTITION_NAME = /^[a-z0-9_]+$/
const PARTITION_SCHEMA = { filter: 'string' } as const

/** Reads every `partition` block of all files, in order; a name may be used once across all files. */
export function readPartitions(blocks: readonly HclBlock[], connections: Connections): PartitionConfig[] {
  const partitions: PartitionConfig[] = []
  const firstDefinitions = new Map<string, HclBlock>()
  for (const block of blocks) {
    const partition = readPartition(block, connections)
    const key = `${partition.table}.${partition.name}`
    const earlier = firstDefinitions.get(key)
    if (earlier)
      throw new ConfigError(block.at, `duplicate partition ${key}; first defined at ${formatPosition(earlier.at)}`)
    firstDefinitions.set(key, block)
    partitions.push(partition)
  }
  return partitions
}

function readPartition(block: HclBlock, connections: Connections): PartitionConfig {
  expectLabels(block, 2, `partition "${CLOUDTRAIL_TABLE}" "<name>"`)
  const table = block.labels[0]!
  const name = block.labels[1]!
  if (table.value !== CLOUDTRAIL_TABLE) {
    const hint = suggestion(table.value, [CLOUDTRAIL_TABLE], `; cairn collects only ${CLOUDTRAIL_TABLE}`)
    throw new ConfigError(table.at, `unknown table ${JSON.stringify(table.value)}${hint}`)
  }
  if (!PARTITION_NAME.test(name.value)) {
    throw new ConfigError(name.at, `partition name ${JSON.stringify(name.value)} may hold only a-z, 0-9 and _`)
  }
  const attributes = readAttributes(block, PARTITION_SCHEMA)
  const filter = attributes.filter && checkNotEmpty('filter', attributes.filter)
  const sources = nestedBlocks(block, ['source'])
  const source = sources[0]
  if (source === undefined) {
    throw new ConfigError(
      block.at,
      `partition ${CLOUDTRAIL_TABLE}.${name.value} has no source block; add one, as in source "aws_s3_bucket" { … }`,
    )
  }
  const second = sources[1]
  if (second !== undefined) {
    throw new ConfigError(
      second.at,
      `partition ${CLOUDTRAIL_TABLE}.${name.value} has a second source block; a partition reads one source (the first is at ${formatPosition(source.at)})`,
    )
  }
  return withoutUndefined({
    table: CLOUDTRAIL_TABLE,
    name: name.value,
    source: readPartitionSource(source, connections),
    filter,
  })
}

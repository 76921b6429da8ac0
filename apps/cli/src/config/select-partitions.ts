import { type CairnConfig, CLOUDTRAIL_TABLE, type PartitionConfig } from './config-types.js'
import { closestName, suggestion } from './did-you-mean.js'

/** An argument of `cairn collect` that names no configured partition. */
export class PartitionSelectionError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PartitionSelectionError'
  }
}

/**
 * The partitions `cairn collect <args>` means, in config order, each once. An argument is
 * `aws_cloudtrail_log.<name>`, a bare `<name>`, or `aws_cloudtrail_log` / `aws_cloudtrail_log.*` for all
 * of the table; names may hold `*` wildcards. No arguments selects every partition.
 */
export function selectPartitions(config: CairnConfig, args: readonly string[]): PartitionConfig[] {
  if (args.length === 0) return [...config.partitions]
  const selected = new Set<PartitionConfig>()
  for (const arg of args) {
    for (const partition of partitionsNamedBy(config.partitions, arg)) selected.add(partition)
  }
  return config.partitions.filter((partition) => selected.has(partition))
}

function partitionsNamedBy(partitions: readonly PartitionConfig[], arg: string): PartitionConfig[] {
  const dot = arg.indexOf('.')
  const table = dot === -1 ? undefined : arg.slice(0, dot)
  const namePattern = dot === -1 ? arg : arg.slice(dot + 1)
  if (arg === CLOUDTRAIL_TABLE) return [...partitions]
  if (table !== undefined && table !== CLOUDTRAIL_TABLE) {
    const hint = suggestion(table, [CLOUDTRAIL_TABLE], `; cairn collects only ${CLOUDTRAIL_TABLE}`)
    throw new PartitionSelectionError(`unknown table ${table} in ${arg}${hint}`)
  }
  if (namePattern === '')
    throw new PartitionSelectionError(`${JSON.stringify(arg)} names no partition; write ${CLOUDTRAIL_TABLE}.<name>`)
  const matcher = nameMatcher(namePattern)
  const matching = partitions.filter((partition) => matcher(partition.name))
  if (matching.length > 0) return matching
  const known = partitions.map((partition) => `${partition.table}.${partition.name}`)
  if (known.length === 0) throw new PartitionSelectionError(`unknown partition ${arg}: no partitions are configured`)
  const names = partitions.map((partition) => partition.name)
  const closest = namePattern.includes('*') ? undefined : closestName(namePattern, names)
  const knownList = `known partitions are: ${known.join(', ')}`
  throw new PartitionSelectionError(
    closest === undefined
      ? `unknown partition ${arg}; the ${knownList}`
      : `unknown partition ${arg}; did you mean ${CLOUDTRAIL_TABLE}.${closest}? The ${knownList}`,
  )
}

function nameMatcher(pattern: string): (name: string) => boolean {
  if (!pattern.includes('*')) return (name) => name === pattern
  const expression = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`)
  return (name) => expression.test(name)
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

import { ConfigError } from './config-error.js'
import type { CairnConfig } from './config-types.js'
import { readConnections } from './connections.js'
import { suggestion } from './did-you-mean.js'
import { parseHcl } from './hcl-parser.js'
import type { HclBlock } from './hcl-syntax.js'
import { readPartitions } from './partitions.js'

export interface ConfigText {
  text: string
  /** How errors name the file. */
  fileName: string
}

const TOP_LEVEL_BLOCKS = ['connection', 'partition']

/** Parses one config text; throws a ConfigError naming file, line and column. */
export function parseCairnConfig(text: string, fileName: string): CairnConfig {
  return parseCairnConfigs([{ text, fileName }])
}

/**
 * Parses config texts as one config, as Tailpipe does with a config folder: a partition may use a connection
 * of another file, and a connection or partition name may be defined only once across all files.
 */
export function parseCairnConfigs(files: readonly ConfigText[]): CairnConfig {
  const blocks = files.flatMap((file) => topLevelBlocks(file))
  const connections = readConnections(blocks.filter((block) => block.type === 'connection'))
  return {
    partitions: readPartitions(
      blocks.filter((block) => block.type === 'partition'),
      connections,
    ),
  }
}

function topLevelBlocks(file: ConfigText): HclBlock[] {
  const body = parseHcl(file.text, file.fileName)
  const attribute = body.attributes[0]
  if (attribute) {
    throw new ConfigError(attribute.at, `attribute ${attribute.name} must be inside a connection or partition block`)
  }
  for (const block of body.blocks) {
    if (TOP_LEVEL_BLOCKS.includes(block.type)) continue
    const hint = suggestion(block.type, TOP_LEVEL_BLOCKS, '; cairn config files hold connection and partition blocks')
    throw new ConfigError(block.at, `unknown block type ${block.type}${hint}`)
  }
  return body.blocks
}

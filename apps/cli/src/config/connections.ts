import { checkEndpoint, checkNotEmpty, checkRegion } from './attribute-checks.js'
import { type AttributeRead, type ConnectionReference, readAttributes } from './block-attributes.js'
import { expectLabels, nestedBlocks } from './block-shape.js'
import { ConfigError, formatPosition } from './config-error.js'
import { closestName } from './did-you-mean.js'
import type { HclBlock, SourcePosition } from './hcl-syntax.js'
import { withoutUndefined } from './without-undefined.js'

/** What an `aws` connection contributes to the sources that use it. Credentials come from the AWS chain. */
export interface AwsConnection {
  profile?: string
  /** The first of `regions`. */
  region?: string
  endpoint?: string
  forcePathStyle?: boolean
  /** Undefined for the implicit `connection.aws.default`. */
  at?: SourcePosition
}

/** Connections by `<type>.<name>`. */
export type Connections = ReadonlyMap<string, AwsConnection>

const CONNECTION_TYPES = ['aws']
const CONNECTION_NAME = /^[\p{ID_Start}_][\p{ID_Continue}-]*$/u
const CONNECTION_SCHEMA = {
  profile: 'string',
  regions: 'stringList',
  endpoint: 'string',
  force_path_style: 'bool',
} as const

/** Reads every `connection` block of all files; `connection.aws.default` (the plain AWS chain) always exists. */
export function readConnections(blocks: readonly HclBlock[]): Connections {
  const connections = new Map<string, AwsConnection>([['aws.default', {}]])
  for (const block of blocks) {
    expectLabels(block, 2, 'connection "aws" "<name>"')
    nestedBlocks(block, [])
    const type = block.labels[0]!
    const name = block.labels[1]!
    if (!CONNECTION_TYPES.includes(type.value)) {
      throw new ConfigError(
        type.at,
        `unknown connection type ${JSON.stringify(type.value)}; cairn reads AWS only: connection "aws" "<name>"`,
      )
    }
    if (!CONNECTION_NAME.test(name.value)) {
      throw new ConfigError(
        name.at,
        `connection name ${JSON.stringify(name.value)} cannot be referenced; use letters, digits, _ and -`,
      )
    }
    const key = `${type.value}.${name.value}`
    const earlier = connections.get(key)?.at
    if (earlier)
      throw new ConfigError(block.at, `duplicate connection ${key}; first defined at ${formatPosition(earlier)}`)
    connections.set(key, readConnection(block))
  }
  return connections
}

function readConnection(block: HclBlock): AwsConnection {
  const attributes = readAttributes(block, CONNECTION_SCHEMA)
  const regions = attributes.regions
  const firstRegion = regions?.value[0]
  return withoutUndefined({
    profile: attributes.profile && checkNotEmpty('profile', attributes.profile),
    region: firstRegion === undefined ? undefined : checkRegion('regions[0]', { value: firstRegion, at: regions!.at }),
    endpoint: attributes.endpoint && checkEndpoint(attributes.endpoint),
    forcePathStyle: attributes.force_path_style?.value,
    at: block.at,
  })
}

export function resolveConnection(
  connections: Connections,
  reference: AttributeRead<ConnectionReference>,
): AwsConnection {
  const key = `${reference.value.type}.${reference.value.name}`
  const connection = connections.get(key)
  if (connection) return connection
  const defined = [...connections.keys()]
  const sameType = defined.filter((k) => k.startsWith(`${reference.value.type}.`)).map((k) => k.split('.')[1]!)
  const closest = closestName(reference.value.name, sameType)
  const hint =
    closest === undefined
      ? `; defined connections: ${defined.map((k) => `connection.${k}`).join(', ')}`
      : `; did you mean connection.${reference.value.type}.${closest}?`
  throw new ConfigError(reference.at, `connection.${key} is not defined${hint}`)
}

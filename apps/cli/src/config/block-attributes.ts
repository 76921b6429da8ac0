import { ConfigError } from './config-error.js'
import { suggestion } from './did-you-mean.js'
import { describeBlock, describeValueKind, type HclBlock, type HclValue, type SourcePosition } from './hcl-syntax.js'

/** What an attribute holds; `connection` is a reference `connection.<type>.<name>`. */
export type AttributeKind = 'string' | 'bool' | 'positiveInteger' | 'stringList' | 'connection'

interface AttributeValueOf {
  string: string
  bool: boolean
  positiveInteger: number
  stringList: string[]
  connection: ConnectionReference
}

export interface ConnectionReference {
  type: string
  name: string
}

export type AttributeSchema = Readonly<Record<string, AttributeKind>>

export interface AttributeRead<T> {
  value: T
  at: SourcePosition
}

/** The attributes that were set (`null` counts as not set, as in HCL), with where their values are. */
export type BlockAttributes<S extends AttributeSchema> = { [K in keyof S]?: AttributeRead<AttributeValueOf[S[K]]> }

/** Attributes that would hold credentials; config files are shared and backed up, so they never may. */
const SECRET_ATTRIBUTES = new Set(['access_key', 'secret_key', 'session_token', 'access_key_id', 'secret_access_key'])

/** Reads a block's attributes against its schema: unknown names, secrets and wrong types are errors. */
export function readAttributes<S extends AttributeSchema>(block: HclBlock, schema: S): BlockAttributes<S> {
  const read: Record<string, AttributeRead<unknown>> = {}
  const known = Object.keys(schema)
  for (const attribute of block.body.attributes) {
    if (SECRET_ATTRIBUTES.has(attribute.name)) {
      throw new ConfigError(
        attribute.at,
        `${attribute.name} is not allowed: cairn keeps no credentials in config files; use profile = "<name>" or the AWS environment (AWS_PROFILE, AWS_ACCESS_KEY_ID, …)`,
      )
    }
    const kind = schema[attribute.name]
    if (kind === undefined) {
      throw new ConfigError(
        attribute.at,
        `unknown attribute ${attribute.name} in ${describeBlock(block)}${suggestion(attribute.name, known)}`,
      )
    }
    if (attribute.value.kind === 'null') continue
    read[attribute.name] = { value: convert(attribute.name, attribute.value, kind), at: attribute.value.at }
  }
  return read as BlockAttributes<S>
}

export function requireAttribute<T>(
  block: HclBlock,
  name: string,
  attribute: AttributeRead<T> | undefined,
): AttributeRead<T> {
  if (attribute === undefined) {
    throw new ConfigError(block.at, `${describeBlock(block)} is missing the required attribute ${name}`)
  }
  return attribute
}

function convert(name: string, value: HclValue, kind: AttributeKind): unknown {
  const wrongType = (expected: string): never => {
    throw new ConfigError(value.at, `${name} must be ${expected}, found ${describeValueKind(value)}`)
  }
  switch (kind) {
    case 'string':
      return value.kind === 'string' ? value.value : wrongType('a string')
    case 'bool':
      return value.kind === 'bool' ? value.value : wrongType('true or false')
    case 'positiveInteger': {
      if (value.kind !== 'number') return wrongType('a whole number of 1 or more')
      if (!Number.isSafeInteger(value.value) || value.value < 1) {
        throw new ConfigError(value.at, `${name} must be a whole number of 1 or more, found ${value.value}`)
      }
      return value.value
    }
    case 'stringList':
      if (value.kind !== 'list') return wrongType('a list of strings')
      return value.items.map((item, index) => {
        if (item.kind === 'string') return item.value
        throw new ConfigError(item.at, `${name}[${index}] must be a string, found ${describeValueKind(item)}`)
      })
    case 'connection': {
      const expected = 'a reference such as connection.aws.<name> (without quotes)'
      if (value.kind !== 'reference' || value.path.length !== 3 || value.path[0] !== 'connection')
        return wrongType(expected)
      return { type: value.path[1]!, name: value.path[2]! } satisfies ConnectionReference
    }
  }
}

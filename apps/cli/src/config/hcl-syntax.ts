/** 1-based line and column (columns count characters, not UTF-16 units). */
export interface SourcePosition {
  fileName: string
  line: number
  column: number
}

export type HclValue =
  | { kind: 'string'; value: string; at: SourcePosition }
  | { kind: 'number'; value: number; at: SourcePosition }
  | { kind: 'bool'; value: boolean; at: SourcePosition }
  | { kind: 'null'; at: SourcePosition }
  | { kind: 'list'; items: HclValue[]; at: SourcePosition }
  /** A traversal such as `connection.aws.prod`. */
  | { kind: 'reference'; path: string[]; at: SourcePosition }

export interface HclAttribute {
  name: string
  at: SourcePosition
  value: HclValue
}

export interface HclLabel {
  value: string
  at: SourcePosition
}

export interface HclBlock {
  type: string
  labels: HclLabel[]
  body: HclBody
  at: SourcePosition
}

export interface HclBody {
  attributes: HclAttribute[]
  blocks: HclBlock[]
}

/** How a value is named in messages: `a string`, `a list`, … */
export function describeValueKind(value: HclValue): string {
  switch (value.kind) {
    case 'string':
      return 'a string'
    case 'number':
      return 'a number'
    case 'bool':
      return value.value ? 'true' : 'false'
    case 'null':
      return 'null'
    case 'list':
      return 'a list'
    case 'reference':
      return `the reference ${value.path.join('.')}`
  }
}

/** How a block is named in messages, as it is written: `source "aws_s3_bucket"`. */
export function describeBlock(block: HclBlock): string {
  return [block.type, ...block.labels.map((label) => JSON.stringify(label.value))].join(' ')
}

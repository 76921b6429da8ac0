import { HiveSQL, SparkSQL, TrinoSQL } from 'dt-sql-parser'

/** What a CREATE TABLE says, read back from the parse tree of the engine's own grammar. */
export interface ParsedTable {
  table: string[]
  columns: { name: string; type: string; comment: string }[]
  partitionKeys: string[]
  location: string
  /** Athena TBLPROPERTIES, Trino WITH (...) (values as written). */
  properties: Record<string, string>
  /** Every statement's text, in order, without its `;`. */
  statements: string[]
}

interface Node {
  ruleIndex?: number
  children?: Node[] | null
  start?: { start: number } | null
  stop?: { stop: number } | null
  getText(): string
}

type Dialect = HiveSQL | SparkSQL | TrinoSQL

/** The parse tree of `sql`, or an error listing what the grammar rejected. */
function parseTree(parser: Dialect, sql: string) {
  const errors = parser.validate(sql)
  if (errors.length > 0) {
    throw new Error(`the grammar rejects the DDL:\n${errors.map((e) => `  line ${e.startLine}:${e.startColumn} ${e.message}`).join('\n')}`)
  }
  const ruleNames = parser.createParser(sql).ruleNames
  const tree = parser.parse(sql) as unknown as Node
  const all = (rule: string, under: Node = tree): Node[] => {
    const found: Node[] = []
    const walk = (node: Node) => {
      if (node.ruleIndex === undefined) return
      if (ruleNames[node.ruleIndex] === rule) found.push(node)
      for (const child of node.children ?? []) walk(child)
    }
    walk(under)
    return found
  }
  const text = (node: Node | undefined): string => {
    if (!node?.start || !node.stop) throw new Error('expected a node the DDL does not have')
    return sql.slice(node.start.start, node.stop.stop + 1)
  }
  const one = (rule: string, under?: Node): Node => {
    const [node] = all(rule, under)
    if (!node) throw new Error(`no ${rule} in the DDL`)
    return node
  }
  return { all, one, text }
}

const unquoteIdentifier = (part: string) => {
  const quote = part[0]
  return quote === '`' || quote === '"' ? part.slice(1, -1).replaceAll(`${quote}${quote}`, quote) : part
}

/** `a`.`b` or "a"."b" → [a, b] (splits only on dots outside quotes). */
function identifierParts(text: string): string[] {
  return (text.match(/`(?:[^`]|``)*`|"(?:[^"]|"")*"|[^.`"]+/g) ?? []).map(unquoteIdentifier)
}

/** A Hive/Spark string literal's value: backslash escapes. */
function hiveStringValue(literal: string): string {
  return literal.trim().slice(1, -1).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c))
}

/** A Trino string literal's value: doubled quotes. */
function trinoStringValue(literal: string): string {
  return literal.trim().slice(1, -1).replaceAll("''", "'")
}

const HIVE_STRING = /'(?:[^'\\]|\\.)*'/g

export function parseAthenaDdl(sql: string): ParsedTable {
  const { all, one, text } = parseTree(new HiveSQL(), sql)
  const create = one('createTableStatement')
  const column = (node: Node) => ({
    name: unquoteIdentifier(text(one('columnNameCreate', node))),
    type: text(one('columnType', node)),
    comment: hiveStringValue(text(node).match(HIVE_STRING)?.at(-1) ?? "''"),
  })
  const properties: Record<string, string> = {}
  for (const property of all('keyValueProperty', one('tablePropertiesPrefixed', create))) {
    const [key, value] = text(property).match(HIVE_STRING) ?? []
    properties[hiveStringValue(key!)] = hiveStringValue(value!)
  }
  return {
    table: identifierParts(text(one('tableNameCreate', create))),
    columns: all('columnNameTypeConstraint', create).map(column),
    partitionKeys: all('columnNameTypeConstraint', one('createTablePartitionSpec', create)).map((c) => column(c).name),
    location: hiveStringValue(text(one('locationPath', create)).replace(/^LOCATION\s+/i, '')),
    properties: { ...properties, 'stored as': text(one('tableFileFormat', create)).replace(/^STORED\s+AS\s+/i, '') },
    statements: all('statement').map((s) => text(s).replace(/;$/, '')),
  }
}

export function parseTrinoDdl(sql: string): ParsedTable {
  const { all, one, text } = parseTree(new TrinoSQL(), sql)
  const create = all('statement').find((s) => all('columnDefinition', s).length > 0)!
  const properties: Record<string, string> = {}
  for (const property of all('property', create)) {
    const [, key, value] = /^\s*(\w+)\s*=\s*([\s\S]*)$/.exec(text(property)) ?? []
    properties[key!] = value!.trim()
  }
  const strings = (value: string) => (value.match(/'(?:[^']|'')*'/g) ?? []).map(trinoStringValue)
  return {
    table: identifierParts(text(one('tableNameCreate', create))),
    columns: all('columnDefinition', create).map((c) => ({
      name: unquoteIdentifier(text(one('columnNameCreate', c))),
      type: text(one('type', c)),
      comment: trinoStringValue(text(one('string', c))),
    })),
    partitionKeys: strings(properties.partitioned_by ?? ''),
    location: strings(properties.external_location ?? '')[0] ?? '',
    properties,
    statements: all('singleStatement').map((s) => text(s).replace(/;$/, '')),
  }
}

export function parseSparkDdl(sql: string): ParsedTable {
  const { all, one, text } = parseTree(new SparkSQL(), sql)
  const create = all('singleStatement').find((s) => all('createOrReplaceTableColTypeList', s).length > 0)!
  // Spark's grammar has LOCATION as a bare token in the clauses, followed by its string
  const clauses = one('createTableClauses', create).children ?? []
  const location = clauses[clauses.findIndex((c) => c.ruleIndex === undefined && c.getText().toUpperCase() === 'LOCATION') + 1]
  return {
    table: identifierParts(text(one('tableNameCreate', create))),
    columns: all('createOrReplaceTableColType', create).map((c) => ({
      name: unquoteIdentifier(text(one('columnNameCreate', c))),
      type: text(one('dataType', c)),
      comment: hiveStringValue(text(one('stringLit', c))),
    })),
    partitionKeys: all('partitionField', create).map((f) => unquoteIdentifier(text(f))),
    location: hiveStringValue(text(location)),
    properties: { using: text(one('tableProvider', create)).replace(/^USING\s+/i, '') },
    statements: all('singleStatement').map((s) => text(s).replace(/;$/, '')),
  }
}

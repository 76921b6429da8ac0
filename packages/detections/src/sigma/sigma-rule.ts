import { parseAllDocuments } from 'yaml'
import { NotTranslatable } from './not-translatable.js'
import { parseSigmaCondition, type SigmaCondition } from './sigma-condition.js'

/** How a field item compares: the value modifier of `field|modifier`, `equals` when there is none. */
export type SigmaMatch =
  | 'equals'
  | 'contains'
  | 'startswith'
  | 'endswith'
  | 're'
  | 'cidr'
  | 'exists'
  | 'fieldref'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'

/** One `field|modifiers: value(s)` item of a search. */
export interface SigmaFieldMatch {
  /** The Sigma (CloudTrail) field name, e.g. `userIdentity.arn`. */
  field: string
  match: SigmaMatch
  /** `|all`: every value must match (else any one). */
  all: boolean
  /** `|cased`: compare case-sensitively. */
  cased: boolean
  /** Flags of `|re` (`i`, `m`, `s`). */
  reFlags: string
  /** The values as text, `null` for YAML null (`field: null`: the field is absent or null). */
  values: (string | null)[]
}

/** A search: any one of its groups, each group all of its items. */
export type SigmaSearch = SigmaFieldMatch[][]

export interface SigmaRule {
  title: string
  id?: string
  status?: string
  description?: string
  author?: string
  license?: string
  level?: string
  tags: string[]
  references: string[]
  falsepositives: string[]
  searches: Map<string, SigmaSearch>
  condition: SigmaCondition
}

const PLAIN_MATCHES = new Set(['contains', 'startswith', 'endswith'])
const OWN_MATCHES = new Set(['re', 'cidr', 'exists', 'fieldref', 'gt', 'gte', 'lt', 'lte'])
/** A value left for the user to fill in, such as `arn:aws:s3:::<YOUR-BUCKET-NAME>/*`. */
const TEMPLATE_PLACEHOLDER = /<[A-Z][A-Z0-9_-]*>/

function asText(value: unknown, where: string): string | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value)
  throw new NotTranslatable(`${where}: a value must be a string, number, boolean or null`)
}

function fieldMatch(key: string, raw: unknown, search: string): SigmaFieldMatch {
  const [field, ...modifiers] = key.split('|')
  const where = `${search}.${key}`
  if (!field) throw new NotTranslatable(`${where}: a field name is missing`)
  const item: SigmaFieldMatch = { field, match: 'equals', all: false, cased: false, reFlags: '', values: [] }
  for (const modifier of modifiers) {
    if (item.match === 're' && /^[ims]$/.test(modifier)) item.reFlags += modifier
    else if (modifier === 'all') item.all = true
    else if (modifier === 'cased') item.cased = true
    else if (modifier === 'expand')
      throw new NotTranslatable(`${where}: placeholders (|expand) must be filled in before the rule can run`)
    else if ((PLAIN_MATCHES.has(modifier) || OWN_MATCHES.has(modifier)) && item.match === 'equals')
      item.match = modifier as SigmaMatch
    else
      throw new NotTranslatable(
        `${where}: the modifier ${modifier} is not supported${item.match !== 'equals' ? ` after ${item.match}` : ''}`,
      )
  }
  const list = Array.isArray(raw) ? raw : [raw]
  if (list.length === 0) throw new NotTranslatable(`${where}: the list of values is empty`)
  item.values = list.map((v) => asText(v, where))
  for (const v of item.values) {
    const placeholder = v?.match(TEMPLATE_PLACEHOLDER)
    if (placeholder)
      throw new NotTranslatable(`${where}: the value '${v}' holds the placeholder ${placeholder[0]}, to be filled in`)
  }
  return item
}

function group(map: Record<string, unknown>, search: string): SigmaFieldMatch[] {
  const items = Object.entries(map).map(([key, value]) => fieldMatch(key, value, search))
  if (items.length === 0) throw new NotTranslatable(`search ${search} is empty`)
  return items
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function search(name: string, value: unknown): SigmaSearch {
  if (isMapping(value)) return [group(value, name)]
  if (Array.isArray(value) && value.length > 0 && value.every(isMapping)) return value.map((m) => group(m, name))
  throw new NotTranslatable(`search ${name} is a keyword search (values without a field), which is not supported`)
}

function strings(value: unknown): string[] {
  if (value === undefined || value === null) return []
  const list = Array.isArray(value) ? value : [value]
  return list.filter((v) => v !== null && v !== undefined).map(String)
}

function optionalText(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value).trim()
}

/**
 * Reads one Sigma rule. Throws `NotTranslatable` (saying why) for what Cairn cannot run with Sigma's meaning:
 * another log source, correlations (`timeframe`, `near`, aggregations), keyword searches, unknown modifiers,
 * placeholders; other errors for text that is not a Sigma rule at all.
 */
export function parseSigmaRule(text: string): SigmaRule {
  const docs = parseAllDocuments(text)
  if (!Array.isArray(docs) || docs.length === 0) throw new Error('is empty')
  if (docs.length > 1) throw new NotTranslatable('a multi-document rule collection, which is not supported')
  const doc = docs[0]!
  if (doc.errors.length > 0) throw new Error(`not valid YAML: ${doc.errors[0]!.message}`)
  const rule = doc.toJS() as unknown
  if (!isMapping(rule)) throw new Error('is not a YAML mapping')
  if (rule.correlation !== undefined) throw new NotTranslatable('a correlation rule, which is not supported')
  const title = optionalText(rule.title)
  if (!title) throw new Error('title is missing')
  const logsource = isMapping(rule.logsource) ? rule.logsource : {}
  if (String(logsource.product).toLowerCase() !== 'aws' || String(logsource.service).toLowerCase() !== 'cloudtrail') {
    throw new NotTranslatable(
      `its logsource (product ${logsource.product}, service ${logsource.service}) is not product aws, service cloudtrail`,
    )
  }
  const detection = rule.detection
  if (!isMapping(detection)) throw new Error('detection is missing')
  if (detection.timeframe !== undefined) {
    throw new NotTranslatable(
      `it correlates events within a timeframe (${detection.timeframe}), which is not supported`,
    )
  }
  const searches = new Map<string, SigmaSearch>()
  for (const [name, value] of Object.entries(detection))
    if (name !== 'condition') searches.set(name, search(name, value))
  const conditions = strings(detection.condition)
  if (conditions.length === 0) throw new Error('detection.condition is missing')
  const names = [...searches.keys()]
  const parsed = conditions.map((c) => parseSigmaCondition(c, names))
  return {
    title,
    id: optionalText(rule.id),
    status: optionalText(rule.status),
    description: optionalText(rule.description),
    author: optionalText(rule.author),
    license: optionalText(rule.license),
    level: optionalText(rule.level),
    tags: strings(rule.tags),
    references: strings(rule.references),
    falsepositives: strings(rule.falsepositives),
    searches,
    // Several conditions in a list are alternatives.
    condition: parsed.length === 1 ? parsed[0]! : { kind: 'or', operands: parsed },
  }
}

import { parse } from 'yaml'
import { type Detection, type DetectionTest, SEVERITIES, type Severity } from './detection.js'

export class DetectionError extends Error {
  constructor(
    readonly source: string,
    message: string,
  ) {
    super(`${source}: ${message}`)
  }
}

const ID = /^[a-z0-9][a-z0-9_.-]*$/
const MITRE = /^T\d{4}(\.\d{3})?$/
const KEYS = new Set(['id', 'title', 'severity', 'mitre', 'description', 'condition', 'sql', 'tags', 'references', 'panther', 'tests'])

function text(doc: Record<string, unknown>, key: string, source: string, required = true): string | undefined {
  const value = doc[key]
  if (value === undefined || value === null) {
    if (required) throw new DetectionError(source, `${key} is missing`)
    return undefined
  }
  if (typeof value !== 'string' || value.trim() === '') throw new DetectionError(source, `${key} must be a non-empty string`)
  return value.trim()
}

function texts(doc: Record<string, unknown>, key: string, source: string): string[] {
  const value = doc[key] ?? []
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new DetectionError(source, `${key} must be a list of strings`)
  }
  return value as string[]
}

function tests(value: unknown, source: string): DetectionTest[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) throw new DetectionError(source, 'tests must be a list of { name, match, event | events }')
  return value.map((t, i) => {
    const where = `tests[${i}]`
    if (typeof t !== 'object' || t === null) throw new DetectionError(source, `${where} must be a mapping`)
    const { name, match, event, events } = t as Record<string, unknown>
    if (typeof name !== 'string' || name === '') throw new DetectionError(source, `${where}.name must be a non-empty string`)
    if (typeof match !== 'boolean') throw new DetectionError(source, `${where} (${name}): match must be true or false`)
    const list = events ?? (event === undefined ? undefined : [event])
    const isEvent = (e: unknown) => typeof e === 'object' && e !== null && !Array.isArray(e)
    if ((event === undefined) === (events === undefined) || !Array.isArray(list) || list.length === 0 || !list.every(isEvent)) {
      throw new DetectionError(source, `${where} (${name}): give event (one CloudTrail event) or events (a list of them)`)
    }
    return { name, match, events: list as Record<string, unknown>[] }
  })
}

/** Reads one detection from its YAML text; `source` (a file name) is named in every error. */
export function parseDetection(yamlText: string, source: string): Detection {
  let doc: unknown
  try {
    doc = parse(yamlText)
  } catch (error) {
    throw new DetectionError(source, `not valid YAML: ${(error as Error).message}`)
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new DetectionError(source, 'is not a YAML mapping')
  const d = doc as Record<string, unknown>
  for (const key of Object.keys(d)) if (!KEYS.has(key)) throw new DetectionError(source, `unknown key ${key}`)
  const id = text(d, 'id', source) as string
  if (!ID.test(id)) throw new DetectionError(source, `id ${id} must be lower case letters, digits, _ . -`)
  const severity = text(d, 'severity', source) as Severity
  if (!SEVERITIES.includes(severity)) throw new DetectionError(source, `severity must be one of ${SEVERITIES.join(', ')}`)
  const mitre = texts(d, 'mitre', source)
  for (const t of mitre) if (!MITRE.test(t)) throw new DetectionError(source, `${t} is not a MITRE ATT&CK technique id (T1234 or T1234.001)`)
  const condition = text(d, 'condition', source, false)
  const sql = text(d, 'sql', source, false)
  if ((condition === undefined) === (sql === undefined)) throw new DetectionError(source, 'needs exactly one of condition and sql')
  let panther: Detection['panther']
  if (d.panther !== undefined) {
    const p = d.panther as Record<string, unknown>
    if (typeof p !== 'object' || p === null) throw new DetectionError(source, 'panther must be a mapping with rules')
    panther = { rules: texts(p, 'rules', source), notes: text(p, 'notes', source, false) }
    if (panther.rules.length === 0) throw new DetectionError(source, 'panther.rules is empty')
  }
  return {
    id,
    title: text(d, 'title', source) as string,
    severity,
    mitre,
    description: text(d, 'description', source) as string,
    condition,
    sql,
    tags: texts(d, 'tags', source),
    references: texts(d, 'references', source),
    panther,
    tests: tests(d.tests, source),
    source,
  }
}

/** Reads a set of detections, failing on the first bad one or on an id given twice. */
export function parseDetections(files: readonly { text: string; source: string }[]): Detection[] {
  const byId = new Map<string, Detection>()
  for (const file of files) {
    const detection = parseDetection(file.text, file.source)
    const earlier = byId.get(detection.id)
    if (earlier) throw new DetectionError(file.source, `id ${detection.id} is also the id of ${earlier.source}`)
    byId.set(detection.id, detection)
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id))
}

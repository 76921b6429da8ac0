import type { SigmaCondition, SigmaFieldMatch, SigmaRule } from '@cairn/detections'

/**
 * Sigma's meaning, evaluated in JavaScript on a raw CloudTrail event: the expected verdict the tests hold Cairn's
 * SQL to. Independent of the translator's SQL (it shares only the parsed rule).
 */
export function fieldValue(event: Record<string, unknown>, field: string): string | null {
  let current: unknown = event
  for (const key of field.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return null
    current = (current as Record<string, unknown>)[key]
  }
  if (current === undefined || current === null) return null
  return typeof current === 'object' ? JSON.stringify(current) : String(current)
}

function wildcardRegex(value: string, match: SigmaFieldMatch['match'], cased: boolean): RegExp {
  let body = ''
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!
    const next = value[i + 1]
    if (c === '\\' && (next === '*' || next === '?' || next === '\\')) {
      body += `\\${next}`
      i++
    } else if (c === '*') body += '.*'
    else if (c === '?') body += '.'
    else body += c.replace(/[.+^${}()|[\]\\*?]/g, '\\$&')
  }
  const pre = match === 'contains' || match === 'endswith' ? '.*' : ''
  const post = match === 'contains' || match === 'startswith' ? '.*' : ''
  return new RegExp(`^${pre}${body}${post}$`, cased ? 's' : 'is')
}

function ipv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text)
  if (!m) return undefined
  const parts = m.slice(1)
  if (parts.some((p) => Number(p) > 255 || (p.length > 1 && p.startsWith('0')))) return undefined
  return parts.reduce((n, p) => n * 256 + Number(p), 0)
}

function valueMatches(event: Record<string, unknown>, item: SigmaFieldMatch, expected: string | null): boolean {
  const actual = fieldValue(event, item.field)
  if (expected === null) return actual === null
  switch (item.match) {
    case 'exists':
      return (actual !== null) === (expected === 'true')
    case 'fieldref': {
      const other = fieldValue(event, expected)
      return (
        actual !== null &&
        other !== null &&
        (item.cased ? actual === other : actual.toLowerCase() === other.toLowerCase())
      )
    }
    case 're':
      return actual !== null && new RegExp(expected, [...new Set(item.reFlags)].join('')).test(actual)
    case 'cidr': {
      const [net, bits = '32'] = expected.split('/')
      const ip = actual === null ? undefined : ipv4(actual)
      const size = 2 ** (32 - Number(bits))
      return ip !== undefined && Math.floor(ip / size) === Math.floor(ipv4(net!)! / size)
    }
    case 'gt':
      return actual !== null && Number(actual) > Number(expected)
    case 'gte':
      return actual !== null && Number(actual) >= Number(expected)
    case 'lt':
      return actual !== null && Number(actual) < Number(expected)
    case 'lte':
      return actual !== null && Number(actual) <= Number(expected)
    default:
      return actual !== null && wildcardRegex(expected, item.match, item.cased).test(actual)
  }
}

export function itemMatches(event: Record<string, unknown>, item: SigmaFieldMatch): boolean {
  return item.all
    ? item.values.every((v) => valueMatches(event, item, v))
    : item.values.some((v) => valueMatches(event, item, v))
}

export function searchMatches(rule: SigmaRule, name: string, event: Record<string, unknown>): boolean {
  return rule.searches.get(name)!.some((group) => group.every((item) => itemMatches(event, item)))
}

export function evaluateCondition(condition: SigmaCondition, truth: (search: string) => boolean): boolean {
  switch (condition.kind) {
    case 'search':
      return truth(condition.name)
    case 'not':
      return !evaluateCondition(condition.operand, truth)
    case 'and':
      return condition.operands.every((c) => evaluateCondition(c, truth))
    case 'or':
      return condition.operands.some((c) => evaluateCondition(c, truth))
  }
}

export function ruleMatches(rule: SigmaRule, event: Record<string, unknown>): boolean {
  return evaluateCondition(rule.condition, (name) => searchMatches(rule, name, event))
}

import { fieldSql } from './field-sql.js'
import { NotTranslatable } from './not-translatable.js'
import type { SigmaFieldMatch } from './sigma-rule.js'
import { quoteStringLiteral } from '@cairn/schema'

type PatternPart = { literal: string } | '*' | '?'

/** Sigma's wildcards: `*` any run, `?` one character; `\*`, `\?` and `\\` stand for the character itself. */
function wildcardParts(value: string): PatternPart[] {
  const parts: PatternPart[] = []
  let literal = ''
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!
    const next = value[i + 1]
    if (c === '\\' && (next === '*' || next === '?' || next === '\\')) {
      literal += next
      i++
    } else if (c === '*' || c === '?') {
      if (literal) parts.push({ literal })
      literal = ''
      parts.push(c)
    } else {
      literal += c
    }
  }
  if (literal) parts.push({ literal })
  return parts
}

function stringMatchSql(column: string, item: SigmaFieldMatch, value: string): string {
  const parts = wildcardParts(value)
  if (item.match === 'contains' || item.match === 'endswith') parts.unshift('*')
  if (item.match === 'contains' || item.match === 'startswith') parts.push('*')
  const merged = parts.filter((p, i) => p !== '*' || parts[i - 1] !== '*')
  if (merged.length === 1 && merged[0] === '*') return `${column} is not null`
  return patternSql(column, item, merged)
}

function patternSql(column: string, item: SigmaFieldMatch, parts: PatternPart[]): string {
  const fold = (s: string) => (item.cased ? s : s.toLowerCase())
  const subject = item.cased ? column : `lower(${column})`
  if (parts.every((p) => typeof p === 'object')) {
    return `${subject} = ${quoteStringLiteral(fold(parts.map((p) => (p as { literal: string }).literal).join('')))}`
  }
  const like = parts
    .map((p) => (p === '*' ? '%' : p === '?' ? '_' : fold(p.literal).replace(/[\\%_]/g, '\\$&')))
    .join('')
  return `${subject} like ${quoteStringLiteral(like)} escape '\\'`
}

/** RE2 (DuckDB's regex engine) has no lookaround, backreferences or atomic groups. */
const NOT_RE2 = /\(\?<?[=!]|\(\?>|\\[1-9]|[*+?}][+]/

function regexSql(column: string, item: SigmaFieldMatch, pattern: string): string {
  try {
    new RegExp(pattern)
  } catch (error) {
    throw new NotTranslatable(
      `${item.field}|re: '${pattern}' is not a valid regular expression (${(error as Error).message})`,
    )
  }
  if (NOT_RE2.test(pattern)) {
    throw new NotTranslatable(
      `${item.field}|re: '${pattern}' uses lookaround, backreferences or possessive/atomic groups, which DuckDB's RE2 lacks`,
    )
  }
  const flags = [...new Set(item.reFlags)].join('')
  // Sigma's regexes match anywhere in the value and are case-sensitive unless |i is given; regexp_matches does both.
  return `regexp_matches(${column}, ${quoteStringLiteral(flags ? `(?${flags})${pattern}` : pattern)})`
}

const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])'

function cidrSql(column: string, item: SigmaFieldMatch, cidr: string): string {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(cidr.trim())
  const octets = m ? m.slice(1, 5).map(Number) : []
  const bits = m?.[5] === undefined ? 32 : Number(m[5])
  if (!m || octets.some((o) => o > 255) || bits > 32) {
    throw new NotTranslatable(`${item.field}|cidr: '${cidr}' is not an IPv4 network (IPv6 ranges are not supported)`)
  }
  const address = octets.reduce((n, o) => n * 256 + o, 0)
  const size = 2 ** (32 - bits)
  const low = Math.floor(address / size) * size
  const asNumber = [16777216, 65536, 256, 1]
    .map((w, i) => `try_cast(split_part(${column}, '.', ${i + 1}) as bigint) * ${w}`)
    .join(' + ')
  return `(regexp_full_match(${column}, '${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}') and (${asNumber}) between ${low} and ${low + size - 1})`
}

function numberSql(column: string, item: SigmaFieldMatch, value: string): string {
  if (!/^-?\d+(\.\d+)?$/.test(value.trim()))
    throw new NotTranslatable(`${item.field}|${item.match}: '${value}' is not a number`)
  const op = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[item.match as 'gt']
  return `try_cast(${column} as double) ${op} ${value.trim()}`
}

/** Never NULL: a missing field makes a comparison false, so `not` of it is true (Sigma's meaning). */
const definite = (predicate: string) => `coalesce(${predicate}, false)`

function valueSql(column: string, item: SigmaFieldMatch, value: string | null): string {
  if (value === null) return `${column} is null`
  switch (item.match) {
    case 'exists':
      if (value !== 'true' && value !== 'false')
        throw new NotTranslatable(`${item.field}|exists: the value must be true or false`)
      return value === 'true' ? `${column} is not null` : `${column} is null`
    case 'fieldref': {
      const other = fieldSql(value)
      return definite(item.cased ? `${column} = ${other}` : `lower(${column}) = lower(${other})`)
    }
    case 're':
      return definite(regexSql(column, item, value))
    case 'cidr':
      return definite(cidrSql(column, item, value))
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return definite(numberSql(column, item, value))
    default:
      return definite(stringMatchSql(column, item, value))
  }
}

/** The SQL predicate of one `field|modifiers: values` item: any value matches, or every one with `|all`. */
export function fieldMatchSql(item: SigmaFieldMatch): string {
  const column = fieldSql(item.field)
  const each = item.values.map((v) => valueSql(column, item, v))
  if (each.length === 1) return each[0]!
  return `(${each.join(item.all ? ' and ' : ' or ')})`
}

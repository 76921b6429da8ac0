import { quoteStringLiteral } from '@cairn/schema'

/**
 * What a filter can narrow the data on. A filter names one of these (never SQL of its own), so a filter read back
 * from a shared link can only ever become one of the conditions below, with its value as a quoted literal.
 */
const FIELDS = {
  event_name: { label: 'event name', expression: 'event_name' },
  event_source: { label: 'event source', expression: 'event_source' },
  identity: { label: 'identity', expression: 'coalesce(user_arn, user_name, user_invoked_by)' },
  user_arn: { label: 'user ARN', expression: 'user_arn' },
  access_key_id: { label: 'access key', expression: 'access_key_id' },
  source_ip_address: { label: 'source IP', expression: 'source_ip_address' },
  aws_region: { label: 'region', expression: 'aws_region' },
  error_code: { label: 'error code', expression: 'error_code' },
  resource: { label: 'resource', expression: 'tp_akas' },
} as const

export type FilterField = keyof typeof FIELDS

/** One filter: a field equal to a value (NULL for "no value"); a resource filter matches events naming it. */
export interface Filter {
  field: FilterField
  value: string | null
}

export function isFilterField(name: unknown): name is FilterField {
  return typeof name === 'string' && Object.hasOwn(FIELDS, name)
}

export function isFilter(value: unknown): value is Filter {
  if (typeof value !== 'object' || value === null) return false
  const { field, value: v } = value as Record<string, unknown>
  return isFilterField(field) && (v === null || typeof v === 'string')
}

/** The SQL of a field's value (what a dashboard panel groups by, so that its labels are the filters' values). */
export function fieldExpression(field: Exclude<FilterField, 'resource'>): string {
  return FIELDS[field].expression
}

/** The SQL condition of one filter. */
export function filterTerm(filter: Filter): string {
  const { expression } = FIELDS[filter.field]
  if (filter.field === 'resource') {
    return filter.value === null ? `(${expression} is null or len(${expression}) = 0)` : `list_contains(${expression}, ${quoteStringLiteral(filter.value)})`
  }
  return filter.value === null ? `(${expression}) is null` : `(${expression}) = ${quoteStringLiteral(filter.value)}`
}

/** The condition all filters together put on a row ('' when there are none). */
export function filterCondition(filters: readonly Filter[]): string {
  return filters.map(filterTerm).join(' and ')
}

export function filterLabel(filter: Filter): string {
  return `${FIELDS[filter.field].label} = ${filter.value ?? '(none)'}`
}

export function sameFilter(a: Filter, b: Filter): boolean {
  return a.field === b.field && a.value === b.value
}

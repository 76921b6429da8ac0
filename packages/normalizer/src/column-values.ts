import { KIND_ESCAPED_STRING, KIND_FALSE, KIND_NULL, KIND_NUMBER, KIND_STRING, KIND_TRUE } from './json-validator.js'

/**
 * Column values from record values, in two forms giving the same result: from a parsed value, and from the compact
 * JSON text of a value with its kind. `undefined` means "does not fit the column": the key then goes to
 * unmapped_fields with its value, so nothing is lost.
 */

export function varcharOfValue(value: unknown): string | null {
  if (typeof value === 'string') return value
  if (value === null || value === undefined) return null
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

export function varcharOfText(text: string, start: number, end: number, kind: number): string | null {
  switch (kind) {
    case KIND_STRING:
      return text.slice(start + 1, end - 1)
    case KIND_ESCAPED_STRING:
      return JSON.parse(text.slice(start, end)) as string
    case KIND_NUMBER:
      return String(Number(text.slice(start, end)))
    case KIND_TRUE:
      return 'true'
    case KIND_FALSE:
      return 'false'
    case KIND_NULL:
      return null
    default:
      return text.slice(start, end)
  }
}

export function jsonOfValue(value: unknown): string | null {
  if (value === null || value === undefined) return null
  return JSON.stringify(value) ?? null
}

export function jsonOfText(text: string, start: number, end: number, kind: number): string | null {
  return kind === KIND_NULL ? null : text.slice(start, end)
}

export function booleanOfValue(value: unknown): boolean | null | undefined {
  if (typeof value === 'boolean' || value === null) return value
  if (value === 'true') return true
  if (value === 'false') return false
  return undefined
}

export function booleanOfText(text: string, start: number, end: number, kind: number): boolean | null | undefined {
  switch (kind) {
    case KIND_TRUE:
      return true
    case KIND_FALSE:
      return false
    case KIND_NULL:
      return null
    case KIND_STRING: {
      const length = end - start
      if (length === 6 && text.startsWith('"true"', start)) return true
      if (length === 7 && text.startsWith('"false"', start)) return false
      return undefined
    }
    default:
      return undefined
  }
}

/**
 * What DuckDB's `json ->> 'key'` gives for a value: the string itself, a number or boolean as text, an object or
 * array as JSON text, SQL NULL for JSON null or a missing key.
 */
export function arrowTextOf(value: unknown): string | null {
  return varcharOfValue(value)
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

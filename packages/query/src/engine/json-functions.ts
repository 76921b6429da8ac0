import * as arrow from 'apache-arrow'
import type { DuckDBConnection } from '@duckdb/duckdb-wasm/blocking'
import { followJsonPath, type JsonPathStep, jsonValueAsJson, jsonValueAsText, parseJsonPath } from '../json/json-path.js'

const pathCache = new Map<string, JsonPathStep[]>()

function stepsFor(key: unknown): JsonPathStep[] | undefined {
  if (typeof key === 'number') return [key]
  if (typeof key === 'bigint') return [Number(key)]
  if (typeof key !== 'string') return undefined
  let steps = pathCache.get(key)
  if (!steps) {
    steps = parseJsonPath(key)
    if (pathCache.size > 10_000) pathCache.clear()
    pathCache.set(key, steps)
  }
  return steps
}

function extract(json: unknown, key: unknown): unknown {
  if (json == null) return undefined
  const steps = stepsFor(key)
  if (!steps) return undefined
  let parsed: unknown
  try {
    parsed = typeof json === 'string' ? JSON.parse(json) : json
  } catch {
    return undefined
  }
  return followJsonPath(parsed, steps)
}

/**
 * The json extension's functions and operators that the table's queries use, as JS scalar functions: the
 * extension cannot be downloaded offline. DuckDB's parser binds `a ->> b` to a function named `->>`, so
 * registering that name makes the operator work on JSON text. Core functions are never shadowed.
 */
export function registerJsonFunctions(connection: DuckDBConnection): void {
  const text = (json: unknown, key: unknown) => jsonValueAsText(extract(json, key))
  const json = (value: unknown, key: unknown) => jsonValueAsJson(extract(value, key))
  connection.createScalarFunction('->>', new arrow.Utf8(), text)
  connection.createScalarFunction('->', new arrow.Utf8(), json)
  connection.createScalarFunction('json_extract_string', new arrow.Utf8(), text)
  connection.createScalarFunction('json_extract', new arrow.Utf8(), json)
  connection.createScalarFunction('json_valid', new arrow.Bool(), (v: unknown) => {
    if (v == null) return null
    try {
      JSON.parse(String(v))
      return true
    } catch {
      return false
    }
  })
  connection.createScalarFunction('json_array_length', new arrow.Int32(), (v: unknown, path?: unknown) => {
    const target = path === undefined ? (v == null ? undefined : safeParse(String(v))) : extract(v, path)
    return Array.isArray(target) ? target.length : null
  })
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** One step of a JSON path: an object key or an array index. */
export type JsonPathStep = string | number

/**
 * Parses the JSONPath subset DuckDB's json functions take: `$.a.b`, `$."a b"`, `$[0]`, `$.a[2].b`, and a bare key
 * (`userName`) or `/a/b` JSON pointer.
 */
export function parseJsonPath(path: string): JsonPathStep[] {
  if (path.startsWith('/')) {
    return path
      .slice(1)
      .split('/')
      .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'))
  }
  if (!path.startsWith('$')) return [path]
  const steps: JsonPathStep[] = []
  let i = 1
  while (i < path.length) {
    const c = path[i]
    if (c === '.') {
      if (path[i + 1] === '"') {
        const end = path.indexOf('"', i + 2)
        if (end === -1) throw new Error(`JSON path ${path}: unterminated quoted key`)
        steps.push(path.slice(i + 2, end))
        i = end + 1
      } else {
        let j = i + 1
        while (j < path.length && path[j] !== '.' && path[j] !== '[') j++
        steps.push(path.slice(i + 1, j))
        i = j
      }
    } else if (c === '[') {
      const end = path.indexOf(']', i)
      if (end === -1) throw new Error(`JSON path ${path}: unterminated [`)
      const inner = path.slice(i + 1, end).trim()
      if (inner.startsWith('#-')) steps.push(-Number(inner.slice(2)))
      else if (/^-?\d+$/.test(inner)) steps.push(Number(inner))
      else steps.push(inner.replace(/^["']|["']$/g, ''))
      i = end + 1
    } else {
      throw new Error(`JSON path ${path}: unexpected '${c}' at ${i}`)
    }
  }
  return steps
}

export function formatJsonPath(steps: readonly JsonPathStep[]): string {
  return (
    '$' +
    steps
      .map((s) => (typeof s === 'number' ? `[${s}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(s) ? `.${s}` : `."${s}"`))
      .join('')
  )
}

export function followJsonPath(value: unknown, steps: readonly JsonPathStep[]): unknown {
  let current = value
  for (const step of steps) {
    if (current === null || typeof current !== 'object') return undefined
    if (typeof step === 'number') {
      if (!Array.isArray(current)) return undefined
      current = current[step < 0 ? current.length + step : step]
    } else {
      if (Array.isArray(current)) return undefined
      current = (current as Record<string, unknown>)[step]
    }
  }
  return current
}

/** `->>` semantics: a string as itself, any other value as JSON text, missing or JSON null as SQL NULL. */
export function jsonValueAsText(value: unknown): string | null {
  if (value === undefined || value === null) return null
  if (typeof value === 'string') return value
  return JSON.stringify(value)
}

/** `->` semantics: the value as JSON text, missing as SQL NULL. */
export function jsonValueAsJson(value: unknown): string | null {
  if (value === undefined) return null
  return JSON.stringify(value)
}

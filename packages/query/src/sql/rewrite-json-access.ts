import { jsonColumns, promotedColumnFor } from '@cairn/schema'
import { formatJsonPath, type JsonPathStep, parseJsonPath } from '../json/json-path.js'
import { identifierName, stringLiteralValue, type Token, tokenize } from './tokenize.js'

const JSON_COLUMN_NAMES = new Set(jsonColumns.map((c) => c.name))

interface AccessChain {
  steps: JsonPathStep[]
  /** true when the chain ends in `->>` (text), false for `->` or `[n]` (JSON) */
  asText: boolean
  /** index of the last token of the chain */
  end: number
}

function nextSignificant(tokens: readonly Token[], from: number): number {
  let i = from
  while (i < tokens.length && (tokens[i]!.kind === 'space' || tokens[i]!.kind === 'comment')) i++
  return i
}

function readChain(tokens: readonly Token[], columnIndex: number): AccessChain | undefined {
  const steps: JsonPathStep[] = []
  let asText = false
  let end = columnIndex
  for (;;) {
    const i = nextSignificant(tokens, end + 1)
    const t = tokens[i]
    if (!t) break
    if (t.text === '[') {
      const num = tokens[nextSignificant(tokens, i + 1)]
      const close = nextSignificant(tokens, nextSignificant(tokens, i + 1) + 1)
      if (num?.kind !== 'number' || !/^\d+$/.test(num.text) || tokens[close]?.text !== ']') break
      steps.push(Number(num.text))
      asText = false
      end = close
    } else if (t.text === '->>' || t.text === '->') {
      const argIndex = nextSignificant(tokens, i + 1)
      const arg = tokens[argIndex]
      if (!arg) break
      const literal = stringLiteralValue(arg)
      if (literal !== undefined) steps.push(...parseJsonPath(literal))
      else if (arg.kind === 'number' && /^\d+$/.test(arg.text)) steps.push(Number(arg.text))
      else break
      asText = t.text === '->>'
      end = argIndex
      if (asText) break
    } else {
      break
    }
  }
  return steps.length > 0 ? { steps, asText, end } : undefined
}

/**
 * Rewrites JSON access on the table's JSON columns so the brief's queries run verbatim without DuckDB's json
 * extension: `user_identity->>'type'` becomes the promoted column `user_type` (a plain scan, fast for filters),
 * and any other chain such as `resources[0]->>'resourceType'` becomes `json_extract_string(resources,
 * '$[0].resourceType')`. Indexing a JSON column with `[n]` must be rewritten: DuckDB would take a VARCHAR's `[0]`
 * as a substring. Text inside literals and comments is never touched.
 */
export function rewriteJsonAccess(sql: string): string {
  const tokens = tokenize(sql)
  const out: string[] = []
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!
    const name = identifierName(token)
    const previous = tokens[nextSignificantBackward(tokens, i - 1)]
    const isColumn =
      name !== undefined &&
      JSON_COLUMN_NAMES.has(name) &&
      tokens[nextSignificant(tokens, i + 1)]?.text !== '(' &&
      previous?.text.toLowerCase() !== 'as'
    const chain = isColumn ? readChain(tokens, i) : undefined
    if (!chain || name === undefined) {
      out.push(token.text)
      continue
    }
    const [first] = chain.steps
    const promoted =
      chain.asText && chain.steps.length === 1 && typeof first === 'string' ? promotedColumnFor(name, first) : undefined
    if (promoted) {
      out.push(promoted.name)
    } else {
      const fn = chain.asText ? 'json_extract_string' : 'json_extract'
      out.push(`${fn}(${token.text}, '${formatJsonPath(chain.steps).replaceAll("'", "''")}')`)
    }
    i = chain.end
  }
  return out.join('')
}

function nextSignificantBackward(tokens: readonly Token[], from: number): number {
  let i = from
  while (i >= 0 && (tokens[i]!.kind === 'space' || tokens[i]!.kind === 'comment')) i--
  return i
}

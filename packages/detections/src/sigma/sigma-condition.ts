import { globRegex } from '../glob.js'
import { NotTranslatable } from './not-translatable.js'

/** A parsed Sigma condition, with `1 of x*` / `all of them` already expanded into the searches they name. */
export type SigmaCondition =
  | { kind: 'search'; name: string }
  | { kind: 'not'; operand: SigmaCondition }
  | { kind: 'and' | 'or'; operands: SigmaCondition[] }

type Token = { kind: 'word'; text: string } | { kind: '(' } | { kind: ')' }

function tokenize(text: string): Token[] {
  if (/\|\s*near\b/i.test(text))
    throw new NotTranslatable(`condition '${text}': 'near' (event correlation) is not supported`)
  if (text.includes('|'))
    throw new NotTranslatable(
      `condition '${text}' aggregates events (| ${text.split('|')[1]!.trim()}), which is not supported`,
    )
  const tokens: Token[] = []
  for (const m of text.matchAll(/\(|\)|[^\s()]+/g)) {
    const t = m[0]
    tokens.push(t === '(' ? { kind: '(' } : t === ')' ? { kind: ')' } : { kind: 'word', text: t })
  }
  return tokens
}


/**
 * Parses a condition over the named searches. Precedence is Sigma's: `not` binds tighter than `and`, which binds
 * tighter than `or`. `them` means every search whose name does not start with `_`.
 */
export function parseSigmaCondition(text: string, searchNames: readonly string[]): SigmaCondition {
  const tokens = tokenize(text)
  let pos = 0
  const peekWord = () => {
    const t = tokens[pos]
    return t?.kind === 'word' ? t.text.toLowerCase() : undefined
  }
  const fail = (what: string): never => {
    throw new NotTranslatable(`condition '${text}': ${what}`)
  }

  const quantified = (quantifier: string): SigmaCondition => {
    pos += 2 // the quantifier and `of`
    const target = tokens[pos++]
    if (target?.kind !== 'word') return fail(`'${quantifier} of' needs a search name pattern or 'them'`)
    const names =
      target.text.toLowerCase() === 'them'
        ? searchNames.filter((n) => !n.startsWith('_'))
        : searchNames.filter((n) => globRegex(target.text).test(n))
    if (names.length === 0) fail(`'${target.text}' names no search`)
    const operands = names.map((name): SigmaCondition => ({ kind: 'search', name }))
    if (operands.length === 1) return operands[0]!
    return { kind: quantifier === 'all' ? 'and' : 'or', operands }
  }

  const primary = (): SigmaCondition => {
    const t = tokens[pos]
    if (!t) return fail('ends too early')
    if (t.kind === '(') {
      pos++
      const inner = or()
      if (tokens[pos]?.kind !== ')') fail('a ( is not closed')
      pos++
      return inner
    }
    if (t.kind === ')') return fail('unexpected )')
    const word = t.text.toLowerCase()
    const next = tokens[pos + 1]
    if (next?.kind === 'word' && next.text.toLowerCase() === 'of') {
      if (word === '1' || word === 'any' || word === 'all') return quantified(word === 'all' ? 'all' : '1')
      return fail(`'${t.text} of' is not supported (only '1 of' and 'all of')`)
    }
    if (['and', 'or', 'not', 'of', 'near', 'by'].includes(word)) {
      return fail(word === 'near' ? "'near' (event correlation) is not supported" : `unexpected '${t.text}'`)
    }
    if (!searchNames.includes(t.text)) fail(`'${t.text}' is not a search of the detection`)
    pos++
    return { kind: 'search', name: t.text }
  }

  const not = (): SigmaCondition => {
    if (peekWord() === 'not') {
      pos++
      return { kind: 'not', operand: not() }
    }
    return primary()
  }

  const chain = (kind: 'and' | 'or', operand: () => SigmaCondition): SigmaCondition => {
    const operands = [operand()]
    while (peekWord() === kind) {
      pos++
      operands.push(operand())
    }
    return operands.length === 1 ? operands[0]! : { kind, operands }
  }
  const and = () => chain('and', not)
  const or = (): SigmaCondition => chain('or', and)

  const result = or()
  if (pos < tokens.length) {
    const t = tokens[pos]!
    const word = t.kind === 'word' ? t.text : t.kind
    fail(word.toLowerCase() === 'near' ? "'near' (event correlation) is not supported" : `unexpected '${word}'`)
  }
  return result
}

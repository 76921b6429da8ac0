export type TokenKind = 'space' | 'comment' | 'string' | 'quoted-identifier' | 'identifier' | 'number' | 'operator' | 'punct'

export interface Token {
  kind: TokenKind
  text: string
  start: number
}

const OPERATORS = ['->>', '->', '::', '<=', '>=', '<>', '!=', '||', '==', '**', '//', '<<', '>>', '~~', '!~~', '^@']

/**
 * A lossless SQL tokenizer: concatenating the tokens gives back the input. It knows DuckDB's quoting (strings with
 * doubled quotes, E'' escapes, $$ dollar quotes, double-quoted identifiers) and comments, which is all a rewrite
 * needs to never touch text inside literals.
 */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  const n = sql.length
  const push = (kind: TokenKind, end: number) => {
    tokens.push({ kind, text: sql.slice(i, end), start: i })
    i = end
  }
  while (i < n) {
    const c = sql[i]!
    if (/\s/.test(c)) {
      let j = i + 1
      while (j < n && /\s/.test(sql[j]!)) j++
      push('space', j)
    } else if (c === '-' && sql[i + 1] === '-') {
      const j = sql.indexOf('\n', i)
      push('comment', j === -1 ? n : j)
    } else if (c === '/' && sql[i + 1] === '*') {
      const j = sql.indexOf('*/', i + 2)
      push('comment', j === -1 ? n : j + 2)
    } else if (c === "'" || ((c === 'E' || c === 'e') && sql[i + 1] === "'")) {
      const escapes = c !== "'"
      let j = escapes ? i + 2 : i + 1
      while (j < n) {
        if (escapes && sql[j] === '\\') j += 2
        else if (sql[j] === "'" && sql[j + 1] === "'") j += 2
        else if (sql[j] === "'") break
        else j++
      }
      push('string', Math.min(j + 1, n))
    } else if (c === '"') {
      let j = i + 1
      while (j < n) {
        if (sql[j] === '"' && sql[j + 1] === '"') j += 2
        else if (sql[j] === '"') break
        else j++
      }
      push('quoted-identifier', Math.min(j + 1, n))
    } else if (c === '$' && /^\$[A-Za-z_]*\$/.test(sql.slice(i))) {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i))![0]
      const j = sql.indexOf(tag, i + tag.length)
      push('string', j === -1 ? n : j + tag.length)
    } else if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      let j = i + 1
      while (j < n && /[A-Za-z0-9_$\u0080-\uffff]/.test(sql[j]!)) j++
      push('identifier', j)
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      let j = i + 1
      while (j < n && /[0-9._eE]/.test(sql[j]!)) j++
      push('number', j)
    } else {
      const op = OPERATORS.find((o) => sql.startsWith(o, i))
      if (op) push('operator', i + op.length)
      else push(/[(),;[\]{}.]/.test(c) ? 'punct' : 'operator', i + 1)
    }
  }
  return tokens
}

/** The value of a single-quoted SQL string literal token. */
export function stringLiteralValue(token: Token): string | undefined {
  if (token.kind !== 'string' || !token.text.startsWith("'")) return undefined
  return token.text.slice(1, -1).replaceAll("''", "'")
}

export { quoteStringLiteral } from '@cairn/schema'

/** The name an identifier token refers to: unquoted names fold to lower case as in DuckDB. */
export function identifierName(token: Token): string | undefined {
  if (token.kind === 'identifier') return token.text.toLowerCase()
  if (token.kind === 'quoted-identifier') return token.text.slice(1, -1).replaceAll('""', '"')
  return undefined
}

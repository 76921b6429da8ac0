import { columns } from '@cairn/schema'
import { identifierName, type Token, tokenize } from './tokenize.js'

const COLUMN_NAMES = new Set(columns.map((c) => c.name))
const STAR_PREFIXES = new Set(['select', 'distinct', 'all', ',', '.', 'on'])

function previousSignificant(tokens: readonly Token[], i: number): Token | undefined {
  for (let j = i - 1; j >= 0; j--) {
    const t = tokens[j]!
    if (t.kind !== 'space' && t.kind !== 'comment') return t
  }
  return undefined
}

/**
 * The table columns a query can touch, so the loader reads only those from Parquet. Conservative: any identifier
 * spelled like a column counts, and `*` in a select list or `COLUMNS(...)` means every column.
 */
export function referencedColumns(sql: string): { all: boolean; columns: Set<string> } {
  const tokens = tokenize(sql)
  const found = new Set<string>()
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!
    if (t.text === '*') {
      const prev = previousSignificant(tokens, i)
      if (!prev || STAR_PREFIXES.has(prev.text.toLowerCase())) return { all: true, columns: new Set(COLUMN_NAMES) }
      continue
    }
    const name = identifierName(t)
    if (name === 'columns' || name === 'describe' || name === 'summarize') {
      return { all: true, columns: new Set(COLUMN_NAMES) }
    }
    if (name !== undefined && COLUMN_NAMES.has(name)) found.add(name)
  }
  return { all: false, columns: found }
}

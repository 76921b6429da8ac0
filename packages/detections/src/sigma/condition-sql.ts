import type { SigmaCondition } from './sigma-condition.js'
import type { SigmaSearch } from './sigma-rule.js'
import { fieldMatchSql } from './value-match-sql.js'

function searchSql(search: SigmaSearch): string {
  const groups = search.map((items) =>
    items.length === 1 ? fieldMatchSql(items[0]!) : `(${items.map(fieldMatchSql).join(' and ')})`,
  )
  return groups.length === 1 ? groups[0]! : `(${groups.join(' or ')})`
}

/** The boolean SQL expression of a rule's condition over its searches; every part is TRUE or FALSE, never NULL. */
export function conditionSql(condition: SigmaCondition, searches: ReadonlyMap<string, SigmaSearch>): string {
  switch (condition.kind) {
    case 'search':
      return searchSql(searches.get(condition.name)!)
    case 'not':
      return `not ${conditionSql(condition.operand, searches)}`
    case 'and':
    case 'or':
      return `(${condition.operands.map((c) => conditionSql(c, searches)).join(` ${condition.kind} `)})`
  }
}

import type { QueryResult } from '@cairn/query'

export type OutputFormat = 'table' | 'csv' | 'json' | 'jsonl'
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'csv', 'json', 'jsonl']

function text(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

function csvCell(value: unknown): string {
  const s = text(value)
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

function table(result: QueryResult, maxWidth = 60): string {
  const names = result.columns.map((c) => c.name)
  const cells = result.rows.map((row) =>
    names.map((n) => {
      const s = text(row[n]).replace(/\s+/g, ' ')
      return s.length > maxWidth ? `${s.slice(0, maxWidth - 1)}…` : s
    }),
  )
  const widths = names.map((n, i) => Math.max(n.length, ...cells.map((r) => r[i]!.length)))
  const line = (parts: string[]) => `| ${parts.map((p, i) => p.padEnd(widths[i]!)).join(' | ')} |`
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`
  return [rule, line(names), rule, ...cells.map(line), rule].join('\n')
}

/** Renders a query result for a terminal (table) or for scripts (csv, json: one array, jsonl: a row per line). */
export function formatResult(result: QueryResult, format: OutputFormat): string {
  switch (format) {
    case 'json':
      return JSON.stringify(result.rows, null, 2)
    case 'jsonl':
      return result.rows.map((r) => JSON.stringify(r)).join('\n')
    case 'csv': {
      const names = result.columns.map((c) => c.name)
      return [names.map(csvCell).join(','), ...result.rows.map((r) => names.map((n) => csvCell(r[n])).join(','))].join('\n')
    }
    case 'table':
      return `${table(result)}\n(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`
  }
}

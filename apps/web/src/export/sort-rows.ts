/** Two cells in sort order (NULLs last either way), numbers as numbers, text by code point like SQL. */
function compareCells(x: unknown, y: unknown, sign: number): number {
  if (x == null || y == null) return x == null ? (y == null ? 0 : 1) : -1
  if (typeof x === 'number' && typeof y === 'number') return (x - y) * sign
  const s = typeof x === 'object' ? JSON.stringify(x) : String(x)
  const t = typeof y === 'object' ? JSON.stringify(y) : String(y)
  return (s < t ? -1 : s > t ? 1 : 0) * sign
}

/** Rows sorted by one column (NULLs last either way), numbers as numbers, text by code point like SQL. */
export function sortRows(
  rows: readonly Record<string, unknown>[],
  column: string,
  direction: 'asc' | 'desc',
): Record<string, unknown>[] {
  const sign = direction === 'asc' ? 1 : -1
  return [...rows].sort((a, b) => compareCells(a[column], b[column], sign))
}

/** The order of a column's values, as the row indexes to show (stable: ties keep the query's order). */
export function sortedIndexes(values: readonly unknown[], direction: 'asc' | 'desc'): number[] {
  const sign = direction === 'asc' ? 1 : -1
  const order = Array.from(values, (_, i) => i)
  return order.sort((a, b) => compareCells(values[a], values[b], sign))
}

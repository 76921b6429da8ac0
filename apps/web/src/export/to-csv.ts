/** A cell as text for CSV, TSV or the clipboard: objects and lists as JSON. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** RFC 4180 CSV with a header line. */
export function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const lines = [columns.map(csvField).join(',')]
  for (const row of rows) lines.push(columns.map((c) => csvField(cellText(row[c]))).join(','))
  return `${lines.join('\r\n')}\r\n`
}

/** Tab-separated text (tabs and newlines in cells become spaces), as spreadsheets paste it. */
export function toTsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const clean = (s: string) => s.replace(/[\t\r\n]+/g, ' ')
  return [columns.map(clean).join('\t'), ...rows.map((r) => columns.map((c) => clean(cellText(r[c]))).join('\t'))].join('\n')
}

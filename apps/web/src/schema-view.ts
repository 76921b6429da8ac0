import { type Column, columns, TABLE_NAME } from '@cairn/schema'

function row(column: Column): string {
  const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)
  return `<tr><td><code>${column.name}</code></td><td>${column.type}</td><td>${escapeHtml(column.description)}</td></tr>`
}

/** The table reference an analyst sees before any data is opened. */
export function schemaView(): string {
  return `<h2>Table <code>${TABLE_NAME}</code></h2>
<table><thead><tr><th scope="col">column</th><th scope="col">type</th><th scope="col">what</th></tr></thead>
<tbody>${columns.map(row).join('')}</tbody></table>`
}

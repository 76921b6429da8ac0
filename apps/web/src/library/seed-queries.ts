import type { LibraryEntry } from './library-entry.js'

// The brief's example queries, shipped with the app as its own data.
const files = import.meta.glob<string>('./seed-queries/*.sql', { query: '?raw', import: 'default', eager: true })

function titleOf(sql: string, file: string): string {
  const first = sql.split('\n').find((l) => l.startsWith('--'))
  return first ? first.replace(/^--\s*/, '') : file
}

export function seedQueries(): LibraryEntry[] {
  return Object.entries(files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, sql]) => {
      const file = path.split('/').at(-1)!
      return { id: file, title: titleOf(sql, file), group: 'Example queries', sql }
    })
}

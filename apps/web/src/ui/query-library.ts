import type { LibraryEntry } from '../library/library-entry.js'
import { h } from './dom.js'

/** The query library: each entry loads into the editor and runs at once. */
export function queryLibrary(entries: readonly LibraryEntry[], run: (entry: LibraryEntry) => void): HTMLElement {
  const groups = new Map<string, LibraryEntry[]>()
  for (const e of entries) groups.set(e.group, [...(groups.get(e.group) ?? []), e])
  return h(
    'nav',
    { class: 'library', 'aria-label': 'Query library' },
    ...[...groups].map(([group, list]) =>
      h(
        'details',
        { open: group === 'Example queries' },
        h('summary', { text: `${group} (${list.length})` }),
        h(
          'ul',
          {},
          ...list.map((entry) =>
            h('li', {}, h('button', { type: 'button', class: 'link', 'data-query': entry.id, title: entry.detail, onclick: () => run(entry), text: entry.title })),
          ),
        ),
      ),
    ),
  )
}

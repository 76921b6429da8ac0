import { type Filter, filterLabel } from '../filters/filters.js'
import { h } from './dom.js'

export interface Scope {
  from?: string
  to?: string
  filters: readonly Filter[]
}

export interface ScopeActions {
  removeFilter: (index: number) => void
  clearTime: () => void
  clearAll: () => void
}

const shortTime = (iso: string) => iso.replace('T', ' ').replace(/:00(\.0+)?Z$/, '').replace(/Z$/, '')

/**
 * The indicator of what every view is narrowed to (the dashboard, the event list and view, the SQL editor's
 * queries): one chip per filter and for the time range, each removes itself; "Clear all" removes them all.
 */
export function renderScopeBar(target: HTMLElement, scope: Scope, actions: ScopeActions): void {
  const time = scope.from || scope.to ? `time ${scope.from ? shortTime(scope.from) : '…'} – ${scope.to ? shortTime(scope.to) : '…'} UTC` : ''
  const applied = [...scope.filters.map(filterLabel), ...(time ? [time] : [])]
  target.hidden = applied.length === 0
  target.dataset.applied = applied.join('; ')
  target.replaceChildren(
    h('span', { class: 'filters-label', text: 'Filters applied:' }),
    ...scope.filters.map((f, i) =>
      h('button', { type: 'button', class: 'chip', 'aria-label': `Remove filter ${filterLabel(f)}`, onclick: () => actions.removeFilter(i), text: `${filterLabel(f)} ✕` }),
    ),
    ...(time ? [h('button', { type: 'button', class: 'chip time-chip', 'aria-label': `Remove the time range (${time})`, onclick: actions.clearTime, text: `${time} ✕` })] : []),
    h('button', { type: 'button', id: 'clear-filters', class: 'link', onclick: actions.clearAll, text: 'Clear all' }),
  )
}

import type { DashboardFilter } from '../ui/dashboard-panels.js'

/** What the URL keeps: the view, the SQL, the time range and the dashboard filters (in the hash: never sent). */
export interface AppState {
  view: 'query' | 'dashboard' | 'event'
  sql: string
  from?: string
  to?: string
  filters: DashboardFilter[]
  event?: string
}

export function readState(hash: string, defaultSql: string): AppState {
  const params = new URLSearchParams(hash.replace(/^#/, ''))
  const view = params.get('view')
  let filters: DashboardFilter[] = []
  try {
    filters = JSON.parse(params.get('filters') ?? '[]')
  } catch {
    filters = []
  }
  return {
    view: view === 'dashboard' || view === 'event' ? view : 'query',
    sql: params.get('sql') ?? defaultSql,
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
    filters: Array.isArray(filters) ? filters : [],
    event: params.get('event') ?? undefined,
  }
}

export function writeState(state: AppState): string {
  const params = new URLSearchParams()
  params.set('view', state.view)
  params.set('sql', state.sql)
  if (state.from) params.set('from', state.from)
  if (state.to) params.set('to', state.to)
  if (state.filters.length) params.set('filters', JSON.stringify(state.filters))
  if (state.event) params.set('event', state.event)
  return `#${params.toString()}`
}

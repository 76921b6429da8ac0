import { type Filter, isFilter } from '../filters/filters.js'

/**
 * What the URL keeps, so that a link (with the same files opened again) shows the same view: the view, the SQL,
 * the time range, the filters and the event shown. It is the hash: never sent to any server.
 */
export interface AppState {
  view: 'query' | 'dashboard' | 'event'
  sql: string
  from?: string
  to?: string
  filters: Filter[]
  event?: string
}

/** A time bound as the URL may hold it: an ISO-8601 UTC timestamp, or nothing. */
function timeBound(text: string | null): string | undefined {
  if (!text || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/.test(text) || Number.isNaN(Date.parse(text))) return undefined
  return text
}

/** The filters of the URL; anything that is not a filter of a known field (an edited or forged link) is dropped. */
function filtersOf(text: string | null): Filter[] {
  try {
    const parsed: unknown = JSON.parse(text ?? '[]')
    return Array.isArray(parsed) ? parsed.filter(isFilter).map((f) => ({ field: f.field, value: f.value })) : []
  } catch {
    return []
  }
}

export function readState(hash: string, defaultSql: string): AppState {
  const params = new URLSearchParams(hash.replace(/^#/, ''))
  const view = params.get('view')
  return {
    view: view === 'dashboard' || view === 'event' ? view : 'query',
    sql: params.get('sql') ?? defaultSql,
    from: timeBound(params.get('from')),
    to: timeBound(params.get('to')),
    filters: filtersOf(params.get('filters')),
    event: params.get('event') || undefined,
  }
}

export function writeState(state: AppState): string {
  const params = new URLSearchParams()
  params.set('view', state.view)
  params.set('sql', state.sql)
  if (state.from) params.set('from', state.from)
  if (state.to) params.set('to', state.to)
  if (state.filters.length) params.set('filters', JSON.stringify(state.filters.map((f) => ({ field: f.field, value: f.value }))))
  if (state.event) params.set('event', state.event)
  return `#${params.toString()}`
}

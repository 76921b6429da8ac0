import { quoteStringLiteral } from '@cairn/schema'
import './style.css'
import { EngineClient } from './engine/engine-client.js'
import type { ViewScope } from './engine/protocol.js'
import { type Filter, sameFilter } from './filters/filters.js'
import { detectionQueries } from './library/detection-queries.js'
import { seedQueries } from './library/seed-queries.js'
import { type AppState, readState, writeState } from './state/url-state.js'
import { renderDashboard } from './ui/dashboard.js'
import { panels } from './ui/dashboard-panels.js'
import { h } from './ui/dom.js'
import { eventView } from './ui/event-view.js'
import { openDataPanel } from './ui/open-data.js'
import { queryLibrary } from './ui/query-library.js'
import { ResultsGrid } from './ui/results-grid.js'
import { renderScopeBar } from './ui/scope-bar.js'
import { schemaView } from './schema-view.js'
import { createSqlEditor } from './ui/sql-editor.js'

const DEFAULT_SQL = 'select event_time, event_name, event_source, user_arn, source_ip_address, error_code, event_id\nfrom aws_cloudtrail_log\norder by event_time desc\nlimit 1000'
/** What a pivot shows: every event in scope, newest first (the pivot's filter narrows the table). */
const EVENT_LIST_SQL = 'select event_time, event_name, event_source, user_arn, source_ip_address, aws_region, error_code, event_id\nfrom aws_cloudtrail_log\norder by event_time desc'

const engine = new EngineClient()
const state: AppState = readState(location.hash, DEFAULT_SQL)
const saveState = () => history.replaceState(null, '', writeState(state))

const app = document.querySelector<HTMLElement>('#app')!
const queryStatus = h('p', { class: 'query-status', role: 'status', 'aria-live': 'polite' })
const grid = new ResultsGrid((row) => showEvent(String(row.event_id)))
const editorHost = h('div', { class: 'editor' })
const dashboardHost = h('div', { class: 'dashboard', 'aria-label': 'Dashboard' })
const filterBar = h('div', { class: 'filters', role: 'region', 'aria-label': 'Active filters', hidden: true })
const eventHost = h('div', { class: 'event-host' })

const isoLocal = (iso?: string) => (iso ? iso.slice(0, 16) : '')
const fromInput = h('input', { type: 'datetime-local', id: 'time-from', value: isoLocal(state.from) })
const toInput = h('input', { type: 'datetime-local', id: 'time-to', value: isoLocal(state.to) })
/** The scope every query runs in, whichever view asks: the time range and the filters. */
const scopeOf = (): ViewScope => ({ from: state.from, to: state.to, filters: [...state.filters] })
const scopeKey = () => JSON.stringify(scopeOf())
/** Per view, the scope (and SQL or event) it was last drawn for: a view is redrawn when that has changed. */
const drawn: Partial<Record<AppState['view'], string>> = {}
const drawKey = (view: AppState['view']) => `${scopeKey()}\n${view === 'query' ? state.sql : view === 'event' ? state.event : ''}`
let opened = false

const setTime = (from: string | undefined, to: string | undefined) => {
  state.from = from
  state.to = to
  fromInput.value = isoLocal(from)
  toInput.value = isoLocal(to)
  saveState()
  refresh()
}
const onTime = () => setTime(fromInput.value ? `${fromInput.value}:00Z` : undefined, toInput.value ? `${toInput.value}:00Z` : undefined)
const addFilter = (filter: Filter) => {
  if (!state.filters.some((f) => sameFilter(f, filter))) state.filters.push(filter)
  saveState()
}
fromInput.addEventListener('change', onTime)
toInput.addEventListener('change', onTime)

let latestRun = 0

async function runSql(sql: string): Promise<void> {
  state.sql = sql
  state.view = 'query'
  saveState()
  showView()
  renderFilters()
  drawn.query = drawKey('query')
  if (editor.state.doc.toString() !== sql) editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: sql } })
  const run = ++latestRun
  const scope = scopeOf()
  queryStatus.textContent = 'Running…'
  queryStatus.dataset.state = 'running'
  const started = performance.now()
  try {
    const { table, loadMs, runMs } = await engine.query(sql, scope, (p) => {
      if ('filesRead' in p && run === latestRun) queryStatus.textContent = `Loading ${p.filesRead}/${p.filesTotal} files (${p.rows.toLocaleString('en-US')} rows)…`
    })
    if (run !== latestRun) return // a later run (or a change of scope) took over
    const ms = Math.round(performance.now() - started)
    const filtered = scope.filters?.length || scope.from || scope.to ? ' · filters applied' : ''
    grid.show(table, `${ms} ms${filtered}`)
    const loading = loadMs >= 1 ? `loading ${Math.round(loadMs)} ms, ` : ''
    queryStatus.textContent = `Done in ${ms} ms (${loading}DuckDB ${Math.round(runMs)} ms)${filtered}`
    queryStatus.dataset.engineMs = String(Math.round(loadMs + runMs))
    queryStatus.dataset.state = 'done'
  } catch (error) {
    if (run !== latestRun) return
    queryStatus.textContent = `Query failed: ${(error as Error).message}`
    queryStatus.dataset.state = 'failed'
  }
}

const editor = createSqlEditor(editorHost, state.sql, () => runSql(editor.state.doc.toString()))

async function showEvent(eventId: string): Promise<void> {
  state.view = 'event'
  state.event = eventId
  saveState()
  showView()
  renderFilters()
  drawn.event = drawKey('event')
  eventHost.dataset.ready = 'false'
  eventHost.textContent = 'Loading…'
  try {
    const [row] = (await engine.query(`select * from aws_cloudtrail_log where event_id = ${quoteStringLiteral(eventId)}`, scopeOf())).table.rows()
    eventHost.replaceChildren(
      row
        ? eventView(row, (p) => {
            addFilter(p.filter)
            void runSql(EVENT_LIST_SQL)
          })
        : h('p', { text: `No event ${eventId} in the time range and filters applied.` }),
    )
  } catch (error) {
    eventHost.textContent = `Could not show event ${eventId}: ${(error as Error).message}`
  }
  eventHost.dataset.ready = 'true'
}

function renderFilters(): void {
  renderScopeBar(filterBar, state, {
    removeFilter: (i) => {
      state.filters.splice(i, 1)
      saveState()
      refresh()
    },
    clearTime: () => setTime(undefined, undefined),
    clearAll: () => {
      state.filters = []
      setTime(undefined, undefined)
    },
  })
}

/**
 * Draws the current view again if the scope (or its SQL or event) changed since it was last drawn. The SQL view
 * runs on its own only to show again what it showed (a query never run there waits for Run).
 */
function refresh(): void {
  renderFilters()
  if (!opened || drawn[state.view] === drawKey(state.view)) return
  if (state.view === 'query') return void (drawn.query === undefined ? undefined : runSql(editor.state.doc.toString()))
  if (state.view === 'event') return void (state.event ? showEvent(state.event) : undefined)
  drawn.dashboard = drawKey('dashboard')
  dashboardHost.dataset.ready = 'false'
  void renderDashboard(dashboardHost, engine, scopeOf(), {
    addFilter: (f) => {
      addFilter(f)
      refresh()
    },
    setDay: (day) => {
      const from = `${day}T00:00:00Z`
      setTime(from, new Date(Date.parse(from) + 86_400_000).toISOString().replace('.000Z', 'Z'))
    },
    openEvent: (id) => void showEvent(id),
  }, librarySqls())
}

/** The example queries: their columns are read with the dashboard's (or on opening, from another view) in one pass. */
const librarySqls = () => seedQueries().map((q) => q.sql)

const sections: Record<AppState['view'], HTMLElement> = {
  query: h('div', { class: 'view-query' }, queryLibrary([...seedQueries(), ...detectionQueries()], (e) => runSql(e.sql)), h('div', { class: 'workbench' }, editorHost, h('div', { class: 'toolbar' }, h('button', { type: 'button', id: 'run', onclick: () => runSql(editor.state.doc.toString()), text: 'Run (Ctrl+Enter)' }), queryStatus), grid.element)),
  dashboard: h('div', { class: 'view-dashboard' }, dashboardHost),
  event: h('div', { class: 'view-event' }, eventHost),
}
const tabs = (['query', 'dashboard', 'event'] as const).map((view) =>
  h('button', { type: 'button', role: 'tab', id: `tab-${view}`, onclick: () => {
    state.view = view
    saveState()
    showView()
    refresh()
  }, text: view === 'query' ? 'SQL' : view === 'dashboard' ? 'Dashboard' : 'Event' }),
)

function showView(): void {
  for (const [view, section] of Object.entries(sections)) section.hidden = view !== state.view
  for (const t of tabs) t.setAttribute('aria-selected', String(t.id === `tab-${state.view}`))
}

const theme = localStorage.getItem('cairn-theme') ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light')
document.documentElement.dataset.theme = theme
const themeButton = h('button', { type: 'button', id: 'theme', 'aria-label': 'Switch between dark and light theme', onclick: () => {
  const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark'
  document.documentElement.dataset.theme = next
  localStorage.setItem('cairn-theme', next)
}, text: '◐ Theme' })

app.replaceChildren(
  h('header', { class: 'top' }, h('h1', { text: 'Cairn' }), h('div', { role: 'tablist', 'aria-label': 'Views' }, ...tabs),
    h('div', { class: 'time-range' }, h('label', { for: 'time-from', text: 'From (UTC)' }), fromInput, h('label', { for: 'time-to', text: 'To (UTC)' }), toInput), themeButton),
  filterBar,
  openDataPanel(engine, async () => {
    dashboardHost.dataset.ready = 'false'
    // the columns the example queries and the dashboard need, read in one pass; the dashboard does it itself, after
    // drawing the panels that need few columns
    if (state.view !== 'dashboard') {
      queryStatus.textContent = 'Loading the columns of the example queries and the dashboard…'
      await engine.prepare([...librarySqls(), ...panels.map((p) => p.sql)], scopeOf()).catch(() => undefined)
      queryStatus.textContent = ''
    }
    opened = true
    // new data: every view is drawn afresh, the current one now (the SQL view too: it restores a link's query)
    for (const view of Object.keys(drawn) as AppState['view'][]) delete drawn[view]
    if (state.view === 'query') void runSql(editor.state.doc.toString())
    else refresh()
  }),
  ...Object.values(sections),
  h('details', { class: 'schema' }, h('summary', { text: 'Table reference' }), h('div', { html: '' })),
)
app.querySelector('.schema div')!.innerHTML = schemaView()
showView()
renderFilters()

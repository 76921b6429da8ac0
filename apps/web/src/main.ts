import { quoteStringLiteral } from '@cairn/schema'
import './style.css'
import { EngineClient } from './engine/engine-client.js'
import { detectionQueries } from './library/detection-queries.js'
import { seedQueries } from './library/seed-queries.js'
import { type AppState, readState, writeState } from './state/url-state.js'
import { renderDashboard } from './ui/dashboard.js'
import { panels, whereOf } from './ui/dashboard-panels.js'
import { h } from './ui/dom.js'
import { eventView, pivotSql } from './ui/event-view.js'
import { openDataPanel } from './ui/open-data.js'
import { queryLibrary } from './ui/query-library.js'
import { ResultsGrid } from './ui/results-grid.js'
import { schemaView } from './schema-view.js'
import { createSqlEditor } from './ui/sql-editor.js'

const DEFAULT_SQL = 'select event_time, event_name, event_source, user_arn, source_ip_address, error_code, event_id\nfrom aws_cloudtrail_log\norder by event_time desc\nlimit 1000'

const engine = new EngineClient()
const state: AppState = readState(location.hash, DEFAULT_SQL)
const saveState = () => history.replaceState(null, '', writeState(state))

const app = document.querySelector<HTMLElement>('#app')!
const queryStatus = h('p', { class: 'query-status', role: 'status', 'aria-live': 'polite' })
const grid = new ResultsGrid((row) => showEvent(String(row.event_id)))
const editorHost = h('div', { class: 'editor' })
const dashboardHost = h('div', { class: 'dashboard', 'aria-label': 'Dashboard' })
const filterBar = h('div', { class: 'filters', 'aria-label': 'Active filters' })
const eventHost = h('div', { class: 'event-host' })

const isoLocal = (iso?: string) => (iso ? iso.slice(0, 16) : '')
const fromInput = h('input', { type: 'datetime-local', id: 'time-from', value: isoLocal(state.from) })
const toInput = h('input', { type: 'datetime-local', id: 'time-to', value: isoLocal(state.to) })
const timeOf = () => ({ from: state.from, to: state.to })
const onTime = () => {
  state.from = fromInput.value ? `${fromInput.value}:00Z` : undefined
  state.to = toInput.value ? `${toInput.value}:00Z` : undefined
  saveState()
  refresh()
}
fromInput.addEventListener('change', onTime)
toInput.addEventListener('change', onTime)

async function runSql(sql: string): Promise<void> {
  state.sql = sql
  state.view = 'query'
  saveState()
  showView()
  if (editor.state.doc.toString() !== sql) editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: sql } })
  queryStatus.textContent = 'Running…'
  queryStatus.dataset.state = 'running'
  const started = performance.now()
  try {
    const result = await engine.query(sql, timeOf(), (p) => {
      if ('filesRead' in p) queryStatus.textContent = `Loading ${p.filesRead}/${p.filesTotal} files (${p.rows.toLocaleString('en-US')} rows)…`
    })
    const ms = Math.round(performance.now() - started)
    grid.show({ columns: result.columns.map((c) => c.name), rows: result.rows }, `${ms} ms`)
    queryStatus.textContent = `Done in ${ms} ms`
    queryStatus.dataset.state = 'done'
  } catch (error) {
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
  eventHost.textContent = 'Loading…'
  const { rows } = await engine.query(`select * from aws_cloudtrail_log where event_id = ${quoteStringLiteral(eventId)}`)
  eventHost.replaceChildren(rows[0] ? eventView(rows[0], (p) => runSql(pivotSql(p))) : h('p', { text: `No event ${eventId}` }))
}

function renderFilters(): void {
  filterBar.replaceChildren(
    ...state.filters.map((f, i) =>
      h('button', { type: 'button', class: 'chip', 'aria-label': `Remove filter ${f.expression} = ${f.value}`, onclick: () => {
        state.filters.splice(i, 1)
        saveState()
        refresh()
      }, text: `${f.expression} = ${f.value ?? '(none)'} ✕` }),
    ),
  )
}

function refresh(): void {
  renderFilters()
  if (state.view === 'dashboard') {
    dashboardHost.dataset.ready = 'false'
    void renderDashboard(dashboardHost, engine, state.filters, timeOf(), {
      addFilter: (f) => {
        state.filters.push(f)
        saveState()
        refresh()
      },
      setDay: (day) => {
        state.from = `${day}T00:00:00Z`
        state.to = new Date(Date.parse(state.from) + 86_400_000).toISOString().replace('.000Z', 'Z')
        fromInput.value = isoLocal(state.from)
        toInput.value = isoLocal(state.to)
        saveState()
        refresh()
      },
      openEvent: (id) => void showEvent(id),
    })
  }
}

const sections: Record<AppState['view'], HTMLElement> = {
  query: h('div', { class: 'view-query' }, queryLibrary([...seedQueries(), ...detectionQueries()], (e) => runSql(e.sql)), h('div', { class: 'workbench' }, editorHost, h('div', { class: 'toolbar' }, h('button', { type: 'button', id: 'run', onclick: () => runSql(editor.state.doc.toString()), text: 'Run (Ctrl+Enter)' }), queryStatus), grid.element)),
  dashboard: h('div', { class: 'view-dashboard' }, filterBar, dashboardHost),
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
  openDataPanel(engine, async () => {
    dashboardHost.dataset.ready = 'false'
    // the columns the example queries and the dashboard need, read in one pass
    const library = [...seedQueries().map((q) => q.sql), ...panels.map((p) => p.sql(whereOf(state.filters)))]
    queryStatus.textContent = 'Loading the columns of the example queries and the dashboard…'
    await engine.prepare(library, timeOf()).catch(() => undefined)
    queryStatus.textContent = ''
    if (state.view === 'query') void runSql(editor.state.doc.toString())
    else if (state.view === 'event' && state.event) void showEvent(state.event)
    else refresh()
  }),
  ...Object.values(sections),
  h('details', { class: 'schema' }, h('summary', { text: 'Table reference' }), h('div', { html: '' })),
)
app.querySelector('.schema div')!.innerHTML = schemaView()
showView()

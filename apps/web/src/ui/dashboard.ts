import type { EngineClient } from '../engine/engine-client.js'
import type { ViewScope } from '../engine/protocol.js'
import { cellText } from '../export/to-csv.js'
import type { Filter } from '../filters/filters.js'
import { type Panel, panels } from './dashboard-panels.js'
import { h } from './dom.js'
import { timelineChart } from './timeline-chart.js'

export interface DashboardActions {
  addFilter: (f: Filter) => void
  setDay: (day: string) => void
  openEvent: (eventId: string) => void
}

function bars(panel: Panel, rows: Record<string, unknown>[], actions: DashboardActions): HTMLElement {
  const max = Math.max(1, ...rows.map((r) => Number(r.n)))
  return h(
    'ol',
    { class: `bars ${panel.kind}` },
    ...rows.map((r) => {
      const label = r.label === null ? null : String(r.label)
      const bar = h('span', { class: 'bar' })
      bar.style.width = `${(100 * Number(r.n)) / max}%`
      const click = () => {
        if (panel.filterOf) actions.addFilter(panel.filterOf(label))
      }
      return h(
        'li',
        {},
        h('button', { type: 'button', class: 'bar-button', onclick: click, 'aria-label': `${label ?? '(none)'}: ${r.n}` }, h('span', { class: 'bar-label', text: label ?? '(none)' }), bar, h('span', { class: 'bar-count', text: String(r.n) })),
      )
    }),
  )
}

function list(rows: Record<string, unknown>[], actions: DashboardActions): HTMLElement {
  return h(
    'ul',
    { class: 'event-list' },
    ...rows.map((r) =>
      h('li', {}, h('button', { type: 'button', class: 'link', onclick: () => actions.openEvent(String(r.event_id)), text: `${cellText(r.event_time)} ${cellText(r.event_name)} by ${cellText(r.actor)}${r.error_code ? ` (${cellText(r.error_code)})` : ''}` })),
    ),
  )
}

/**
 * The dashboard: every panel is one query over the current time range and filters; every element filters. Drawn in
 * two passes: the panels over narrow columns first (then `data-ready`), then the `later` ones, with the columns of
 * `alsoLoad` (the app's query library) read in the same pass (then `data-complete`).
 */
export async function renderDashboard(
  target: HTMLElement,
  engine: EngineClient,
  scope: ViewScope,
  actions: DashboardActions,
  alsoLoad: readonly string[] = [],
): Promise<void> {
  const cards = panels.map((panel) => {
    const body = h('div', { class: 'panel-body', text: 'Loading…' })
    return { panel, body, card: h('section', { class: 'panel', 'data-panel': panel.id, 'aria-label': panel.title }, h('h3', { text: panel.title }), body) }
  })
  target.dataset.complete = 'false'
  target.replaceChildren(...cards.map((c) => c.card))
  const draw = async ({ panel, body }: (typeof cards)[number]) => {
    try {
      const rows = (await engine.query(panel.sql, scope)).table.rows()
      body.replaceChildren(rows.length === 0 ? h('p', { text: 'None' }) : panel.kind === 'list' ? list(rows, actions) : panel.kind === 'timeline' ? timelineChart(rows, actions.setDay) : bars(panel, rows, actions))
    } catch (error) {
      body.textContent = `Failed: ${(error as Error).message}`
    }
  }
  const first = cards.filter((c) => !c.panel.later)
  const second = cards.filter((c) => c.panel.later)
  // each panel reports its own failure
  await engine.prepare(first.map((c) => c.panel.sql), scope).catch(() => undefined)
  for (const card of first) await draw(card)
  target.dataset.ready = 'true'
  // a session adds columns to what it has loaded: the second pass names only what the first did not need
  await engine.prepare([...second.map((c) => c.panel.sql), ...alsoLoad], scope).catch(() => undefined)
  for (const card of second) await draw(card)
  target.dataset.complete = 'true'
}

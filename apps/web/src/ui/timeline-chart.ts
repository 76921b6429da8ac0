import { h } from './dom.js'

const SERIES_CLASS = ['s0', 's1', 's2']

/**
 * Counts per day as a column chart; rows are `{ label: day, n, series? }` and a day with several series is one
 * stacked column. Each column is a button (keyboard-reachable, labelled with its counts).
 */
export function timelineChart(rows: readonly Record<string, unknown>[], onDay: (day: string) => void): HTMLElement {
  const days = new Map<string, Map<string, number>>()
  const series: string[] = []
  for (const r of rows) {
    const day = String(r.label)
    const name = r.series == null ? 'events' : String(r.series)
    if (!series.includes(name)) series.push(name)
    const counts = days.get(day) ?? new Map<string, number>()
    counts.set(name, (counts.get(name) ?? 0) + Number(r.n))
    days.set(day, counts)
  }
  series.sort()
  const total = (c: Map<string, number>) => [...c.values()].reduce((a, b) => a + b, 0)
  const max = Math.max(1, ...[...days.values()].map(total))
  const columns = [...days].map(([day, counts]) => {
    const column = h('button', {
      type: 'button',
      class: 'column',
      title: `${day}: ${[...counts].map(([s, n]) => `${n} ${s}`).join(', ')}`,
      'aria-label': `${day}: ${[...counts].map(([s, n]) => `${n} ${s}`).join(', ')}`,
      onclick: () => onDay(day),
    })
    for (const name of series) {
      const n = counts.get(name) ?? 0
      if (!n) continue
      const segment = h('span', { class: `segment ${SERIES_CLASS[series.indexOf(name) % SERIES_CLASS.length]}` })
      segment.style.height = `${(100 * n) / max}%`
      column.append(segment)
    }
    return column
  })
  const legend = h(
    'p',
    { class: 'legend' },
    ...series.map((name, i) => h('span', { class: `key ${SERIES_CLASS[i % SERIES_CLASS.length]}`, text: name })),
    h('span', { text: days.size ? `${[...days.keys()][0]} … ${[...days.keys()].at(-1)} (max ${max}/day)` : '' }),
  )
  return h('div', { class: 'timeline-chart' }, h('div', { class: 'columns' }, ...columns), legend)
}

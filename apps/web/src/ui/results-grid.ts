import { elementScroll, observeElementOffset, observeElementRect, Virtualizer } from '@tanstack/virtual-core'
import { download } from '../export/download.js'
import { sortRows } from '../export/sort-rows.js'
import { cellText, toCsv, toTsv } from '../export/to-csv.js'
import { h } from './dom.js'

const ROW_HEIGHT = 28
const CELL_CHARS = 300

export interface GridData {
  columns: string[]
  rows: Record<string, unknown>[]
}

/**
 * Query results in a virtualized grid: only the rows in view exist in the DOM, so 100k rows scroll as smoothly as
 * ten. Click a header to sort; a row with an event_id opens its event.
 */
export class ResultsGrid {
  readonly element: HTMLElement
  private readonly scroller: HTMLElement
  private readonly body: HTMLElement
  private readonly header: HTMLElement
  private readonly status: HTMLElement
  private data: GridData = { columns: [], rows: [] }
  private view: Record<string, unknown>[] = []
  private sort?: { column: string; direction: 'asc' | 'desc' }
  private readonly virtualizer: Virtualizer<HTMLElement, HTMLElement>

  constructor(private readonly onRow?: (row: Record<string, unknown>) => void) {
    this.status = h('span', { class: 'grid-status', role: 'status', 'aria-live': 'polite' })
    this.header = h('div', { class: 'grid-row grid-header', role: 'row' })
    this.body = h('div', { class: 'grid-body', role: 'rowgroup' })
    this.scroller = h('div', { class: 'grid-scroller', role: 'grid', tabindex: '0', 'aria-label': 'Query results' }, this.header, this.body)
    const toolbar = h(
      'div',
      { class: 'toolbar' },
      this.status,
      h('button', { type: 'button', onclick: () => this.copy(), text: 'Copy' }),
      h('button', { type: 'button', onclick: () => this.export('csv'), text: 'Export CSV' }),
      h('button', { type: 'button', onclick: () => this.export('json'), text: 'Export JSON' }),
    )
    this.element = h('section', { class: 'results', 'aria-label': 'Results' }, toolbar, this.scroller)
    this.virtualizer = new Virtualizer<HTMLElement, HTMLElement>({
      count: 0,
      getScrollElement: () => this.scroller,
      estimateSize: () => ROW_HEIGHT,
      overscan: 12,
      scrollToFn: elementScroll,
      observeElementRect,
      observeElementOffset,
      onChange: () => this.renderRows(),
    })
    this.virtualizer._didMount()
  }

  show(data: GridData, note = ''): void {
    this.data = data
    this.sort = undefined
    this.view = data.rows
    this.status.textContent = `${data.rows.length.toLocaleString('en-US')} rows${note ? ` · ${note}` : ''}`
    this.status.dataset.rows = String(data.rows.length)
    this.renderHeader()
    this.scroller.scrollTop = 0
    this.virtualizer.setOptions({ ...this.virtualizer.options, count: this.view.length })
    this.virtualizer._willUpdate()
    this.renderRows()
  }

  private template(): string {
    return this.data.columns.map(() => 'minmax(10rem, 1fr)').join(' ')
  }

  private renderHeader(): void {
    this.header.replaceChildren(
      ...this.data.columns.map((column) => {
        const sorted = this.sort?.column === column ? this.sort.direction : undefined
        return h(
          'div',
          { role: 'columnheader', 'aria-sort': sorted ? (sorted === 'asc' ? 'ascending' : 'descending') : 'none' },
          h('button', { type: 'button', class: 'sort', onclick: () => this.sortBy(column), text: `${column}${sorted ? (sorted === 'asc' ? ' ▲' : ' ▼') : ''}` }),
        )
      }),
    )
    this.header.style.gridTemplateColumns = this.template()
  }

  private sortBy(column: string): void {
    const direction = this.sort?.column === column && this.sort.direction === 'asc' ? 'desc' : 'asc'
    this.sort = { column, direction }
    this.view = sortRows(this.data.rows, column, direction)
    this.renderHeader()
    this.renderRows()
  }

  private renderRows(): void {
    const items = this.virtualizer.getVirtualItems()
    this.body.style.height = `${this.virtualizer.getTotalSize()}px`
    const template = this.template()
    this.body.replaceChildren(
      ...items.map((item) => {
        const row = this.view[item.index]!
        const element = h(
          'div',
          { class: 'grid-row', role: 'row', 'aria-rowindex': item.index + 2, 'data-index': item.index },
          ...this.data.columns.map((c) => {
            const text = cellText(row[c])
            return h('div', { role: 'gridcell', title: text.length > 60 ? text.slice(0, 2000) : undefined, text: text.slice(0, CELL_CHARS) })
          }),
        )
        element.style.transform = `translateY(${item.start}px)`
        element.style.gridTemplateColumns = template
        if (this.onRow && typeof row.event_id === 'string') {
          element.classList.add('clickable')
          element.tabIndex = 0
          element.addEventListener('click', () => this.onRow!(row))
          element.addEventListener('keydown', (e) => e.key === 'Enter' && this.onRow!(row))
        }
        return element
      }),
    )
  }

  private async copy(): Promise<void> {
    await navigator.clipboard.writeText(toTsv(this.data.columns, this.view))
    this.status.textContent = `${this.view.length.toLocaleString('en-US')} rows copied`
  }

  private export(kind: 'csv' | 'json'): void {
    if (kind === 'csv') download('cairn-results.csv', toCsv(this.data.columns, this.view), 'text/csv')
    else download('cairn-results.json', JSON.stringify(this.view, null, 2), 'application/json')
  }
}

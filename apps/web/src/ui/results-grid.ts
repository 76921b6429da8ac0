import { elementScroll, observeElementOffset, observeElementRect, Virtualizer } from '@tanstack/virtual-core'
import { download } from '../export/download.js'
import type { ResultTable } from '../engine/result-table.js'
import { sortedIndexes } from '../export/sort-rows.js'
import { cellText, toCsv, toTsv } from '../export/to-csv.js'
import { h } from './dom.js'

const ROW_HEIGHT = 28
const CELL_CHARS = 300

/**
 * Query results in a virtualized grid: only the rows in view exist in the DOM, and only they are read out of the
 * result's Arrow table, so 235k rows show and scroll as fast as ten. Click a header to sort; a row with an event_id
 * opens its event.
 */
export class ResultsGrid {
  readonly element: HTMLElement
  private readonly scroller: HTMLElement
  private readonly body: HTMLElement
  private readonly header: HTMLElement
  private readonly status: HTMLElement
  private result?: ResultTable
  private columns: string[] = []
  /** The rows in sorted order, as indexes into the result (none: the query's own order). */
  private order?: number[]
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

  show(result: ResultTable, note = ''): void {
    this.result = result
    this.columns = result.columns
    this.sort = undefined
    this.order = undefined
    this.status.textContent = `${result.rowCount.toLocaleString('en-US')} rows${note ? ` · ${note}` : ''}`
    this.status.dataset.rows = String(result.rowCount)
    this.renderHeader()
    this.scroller.scrollTop = 0
    this.virtualizer.setOptions({ ...this.virtualizer.options, count: result.rowCount })
    this.virtualizer._willUpdate()
    this.renderRows()
  }

  private rowAt(index: number): Record<string, unknown> {
    return this.result!.row(this.order ? this.order[index]! : index)
  }

  /** Every row, in the order shown. */
  private rowsShown(): Record<string, unknown>[] {
    const rows = this.result?.rows() ?? []
    return this.order ? this.order.map((i) => rows[i]!) : rows
  }

  private template(): string {
    return this.columns.map(() => 'minmax(10rem, 1fr)').join(' ')
  }

  private renderHeader(): void {
    this.header.replaceChildren(
      ...this.columns.map((column, index) => {
        const sorted = this.sort?.column === column ? this.sort.direction : undefined
        return h(
          'div',
          { role: 'columnheader', 'aria-sort': sorted ? (sorted === 'asc' ? 'ascending' : 'descending') : 'none' },
          h('button', { type: 'button', class: 'sort', onclick: () => this.sortBy(column, index), text: `${column}${sorted ? (sorted === 'asc' ? ' ▲' : ' ▼') : ''}` }),
        )
      }),
    )
    this.header.style.gridTemplateColumns = this.template()
  }

  private sortBy(column: string, index: number): void {
    if (!this.result) return
    const direction = this.sort?.column === column && this.sort.direction === 'asc' ? 'desc' : 'asc'
    this.sort = { column, direction }
    this.order = sortedIndexes(this.result.columnValues(index), direction)
    this.renderHeader()
    this.renderRows()
  }

  private renderRows(): void {
    const items = this.virtualizer.getVirtualItems()
    this.body.style.height = `${this.virtualizer.getTotalSize()}px`
    const template = this.template()
    this.body.replaceChildren(
      ...items.map((item) => {
        const row = this.rowAt(item.index)
        const element = h(
          'div',
          { class: 'grid-row', role: 'row', 'aria-rowindex': item.index + 2, 'data-index': item.index },
          ...this.columns.map((c) => {
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
    const rows = this.rowsShown()
    await navigator.clipboard.writeText(toTsv(this.columns, rows))
    this.status.textContent = `${rows.length.toLocaleString('en-US')} rows copied`
  }

  private export(kind: 'csv' | 'json'): void {
    const rows = this.rowsShown()
    if (kind === 'csv') download('cairn-results.csv', toCsv(this.columns, rows), 'text/csv')
    else download('cairn-results.json', JSON.stringify(rows, null, 2), 'application/json')
  }
}

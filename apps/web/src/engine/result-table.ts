import { toQueryResult } from '@cairn/query'
import { type Table, tableFromIPC } from 'apache-arrow'

const PAGE_ROWS = 64
const CACHED_PAGES = 512

/**
 * A query's result kept as the Arrow table the worker sent: rows become JS objects (by the same conversion as the
 * CLI's, `toQueryResult`) only a page at a time, where the grid looks, so 235k rows cost no more to show than 20.
 */
export class ResultTable {
  readonly columns: string[]
  readonly rowCount: number
  private readonly pages = new Map<number, Record<string, unknown>[]>()

  constructor(private readonly table: Table) {
    this.columns = table.schema.fields.map((f) => f.name)
    this.rowCount = table.numRows
  }

  static fromIpc(bytes: Uint8Array): ResultTable {
    return new ResultTable(tableFromIPC(bytes))
  }

  row(index: number): Record<string, unknown> {
    const page = Math.floor(index / PAGE_ROWS)
    let rows = this.pages.get(page)
    if (!rows) {
      if (this.pages.size >= CACHED_PAGES) this.pages.clear()
      rows = toQueryResult(this.table.slice(page * PAGE_ROWS, (page + 1) * PAGE_ROWS)).rows
      this.pages.set(page, rows)
    }
    return rows[index - page * PAGE_ROWS]!
  }

  /** Every value of one column, converted like the rows' (for sorting by it). */
  columnValues(column: number): unknown[] {
    const name = this.columns[column]!
    return toQueryResult(this.table.selectAt([column])).rows.map((r) => r[name])
  }

  /** All rows as objects: for exports and small results (dashboard panels, one event). */
  rows(): Record<string, unknown>[] {
    return toQueryResult(this.table).rows
  }
}

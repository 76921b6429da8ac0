import { QueryEngine, toQueryResult } from '@cairn/query'
import { createNodeBindings } from '@cairn/query/node'
import { tableFromIPC } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { ResultTable } from '../src/engine/result-table.js'
import { sortedIndexes } from '../src/export/sort-rows.js'

describe('ResultTable (a result kept as Arrow, rows made where looked at)', () => {
  it('gives every row, page by page, as the whole conversion does; a column for sorting', async () => {
    const engine = new QueryEngine(await createNodeBindings())
    const sql = `select range as n, case when range % 7 = 0 then null else 'row ' || range end as label,
      timestamp '2024-05-01 00:00:00' + to_seconds(range * 37) as t, [range, range + 1] as pair
      from range(1000) order by range desc`
    const bytes = engine.runIpc(sql)
    const whole = toQueryResult(tableFromIPC(bytes)).rows
    const table = ResultTable.fromIpc(bytes)
    expect(table.rowCount).toBe(1000)
    expect(table.columns).toEqual(['n', 'label', 't', 'pair'])
    // out of order, across page edges
    for (const i of [999, 0, 63, 64, 65, 500, 127, 128, 998]) expect(table.row(i)).toEqual(whole[i])
    expect(Array.from({ length: 1000 }, (_, i) => table.row(i))).toEqual(whole)
    expect(table.rows()).toEqual(whole)
    expect(table.row(1)).toEqual({ n: 998, label: 'row 998', t: new Date(Date.UTC(2024, 4, 1) + 998 * 37_000).toISOString(), pair: [998, 999] })
    const labels = table.columnValues(1)
    expect(labels).toEqual(whole.map((r) => r.label))
    const order = sortedIndexes(labels, 'asc')
    expect(order.slice(-Math.ceil(1000 / 7)).every((i) => labels[i] === null)).toBe(true)
    expect(labels[order[0]!]).toBe('row 1')
  })
})

import * as arrow from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { QueryEngine, toQueryResult, toQueryResultBatches } from '../src/index.js'
import { createNodeBindings } from '../src/node.js'

function isoTexts(ms: number[]): unknown[] {
  const vector = arrow.vectorFromArray(
    ms.map((t) => new Date(t)),
    new arrow.TimestampMillisecond(),
  )
  return toQueryResult(new arrow.Table({ t: vector })).rows.map((r) => r.t)
}

describe('toQueryResult', () => {
  it('writes timestamps as Date#toISOString does, at hour, day and year edges and before 1970', () => {
    const edges = [
      0, 1, 999, 1000, 59_999, 60_000, 3_599_999, 3_600_000, -1, -3_600_001,
      Date.UTC(2026, 11, 31, 23, 59, 59, 999), Date.UTC(2024, 1, 29, 12, 0, 0, 5), Date.UTC(1969, 11, 31, 23, 59, 59, 1),
      253_402_300_799_999, -62_135_596_800_000, 253_402_300_800_000,
    ]
    expect(isoTexts(edges)).toEqual(edges.map((t) => new Date(t).toISOString()))
  })

  it('writes 100k random timestamps as Date#toISOString does', () => {
    let seed = 7
    const next = () => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0
      return seed / 2 ** 32
    }
    const times = Array.from({ length: 100_000 }, () => Math.floor((next() - 0.3) * 4e12))
    expect(isoTexts(times)).toEqual(times.map((t) => new Date(t).toISOString()))
  })

  it('gives the same rows batch by batch as all at once, across the engine\'s record batches', async () => {
    const engine = new QueryEngine(await createNodeBindings())
    const table = engine.run(`select range::int as i, case when range % 7 = 0 then null else 'v' || range end as s,
      timestamp '2024-01-01' + range * interval 1 second as t, [range::int, null] as l, range % 3 = 0 as b
      from range(40000) order by i`)
    expect(table.batches.length).toBeGreaterThan(2)
    const batched = toQueryResultBatches(table)
    const whole = toQueryResult(table)
    expect(batched.columns).toEqual(whole.columns)
    const batches = [...batched.batches]
    expect(batches.length).toBeGreaterThan(1)
    expect(batches.flat()).toEqual(whole.rows)
    expect([...toQueryResultBatches(engine.run('select 1 as x where false')).batches].flat()).toEqual([])
  })
})

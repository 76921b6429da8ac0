import { describe, expect, it } from 'vitest'
import { jsonTextChunks, QueryEngine, toQueryResult } from '../src/index.js'
import { createNodeBindings } from '../src/node.js'

const utf8 = new TextDecoder()
const text = (chunks: Iterable<Uint8Array> | undefined) => [...(chunks ?? [])].map((c) => utf8.decode(c)).join('')

describe('JSON text from Arrow buffers', () => {
  it('is the text JSON.stringify gives of the rows, for every kind of cell', async () => {
    const engine = new QueryEngine(await createNodeBindings())
    const table = engine.run(`select range::int as i, range::bigint * 9007199254 as big, range / 7 as f, range % 3 = 0 as b,
      case when range % 5 = 0 then null else 'v"\\' || range || chr(10) || chr(1) || chr(31) || chr(127) || 'ü😀' || chr(8232) end as s,
      case when range % 4 = 0 then null else timestamp '1969-12-31 23:59:59.999' + range * interval 17 minute end as t,
      (timestamp '2024-01-01' + range * interval 1 second)::timestamp_s as ts_s,
      date '2024-02-28' + range::int as d, [range::int, null] as l, {'k': range, 'n': [1, 2]} as st,
      (range * 1.25)::decimal(10, 2) as dec, '' as empty, null as nothing
      from range(30000) order by i`)
    expect(table.batches.length).toBeGreaterThan(2)
    const rows = toQueryResult(table).rows
    expect(text(jsonTextChunks(table, 'pretty'))).toBe(JSON.stringify(rows, null, 2))
    expect(text(jsonTextChunks(table, 'lines'))).toBe(rows.map((r) => JSON.stringify(r)).join('\n'))
    const none = engine.run('select 1 as x where false')
    expect(text(jsonTextChunks(none, 'pretty'))).toBe('[]')
    expect(text(jsonTextChunks(none, 'lines'))).toBe('')
  })

  it('declines a result whose rows would not have its names as keys', async () => {
    const engine = new QueryEngine(await createNodeBindings())
    expect(jsonTextChunks(engine.run('select 1 as a, 2 as a'), 'pretty')).toBeUndefined()
    expect(jsonTextChunks(engine.run('select 1 as "__proto__"'), 'lines')).toBeUndefined()
  })
})

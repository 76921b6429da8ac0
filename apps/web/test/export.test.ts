import { describe, expect, it } from 'vitest'
import { sortRows } from '../src/export/sort-rows.js'
import { toCsv, toTsv } from '../src/export/to-csv.js'

describe('result export', () => {
  const rows = [
    { name: 'CreateUser', n: 2, who: { a: 'x,"y"' } },
    { name: null, n: 10, who: null },
  ]
  it('writes RFC 4180 CSV with quoted fields and JSON for objects', () => {
    expect(toCsv(['name', 'n', 'who'], rows)).toBe('name,n,who\r\nCreateUser,2,"{""a"":""x,\\""y\\""""}"\r\n,10,\r\n')
  })
  it('writes TSV for the clipboard', () => {
    expect(toTsv(['name', 'n'], rows)).toBe('name\tn\nCreateUser\t2\n\t10')
  })
  it('sorts numbers as numbers with NULLs last', () => {
    expect(sortRows(rows, 'n', 'desc').map((r) => r.n)).toEqual([10, 2])
    expect(sortRows(rows, 'name', 'asc').map((r) => r.name)).toEqual(['CreateUser', null])
  })
})

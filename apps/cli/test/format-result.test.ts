import { PassThrough } from 'node:stream'
import type { QueryResult } from '@cairn/query'
import { describe, expect, it } from 'vitest'
import { formatResult, writeResult } from '../src/output/format-result.js'

const rows = [
  { event_name: 'ConsoleLogin', n: 3, user_identity: { type: 'Root', arn: 'arn:aws:iam::1:root' }, note: 'a, "quoted"\nline' },
  { event_name: 'StopLogging', n: 1, user_identity: null, note: null },
]
const result = { columns: Object.keys(rows[0]!).map((name) => ({ name, type: 'VARCHAR' })), rows } as unknown as QueryResult

async function written(format: 'json' | 'jsonl' | 'csv' | 'table', of: QueryResult): Promise<string> {
  const stream = new PassThrough()
  const chunks: Buffer[] = []
  stream.on('data', (c: Buffer) => chunks.push(c))
  await writeResult(of, format, stream)
  return Buffer.concat(chunks).toString('utf8')
}

describe('query output', () => {
  it('json is exactly the pretty-printed array, jsonl one object a line', () => {
    expect(formatResult(result, 'json')).toBe(JSON.stringify(rows, null, 2))
    expect(formatResult({ ...result, rows: [] }, 'json')).toBe('[]')
    expect(formatResult(result, 'jsonl').split('\n').map((l) => JSON.parse(l))).toEqual(rows)
  })

  it('json of flat rows (the fast path) is the same text as of nested ones', () => {
    const flat = [
      { a: 'x"y\n\u0001', b: 1.5, c: null, d: true, e: 'ü😀' },
      { a: '', b: -0, c: null, d: false, e: 'z' },
      { a: 'q', b: Number.NaN, c: { n: [1, { m: 2 }] }, d: false, e: [] },
    ]
    const of = { columns: Object.keys(flat[0]!).map((name) => ({ name, type: 'VARCHAR' })), rows: flat } as unknown as QueryResult
    expect(formatResult(of, 'json')).toBe(JSON.stringify(flat, null, 2))
    // select a, a: one key in each row, as in JSON.stringify of the rows
    const twice = { columns: [{ name: 'a', type: 'VARCHAR' }, { name: 'a', type: 'VARCHAR' }], rows: [{ a: 'x' }] } as unknown as QueryResult
    expect(formatResult(twice, 'json')).toBe(JSON.stringify([{ a: 'x' }], null, 2))
  })

  it('csv quotes what needs quoting; the table counts its rows', () => {
    expect(formatResult(result, 'csv')).toBe(
      'event_name,n,user_identity,note\nConsoleLogin,3,"{""type"":""Root"",""arn"":""arn:aws:iam::1:root""}","a, ""quoted""\nline"\nStopLogging,1,,',
    )
    expect(formatResult(result, 'table').split('\n').at(-1)).toBe('(2 rows)')
  })

  it('writes a large result in batches, the same text, ending in a newline', async () => {
    const many = { ...result, rows: Array.from({ length: 200_000 }, (_, i) => ({ ...rows[0]!, n: i })) } as unknown as QueryResult
    const text = await written('json', many)
    expect(text.endsWith(']\n')).toBe(true)
    const parsed = JSON.parse(text) as { n: number }[]
    expect(parsed).toHaveLength(200_000)
    expect(parsed[199_999]!.n).toBe(199_999)
    expect(await written('csv', result)).toBe(`${formatResult(result, 'csv')}\n`)
  })
})

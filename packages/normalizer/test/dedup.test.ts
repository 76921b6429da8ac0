import { describe, expect, it } from 'vitest'
import { EventIdSet } from '../src/index.js'
import { readText, sampleEvent } from './helpers.js'

describe('EventIdSet', () => {
  it('adds, finds and reports new ids', () => {
    const set = new EventIdSet()
    expect(set.has('a')).toBe(false)
    expect(set.addIfAbsent('a')).toBe(true)
    expect(set.addIfAbsent('a')).toBe(false)
    expect(set.add('b').has('b')).toBe(true)
    expect(set.has('c')).toBe(false)
    expect(set.size).toBe(2)
    set.clear()
    expect(set.size).toBe(0)
    expect(set.has('a')).toBe(false)
  })

  it('grows to hundreds of thousands of ids without losing one', () => {
    const set = new EventIdSet(16)
    const id = (i: number) => `${i.toString(16).padStart(8, '0')}-0000-4000-8000-${i}`
    for (let i = 0; i < 300_000; i++) expect(set.addIfAbsent(id(i))).toBe(true)
    expect(set.size).toBe(300_000)
    for (let i = 0; i < 300_000; i += 7) expect(set.has(id(i))).toBe(true)
    for (let i = 300_000; i < 310_000; i++) expect(set.has(id(i))).toBe(false)
    expect(set.addIfAbsent(id(123))).toBe(false)
  })

  it('tells non-ASCII ids apart', () => {
    const set = new EventIdSet()
    set.add('é')
    expect(set.has('é')).toBe(true)
    expect(set.has('e')).toBe(false)
    expect(set.has('\u00e9\u0000')).toBe(false)
  })
})

describe('deduplicating while reading', () => {
  const event = (id: string) => JSON.stringify(sampleEvent({ eventID: id }))

  it('reports repeated eventIDs as duplicates, not rows, across files', async () => {
    const deduplicator = new EventIdSet()
    const first = await readText('a.json', `{"Records":[${event('1')},${event('2')},${event('1')}]}`, { deduplicator })
    expect(first.rows.map((row) => row.event_id)).toEqual(['1', '2'])
    expect(first.duplicates).toEqual([{ eventId: '1', record: 3 }])
    expect(first.items[2]).toEqual({ kind: 'duplicate', eventId: '1', location: 'a.json', record: 3 })
    const second = await readText('b.json', `${event('2')}\n${event('3')}`, { deduplicator })
    expect(second.rows.map((row) => row.event_id)).toEqual(['3'])
    expect(second.end).toMatchObject({ records: 2, rows: 1, duplicates: 1 })
  })

  it('can be seeded with the ids already in the lake', async () => {
    const deduplicator = new EventIdSet()
    deduplicator.add('1')
    const result = await readText('a.json', `[${event('1')},${event('2')}]`, { deduplicator })
    expect(result.rows.map((row) => row.event_id)).toEqual(['2'])
  })

  it('does not count rejected records as seen', async () => {
    const deduplicator = new EventIdSet()
    await readText('a.json', JSON.stringify(sampleEvent({ eventID: '9', eventTime: 'never' })), { deduplicator })
    expect(deduplicator.has('9')).toBe(false)
  })
})

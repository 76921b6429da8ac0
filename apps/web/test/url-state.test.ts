import { describe, expect, it } from 'vitest'
import { type AppState, readState, writeState } from '../src/state/url-state.js'

describe('URL state', () => {
  it('round-trips view, SQL, time range, filters and event through the hash', () => {
    const state: AppState = {
      view: 'dashboard',
      sql: "select * from aws_cloudtrail_log where event_name = 'A&B' -- #1",
      from: '2024-05-01T00:00:00Z',
      to: '2024-05-02T00:00:00Z',
      filters: [
        { field: 'aws_region', value: 'eu-west-1' },
        { field: 'identity', value: "arn:aws:iam::1:user/o'brien&co=#" },
        { field: 'error_code', value: null },
      ],
      event: 'e-1',
    }
    const hash = writeState(state)
    expect(hash.startsWith('#')).toBe(true)
    expect(readState(hash, 'default')).toEqual(state)
  })

  it('falls back to the query view and the default SQL', () => {
    expect(readState('', 'select 1')).toEqual({ view: 'query', sql: 'select 1', filters: [], from: undefined, to: undefined, event: undefined })
  })

  it('drops from a forged or edited link whatever is not a known filter or a UTC timestamp', () => {
    const params = new URLSearchParams({
      view: 'sideways',
      from: "2024-05-01'; drop table x; --",
      to: '2024-13-45T00:00:00Z',
      filters: JSON.stringify([
        { field: 'event_name', value: 'ConsoleLogin' },
        { field: '1=1) or (1', value: 'x' },
        { expression: 'true', value: null },
        { field: 'aws_region', value: 42 },
        { field: '__proto__', value: 'x' },
        { field: 'toString', value: 'x' },
        'event_name',
        null,
      ]),
    })
    expect(readState(`#${params}`, 'select 1')).toEqual({
      view: 'query',
      sql: 'select 1',
      from: undefined,
      to: undefined,
      filters: [{ field: 'event_name', value: 'ConsoleLogin' }],
      event: undefined,
    })
    expect(readState('#filters=%5Bnot-json', 'select 1').filters).toEqual([])
  })
})

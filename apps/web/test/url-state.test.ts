import { describe, expect, it } from 'vitest'
import { readState, writeState } from '../src/state/url-state.js'

describe('URL state', () => {
  it('round-trips view, SQL, time range and filters through the hash', () => {
    const state = {
      view: 'dashboard' as const,
      sql: "select * from aws_cloudtrail_log where event_name = 'A&B'",
      from: '2024-05-01T00:00:00Z',
      to: '2024-05-02T00:00:00Z',
      filters: [{ expression: 'aws_region', value: 'eu-west-1' }],
    }
    expect(readState(writeState(state), 'default')).toEqual({ ...state, event: undefined })
  })
  it('falls back to the query view and the default SQL', () => {
    expect(readState('', 'select 1')).toEqual({ view: 'query', sql: 'select 1', filters: [], from: undefined, to: undefined, event: undefined })
  })
})

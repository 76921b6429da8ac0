import { EventIdSet } from '@cairn/normalizer'
import { describe, expect, it } from 'vitest'
import { CLOUDWATCH_SOURCE_TYPE, type LogEventBatch, normalizeLogEventBatch } from '../src/index.js'
import { cloudTrailMessage, LOG_GROUP, T0 } from './support/helpers.js'

const STREAM = '111122223333_CloudTrail_us-east-1'

function batchOf(messages: string[]): Pick<LogEventBatch, 'logGroup' | 'logStream' | 'events'> {
  return {
    logGroup: LOG_GROUP,
    logStream: STREAM,
    events: messages.map((message, i) => ({ eventId: `cw-${i}`, timestamp: T0 + i, message })),
  }
}

describe('normalizeLogEventBatch', () => {
  it('makes rows whose source columns say log group and stream', () => {
    const batch = batchOf([cloudTrailMessage('ev-1', T0), cloudTrailMessage('ev-2', T0 + 1)])
    const out = [...normalizeLogEventBatch(batch, { partition: 'prod', ingestTime: 42 })]
    expect(out.map((o) => o.event.eventId)).toEqual(['cw-0', 'cw-1'])
    const first = out[0]?.item
    expect(first?.kind).toBe('row')
    if (first?.kind !== 'row') return
    expect(first.row).toMatchObject({
      event_id: 'ev-1',
      tp_source_type: CLOUDWATCH_SOURCE_TYPE,
      tp_source_name: LOG_GROUP,
      tp_source_location: STREAM,
      tp_partition: 'prod',
      tp_index: '111122223333',
    })
  })

  it('names the stream and log event in rejections, and deduplicates by CloudTrail eventID', () => {
    const deduplicator = new EventIdSet()
    const batch = batchOf([cloudTrailMessage('ev-1', T0), '{"not json', cloudTrailMessage('ev-1', T0)])
    const items = [...normalizeLogEventBatch(batch, { partition: 'prod' }, { deduplicator })].map((o) => o.item)
    expect(items.map((i) => i.kind)).toEqual(['row', 'rejected', 'duplicate'])
    const rejected = items[1]
    if (rejected?.kind !== 'rejected') throw new Error('expected a rejection')
    expect(rejected.rejection).toMatchObject({ location: `${STREAM} event cw-1`, reason: 'invalid-json' })
    expect(items[2]).toMatchObject({ kind: 'duplicate', eventId: 'ev-1' })
  })
})

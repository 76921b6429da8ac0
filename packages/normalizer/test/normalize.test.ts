import { describe, expect, it } from 'vitest'
import { EventIdSet, normalizeMessage, normalizeRecord, RejectedRecordError } from '../src/index.js'
import { context, readText, sampleEvent } from './helpers.js'

const streamContext = {
  partition: 'test',
  sourceType: 'aws_cloudwatch_log_group',
  sourceName: 'aws-cloudtrail-logs',
  sourceLocation: '111122223333_CloudTrail_us-east-1',
  ingestTime: 1_700_000_000_000,
}

describe('normalizeRecord', () => {
  it('turns a parsed event into the row readCloudTrail gives', async () => {
    const row = normalizeRecord(sampleEvent(), { ...context, sourceLocation: 'x.json' })
    const [read] = (await readText('x.json', JSON.stringify(sampleEvent()))).rows
    expect(row).toEqual(read)
  })

  it('unwraps lookup-events records', () => {
    const row = normalizeRecord({ EventId: 'e', CloudTrailEvent: JSON.stringify(sampleEvent()) }, context)
    expect(row.event_name).toBe('CreateUser')
  })

  it('throws RejectedRecordError carrying the rejection', () => {
    const attempt = () =>
      normalizeRecord(sampleEvent({ eventTime: 'yesterday' }), context, { location: 'somewhere', record: 4, line: 9 })
    expect(attempt).toThrow(RejectedRecordError)
    try {
      attempt()
    } catch (error) {
      const { rejection } = error as RejectedRecordError
      expect(rejection).toMatchObject({ location: 'somewhere', record: 4, line: 9, reason: 'invalid-event-time' })
      expect(rejection.message).toBe(
        'somewhere record 4 (line 9): eventTime "yesterday" is not an ISO-8601 date-time — record skipped',
      )
      expect(JSON.parse(rejection.excerpt ?? '')).toMatchObject({ eventTime: 'yesterday' })
    }
    expect(() => normalizeRecord({ digestStartTime: 'x', logFiles: [] }, context)).toThrow(
      /a CloudTrail digest, not an event/,
    )
    expect(() => normalizeRecord({ Records: [] }, context)).toThrow(/read it with readCloudTrail/)
    expect(() => normalizeRecord('text', context)).toThrow(/a JSON string, not an event object/)
  })
})

describe('normalizeMessage', () => {
  it('turns a CloudWatch Logs message into a row', () => {
    const item = normalizeMessage(JSON.stringify(sampleEvent()), streamContext)
    expect(item.kind).toBe('row')
    if (item.kind !== 'row') return
    expect(item.row).toMatchObject({
      event_name: 'CreateUser',
      tp_source_type: 'aws_cloudwatch_log_group',
      tp_source_name: 'aws-cloudtrail-logs',
      tp_source_location: '111122223333_CloudTrail_us-east-1',
    })
    expect(item.row).toEqual(normalizeRecord(sampleEvent(), streamContext))
  })

  it('reads pretty-printed, non-ASCII and padded messages alike', () => {
    const record = sampleEvent({ userAgent: 'agent ✓' })
    const rows = [JSON.stringify(record, null, 2), `${JSON.stringify(record)}\n`, ` ${JSON.stringify(record)}`].map(
      (message) => normalizeMessage(message, streamContext),
    )
    for (const item of rows) expect(item).toEqual({ kind: 'row', row: normalizeRecord(record, streamContext) })
  })

  it('rejects bad messages without throwing', () => {
    const invalid = normalizeMessage('{"eventID": nope', streamContext, { position: { record: 12 } })
    expect(invalid).toMatchObject({
      kind: 'rejected',
      rejection: {
        reason: 'invalid-json',
        location: '111122223333_CloudTrail_us-east-1',
        record: 12,
        excerpt: '{"eventID": nope',
      },
    })
    expect(normalizeMessage('{"hello":1}', streamContext)).toMatchObject({ rejection: { reason: 'not-cloudtrail' } })
    expect(normalizeMessage(JSON.stringify(sampleEvent({ eventID: undefined })), streamContext)).toMatchObject({
      rejection: { reason: 'missing-event-id' },
    })
    expect(normalizeMessage('{"eventVersion":"1.08"} trailing', streamContext)).toMatchObject({
      rejection: { reason: 'invalid-json' },
    })
  })

  it('reports duplicates with a deduplicator', () => {
    const deduplicator = new EventIdSet()
    const message = JSON.stringify(sampleEvent())
    expect(normalizeMessage(message, streamContext, { deduplicator }).kind).toBe('row')
    expect(normalizeMessage(message, streamContext, { deduplicator, position: { record: 2 } })).toEqual({
      kind: 'duplicate',
      eventId: 'e1a2b3c4-0000-4000-8000-000000000001',
      location: '111122223333_CloudTrail_us-east-1',
      record: 2,
    })
  })
})

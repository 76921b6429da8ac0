import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { cloudTrailRecordOf } from '@cairn/schema'
import { describe, expect, it } from 'vitest'
import { normalizeRecord } from '../src/index.js'
import { context } from './helpers.js'

const invictus = fileURLToPath(new URL('../../../../shared/fixtures/cloudtrail/invictus-aws-dataset/CloudTrail/', import.meta.url))

/**
 * Times are compared as instants (CloudTrail writes `…:00Z`, a row keeps milliseconds), and a top-level key holding
 * null is the same as an absent one (both are a NULL column: `"responseElements": null` is CloudTrail's way of
 * saying there are none).
 */
function comparable(record: Record<string, unknown>): Record<string, unknown> {
  const present = Object.entries(record).filter(([, v]) => v !== null)
  return { ...Object.fromEntries(present), eventTime: Date.parse(record.eventTime as string) }
}

describe('cloudTrailRecordOf', () => {
  it('gives back every real CloudTrail record a row was made from', () => {
    const files = readdirSync(invictus).filter((f) => f.endsWith('.json'))
    let records = 0
    for (const file of files) {
      for (const record of JSON.parse(readFileSync(join(invictus, file), 'utf8')).Records as Record<string, unknown>[]) {
        const row = normalizeRecord(record, context)
        expect(comparable(cloudTrailRecordOf(row as unknown as Record<string, unknown>)), `${file} ${record.eventID}`).toEqual(comparable(record))
        records++
      }
    }
    expect(records).toBeGreaterThan(1000)
  })

  it('keeps keys the schema does not know', () => {
    const record = { eventVersion: '1.99', eventTime: '2024-01-01T00:00:00Z', eventID: 'e1', eventName: 'X', futureField: { a: 1 } }
    expect(cloudTrailRecordOf(normalizeRecord(record, context) as unknown as Record<string, unknown>)).toEqual(record)
  })
})

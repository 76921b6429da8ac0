import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { bytesOf, chunksOf, INVICTUS, readAll, readText, reasons, sampleEvent } from './helpers.js'

const a = sampleEvent({ eventID: 'event-a', eventName: 'CreateUser' })
const b = sampleEvent({ eventID: 'event-b', eventName: 'DeleteUser' })
const c = sampleEvent({ eventID: 'event-c', eventName: 'ListUsers' })
const names = (result: { rows: { event_name: string | null }[] }) => result.rows.map((row) => row.event_name)

describe('input shapes', () => {
  it('reads S3 delivery files: {"Records":[...]}', async () => {
    const result = await readText('s3.json', JSON.stringify({ Records: [a, b, c] }))
    expect(names(result)).toEqual(['CreateUser', 'DeleteUser', 'ListUsers'])
    expect(result.end).toMatchObject({ format: 'records', compression: 'none', records: 3, rows: 3, rejected: 0 })
  })

  it('detects gzip by its magic bytes, whatever the name says', async () => {
    const gz = gzipSync(bytesOf(JSON.stringify({ Records: [a, b] })))
    const result = await readAll('named-plain.json', [gz])
    expect(names(result)).toEqual(['CreateUser', 'DeleteUser'])
    expect(result.end).toMatchObject({ compression: 'gzip', bytesIn: gz.length })
    expect(result.end.bytesDecoded).toBeGreaterThan(gz.length)
    const plain = await readAll('named.json.gz', [bytesOf(JSON.stringify({ Records: [a] }))])
    expect(plain.end.compression).toBe('none')
    expect(plain.rows).toHaveLength(1)
  })

  it('reads gzip files in chunks of any size, and several gzip members in a row', async () => {
    const gz = gzipSync(
      readFileSync(join(INVICTUS, '218007301253_CloudTrail_us-east-1_20230710T1205Z_zs3JGxETHr59VpkX.json')),
    )
    for (const size of [1, 100, 65536]) expect((await readAll('x.json.gz', chunksOf(gz, size))).rows).toHaveLength(196)
    const members = new Uint8Array([
      ...gzipSync(bytesOf(`${JSON.stringify(a)}\n`)),
      ...gzipSync(bytesOf(JSON.stringify(b))),
    ])
    expect(names(await readAll('two-members.gz', [members]))).toEqual(['CreateUser', 'DeleteUser'])
  })

  it('reads one event per line (NDJSON), with blank lines and CRLF', async () => {
    const result = await readText(
      'events.ndjson',
      `${JSON.stringify(a)}\r\n\n${JSON.stringify(b)}\n${JSON.stringify(c)}`,
    )
    expect(names(result)).toEqual(['CreateUser', 'DeleteUser', 'ListUsers'])
    expect(result.end.format).toBe('lines')
  })

  it('reads a bare JSON array, pretty-printed or not', async () => {
    expect(names(await readText('array.json', JSON.stringify([a, b])))).toEqual(['CreateUser', 'DeleteUser'])
    const pretty = await readText('array.json', JSON.stringify([a, b, c], null, 2))
    expect(names(pretty)).toEqual(['CreateUser', 'DeleteUser', 'ListUsers'])
    expect(pretty.end.format).toBe('array')
  })

  it('reads a single event object', async () => {
    const result = await readText('one.json', JSON.stringify(a, null, 4))
    expect(names(result)).toEqual(['CreateUser'])
    expect(result.end.format).toBe('object')
  })

  it('reads lookup-events output, {"Events":[...]} and one Event per line', async () => {
    const lookup = (event: Record<string, unknown>) => ({
      EventId: event.eventID,
      EventName: event.eventName,
      ReadOnly: 'false',
      EventTime: '2023-07-10 21:42:18+10:00',
      Resources: [],
      CloudTrailEvent: JSON.stringify(event),
    })
    const wrapped = await readText('lookup.json', JSON.stringify({ Events: [lookup(a), lookup(b)], NextToken: 'abc' }))
    expect(names(wrapped)).toEqual(['CreateUser', 'DeleteUser'])
    expect(wrapped.end.format).toBe('events')
    const lines = await readText('lookup.jsonl', `${JSON.stringify(lookup(a))}\n${JSON.stringify(lookup(c))}\n`)
    expect(names(lines)).toEqual(['CreateUser', 'ListUsers'])
    expect(lines.rows[0]?.unmapped_fields).toBeNull()
    const broken = await readText('lookup.jsonl', JSON.stringify({ ...lookup(a), CloudTrailEvent: '{"eventID":' }))
    expect(reasons(broken)).toEqual(['invalid-json'])
    expect(broken.rejections[0]?.message).toContain('CloudTrailEvent is not valid JSON')
  })

  it('reads CloudWatch Logs subscription payloads: each log event message is an event', async () => {
    const payload = {
      messageType: 'DATA_MESSAGE',
      owner: '111122223333',
      logGroup: 'aws-cloudtrail-logs',
      logStream: '111122223333_CloudTrail_us-east-1',
      logEvents: [
        { id: '1', timestamp: 1, message: JSON.stringify(a) },
        { id: '2', timestamp: 2, message: '{"eventID": broken' },
        { id: '3', timestamp: 3, message: JSON.stringify(b) },
      ],
    }
    const result = await readAll('subscription.json.gz', [gzipSync(bytesOf(JSON.stringify(payload)))])
    expect(names(result)).toEqual(['CreateUser', 'DeleteUser'])
    expect(result.rejections).toMatchObject([{ reason: 'invalid-json', record: 2 }])
  })

  it('reads Insights records into the table, with insight_details', async () => {
    const insight = {
      eventVersion: '1.07',
      eventTime: '2019-11-14T00:51:00Z',
      awsRegion: 'us-east-1',
      eventID: 'EXAMPLE8-9621-4d00-b913-beca2EXAMPLE',
      eventType: 'AwsCloudTrailInsight',
      recipientAccountId: '123456789012',
      sharedEventID: 'EXAMPLE2-1729-42f1-b735-5d8c0EXAMPLE',
      insightDetails: {
        state: 'Start',
        eventSource: 'ssm.amazonaws.com',
        eventName: 'UpdateInstanceAssociationStatus',
        insightType: 'ApiCallRateInsight',
        insightContext: {
          statistics: {
            baseline: { average: 0.0000882145 },
            insight: { average: 664 },
            insightDuration: 1,
            baselineDuration: 11336,
          },
          attributions: [
            {
              attribute: 'userIdentityArn',
              insight: [{ value: 'arn:aws:sts::123456789012:assumed-role/CloudTrailHelperRole/i-0123', average: 664 }],
              baseline: [
                { value: 'arn:aws:sts::123456789012:assumed-role/CloudTrailHelperRole/i-0123', average: 0.0000882145 },
              ],
            },
          ],
        },
      },
      eventCategory: 'Insight',
    }
    const end = { ...insight, eventID: 'EXAMPLE9', insightDetails: { ...insight.insightDetails, state: 'End' } }
    const { eventCategory: _, ...withoutCategory } = end
    const result = await readText('CloudTrail-Insight/x.json', JSON.stringify({ Records: [insight, withoutCategory] }))
    expect(result.rows).toHaveLength(2)
    for (const row of result.rows) {
      expect(row).toMatchObject({
        event_type: 'AwsCloudTrailInsight',
        event_category: 'Insight',
        shared_event_id: 'EXAMPLE2-1729-42f1-b735-5d8c0EXAMPLE',
        user_identity: null,
        tp_index: '123456789012',
      })
    }
    expect(JSON.parse(result.rows[0]?.insight_details ?? '')).toEqual(insight.insightDetails)
    expect(result.rows[0]?.insight_details).toContain('"average":0.0000882145')
    expect(JSON.parse(result.rows[1]?.insight_details ?? '').state).toBe('End')
  })

  it('recognises digests and hands them over parsed', async () => {
    const digest = {
      awsAccountId: '111122223333',
      digestStartTime: '2023-10-15T22:04:04Z',
      digestEndTime: '2023-10-15T23:04:04Z',
      previousDigestSignature: null,
      logFiles: [],
    }
    const result = await readAll('d.json.gz', [gzipSync(bytesOf(JSON.stringify(digest)))])
    expect(result.digests).toEqual([digest])
    expect(result.rows).toEqual([])
  })

  it('rejects SNS and S3 event notifications and other JSON as not CloudTrail', async () => {
    const s3Event = {
      Records: [
        {
          eventVersion: '2.1',
          eventSource: 'aws:s3',
          awsRegion: 'us-east-1',
          eventTime: '2023-01-01T00:00:00.000Z',
          eventName: 'ObjectCreated:Put',
          s3: { bucket: { name: 'trail-bucket' }, object: { key: 'AWSLogs/x.json.gz' } },
        },
      ],
    }
    const s3 = await readText('sqs-body.json', JSON.stringify(s3Event))
    expect(reasons(s3)).toEqual(['not-cloudtrail'])
    expect(s3.rejections[0]?.message).toContain('eventSource "aws:s3"')
    const other = await readText('other.ndjson', '{"hello":"world"}\n[1,2]\n"text"\n42\nnull\n')
    // A top-level array holds records: [1,2] is two of them.
    expect(reasons(other)).toEqual(Array(6).fill('not-cloudtrail'))
    expect(other.rejections.map((rejection) => rejection.line)).toEqual([1, 2, 2, 3, 4, 5])
    expect(other.rejections[1]?.message).toBe(
      'other.ndjson record 2 (line 2): a JSON number, not an event object — record skipped',
    )
    expect(other.rejections[0]?.message).toBe(
      'other.ndjson record 1 (line 1): JSON without eventVersion, eventID, eventType or eventSource and eventName — record skipped',
    )
    expect(reasons(await readText('scalars.json', '[1, "a", true, null, [a]]'))).toEqual([
      'not-cloudtrail',
      'not-cloudtrail',
      'not-cloudtrail',
      'not-cloudtrail',
      'invalid-json',
    ])
  })

  it('copes with empty input, whitespace, a byte order mark and string chunks', async () => {
    const empty = await readAll('empty.json', [])
    expect(empty.end).toMatchObject({ format: 'empty', records: 0, rejected: 0, compression: 'none' })
    expect((await readText('blank.json', ' \n\t\n')).end).toMatchObject({ format: 'empty', rejected: 0 })
    const bom = await readAll(
      'bom.json',
      chunksOf(new Uint8Array([0xef, 0xbb, 0xbf, ...bytesOf(JSON.stringify([a]))]), 1),
    )
    expect(names(bom)).toEqual(['CreateUser'])
    const strings = await readAll('strings.json', [JSON.stringify([a]).slice(0, 10), JSON.stringify([a]).slice(10)])
    expect(names(strings)).toEqual(['CreateUser'])
  })

  it('reads nested wrappers in memory: an array of S3 files', async () => {
    const result = await readText('files.json', JSON.stringify([{ Records: [a, b] }, { Records: [c] }]))
    expect(names(result)).toEqual(['CreateUser', 'DeleteUser', 'ListUsers'])
    expect(result.end.records).toBe(3)
  })

  it('finds the Records array when another key comes first', async () => {
    const result = await readText('odd.json', JSON.stringify({ version: 1, Records: [a, b] }))
    expect(names(result)).toEqual(['CreateUser', 'DeleteUser'])
  })

  it('hands records nested too deeply for the byte scanner to JSON.parse', async () => {
    const deep = `${'{"a":'.repeat(600)}1${'}'.repeat(600)}`
    const text = JSON.stringify(sampleEvent()).replace('"requestParameters":{', `"requestParameters":{"deep":${deep},`)
    const result = await readText('deep.json', `[${text}]`)
    expect(result.rows).toHaveLength(1)
    expect(JSON.parse(result.rows[0]?.request_parameters ?? '').userName).toBe('bob')
  })
})

import { readFileSync } from 'node:fs'
import { type AwsCloudTrailLogRow, columns, jsonColumns } from '@cairn/schema'
import { describe, expect, it } from 'vitest'
import { normalizeRecord } from '../src/index.js'
import { context, INVICTUS, listFiles, readAll, readText, STRATUS, sampleEvent } from './helpers.js'

async function rowOf(record: Record<string, unknown>, text = JSON.stringify(record)): Promise<AwsCloudTrailLogRow> {
  const result = await readText('AWSLogs/111122223333/CloudTrail/x.json', text)
  expect(result.rejections).toEqual([])
  expect(result.rows).toHaveLength(1)
  return result.rows[0] as AwsCloudTrailLogRow
}

describe('a row', () => {
  it('maps every column of a typical event', async () => {
    const row = await rowOf(sampleEvent())
    expect(row).toEqual({
      event_time: Date.UTC(2023, 6, 10, 11, 42, 18),
      event_id: 'e1a2b3c4-0000-4000-8000-000000000001',
      event_name: 'CreateUser',
      event_source: 'iam.amazonaws.com',
      event_version: '1.08',
      event_type: 'AwsApiCall',
      event_category: 'Management',
      aws_region: 'us-east-1',
      source_ip_address: '198.51.100.7',
      user_agent: 'aws-cli/2.13.0',
      error_code: null,
      error_message: null,
      user_identity:
        '{"type":"IAMUser","principalId":"AIDAEXAMPLE","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","accessKeyId":"AKIAEXAMPLEKEY","userName":"alice"}',
      request_parameters: '{"userName":"bob"}',
      response_elements: '{"user":{"userName":"bob","userId":"AIDABOB"}}',
      additional_event_data: null,
      service_event_details: null,
      resources: null,
      request_id: 'req-1',
      shared_event_id: null,
      api_version: null,
      management_event: true,
      read_only: false,
      recipient_account_id: '111122223333',
      vpc_endpoint_id: null,
      vpc_endpoint_account_id: null,
      session_credential_from_console: null,
      edge_device_details: null,
      tls_details: null,
      addendum: null,
      insight_details: null,
      annotation: null,
      unmapped_fields: null,
      user_type: 'IAMUser',
      user_name: 'alice',
      user_arn: 'arn:aws:iam::111122223333:user/alice',
      user_account_id: '111122223333',
      user_principal_id: 'AIDAEXAMPLE',
      access_key_id: 'AKIAEXAMPLEKEY',
      user_invoked_by: null,
      // MurmurHash3 x86_128 of "<eventID>\n<event_time>\n<recipientAccountId>", checked against Python's mmh3.
      tp_id: 'bbdb7f9298726a5f2a7a00c0697daf04',
      tp_timestamp: Date.UTC(2023, 6, 10, 11, 42, 18),
      tp_table: 'aws_cloudtrail_log',
      tp_source_type: 'file',
      tp_source_name: 'fixtures',
      tp_source_location: 'AWSLogs/111122223333/CloudTrail/x.json',
      tp_ingest_timestamp: 1_700_000_000_000,
      tp_source_ip: '198.51.100.7',
      tp_ips: ['198.51.100.7'],
      tp_akas: ['arn:aws:iam::111122223333:user/alice', '111122223333'],
      tp_usernames: ['alice', 'AKIAEXAMPLEKEY'],
      tp_partition: 'test',
      tp_index: '111122223333',
      tp_date: '2023-07-10',
    })
  })

  it('has every column of the schema, in table order', async () => {
    const row = await rowOf(sampleEvent())
    expect(Object.keys(row)).toEqual(columns.map((column) => column.name))
  })

  it('gives the same tp_id whenever the same event is read', async () => {
    const first = await rowOf(sampleEvent())
    const pretty = await rowOf(sampleEvent(), JSON.stringify(sampleEvent(), null, 2))
    const again = normalizeRecord(sampleEvent(), { ...context, ingestTime: 1 })
    expect(pretty.tp_id).toBe(first.tp_id)
    expect(again.tp_id).toBe(first.tp_id)
    expect((await rowOf(sampleEvent({ eventID: 'other' }))).tp_id).not.toBe(first.tp_id)
  })
})

describe('promoted columns', () => {
  it("equal user_identity ->> '<key>': strings, numbers and booleans as text, objects as JSON, null for null", async () => {
    const row = await rowOf(
      sampleEvent({
        userIdentity: {
          type: 'AWSService',
          accountId: 111122223333,
          principalId: true,
          arn: null,
          invokedBy: { service: 'ec2.amazonaws.com', nested: [1, 2] },
          userName: '',
        },
      }),
    )
    expect(row).toMatchObject({
      user_type: 'AWSService',
      user_account_id: '111122223333',
      user_principal_id: 'true',
      user_arn: null,
      user_invoked_by: '{"service":"ec2.amazonaws.com","nested":[1,2]}',
      user_name: '',
      access_key_id: null,
    })
  })

  it('are null when userIdentity is missing or not an object', async () => {
    for (const userIdentity of [undefined, null, 'root']) {
      const row = await rowOf(sampleEvent({ userIdentity }))
      expect(row.user_type).toBeNull()
      expect(row.user_identity).toBe(userIdentity === 'root' ? '"root"' : null)
    }
  })
})

describe('resources', () => {
  it('each element also gets resourceType (= type) and resourceName (= ARN), unless present', async () => {
    const row = await rowOf(
      sampleEvent({
        resources: [
          { accountId: '111122223333', type: 'AWS::IAM::User', ARN: 'arn:aws:iam::111122223333:user/bob' },
          { ARN: 'arn:aws:s3:::bucket', resourceType: 'Bucket', resourceName: 'kept' },
          { type: 'AWS::S3::Object' },
          'not an object',
        ],
      }),
    )
    expect(JSON.parse(row.resources ?? '')).toEqual([
      {
        accountId: '111122223333',
        type: 'AWS::IAM::User',
        ARN: 'arn:aws:iam::111122223333:user/bob',
        resourceType: 'AWS::IAM::User',
        resourceName: 'arn:aws:iam::111122223333:user/bob',
      },
      { ARN: 'arn:aws:s3:::bucket', resourceType: 'Bucket', resourceName: 'kept' },
      { type: 'AWS::S3::Object', resourceType: 'AWS::S3::Object' },
      'not an object',
    ])
    expect(row.tp_akas).toEqual([
      'arn:aws:iam::111122223333:user/bob',
      'arn:aws:s3:::bucket',
      'arn:aws:iam::111122223333:user/alice',
      '111122223333',
    ])
  })
})

describe('record keys', () => {
  it('keys the schema does not know go to unmapped_fields, verbatim', async () => {
    const row = await rowOf(sampleEvent({ newKey: { a: [1, 2.5, 'x'] }, 'odd "key"': 'v', big: 1e21, eventName: 'X' }))
    expect(JSON.parse(row.unmapped_fields ?? '')).toEqual({ newKey: { a: [1, 2.5, 'x'] }, 'odd "key"': 'v', big: 1e21 })
    expect(row.event_name).toBe('X')
    // Compact input is sliced, not re-serialised: big numbers keep their digits.
    const text = JSON.stringify(sampleEvent()).replace(
      '"requestParameters":{',
      '"requestParameters":{"n":12345678901234567890,',
    )
    expect((await rowOf(sampleEvent(), text)).request_parameters).toBe('{"n":12345678901234567890,"userName":"bob"}')
  })

  it('varchar columns take strings; numbers and booleans as text, objects as JSON text', async () => {
    const row = await rowOf(
      sampleEvent({ eventName: 42, errorCode: true, errorMessage: { detail: 'x' }, awsRegion: null, apiVersion: 1.5 }),
    )
    expect(row).toMatchObject({
      event_name: '42',
      error_code: 'true',
      error_message: '{"detail":"x"}',
      aws_region: null,
      api_version: '1.5',
    })
    expect(row.unmapped_fields).toBeNull()
  })

  it('booleans take true/false and "true"/"false"; anything else is kept in unmapped_fields', async () => {
    const row = await rowOf(
      sampleEvent({ readOnly: 'true', managementEvent: 'false', sessionCredentialFromConsole: 'yes' }),
    )
    expect(row).toMatchObject({ read_only: true, management_event: false, session_credential_from_console: null })
    expect(JSON.parse(row.unmapped_fields ?? '')).toEqual({ sessionCredentialFromConsole: 'yes' })
  })

  it('JSON columns hold the value as JSON text with CloudTrail keys, null for null', async () => {
    const row = await rowOf(
      sampleEvent({
        requestParameters: null,
        responseElements: {},
        additionalEventData: { MFAUsed: 'No', LoginTo: 'https://console.aws.amazon.com' },
        tlsDetails: {
          tlsVersion: 'TLSv1.3',
          cipherSuite: 'TLS_AES_128_GCM_SHA256',
          clientProvidedHostHeader: 'iam.amazonaws.com',
        },
        serviceEventDetails: 'a string',
        addendum: { reason: 'DELIVERY_DELAY' },
      }),
    )
    expect(row).toMatchObject({
      request_parameters: null,
      response_elements: '{}',
      additional_event_data: '{"MFAUsed":"No","LoginTo":"https://console.aws.amazon.com"}',
      tls_details:
        '{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"iam.amazonaws.com"}',
      service_event_details: '"a string"',
      addendum: '{"reason":"DELIVERY_DELAY"}',
    })
  })

  it('reads keys written with escapes', async () => {
    const text = JSON.stringify(sampleEvent()).replace('"eventName"', '"event\\u004eame"')
    expect((await rowOf(sampleEvent(), text)).event_name).toBe('CreateUser')
  })
})

describe('event time', () => {
  it.each([
    ['2023-01-01T00:00:00Z', Date.UTC(2023, 0, 1), '2023-01-01'],
    ['2023-07-10T11:42:18.123456Z', Date.UTC(2023, 6, 10, 11, 42, 18, 123), '2023-07-10'],
    ['2023-07-10T01:30:00+02:00', Date.UTC(2023, 6, 9, 23, 30), '2023-07-09'],
    ['2023-07-10 23:30:00-0100', Date.UTC(2023, 6, 11, 0, 30), '2023-07-11'],
    ['2024-02-29T12:00:00.5Z', Date.UTC(2024, 1, 29, 12, 0, 0, 500), '2024-02-29'],
  ])('%s is %d (UTC day %s)', async (eventTime, millis, day) => {
    const row = await rowOf(sampleEvent({ eventTime }))
    expect(row.event_time).toBe(millis)
    expect(row.tp_timestamp).toBe(millis)
    expect(row.tp_date).toBe(day)
  })
})

describe('tp_ columns', () => {
  it('tp_index: the context index, else recipientAccountId, else userIdentity.accountId, else default', async () => {
    expect((await rowOf(sampleEvent({ recipientAccountId: undefined }))).tp_index).toBe('111122223333')
    expect(
      (await rowOf(sampleEvent({ recipientAccountId: undefined, userIdentity: { type: 'AWSService' } }))).tp_index,
    ).toBe('default')
    const indexed = await readAll('x', [JSON.stringify(sampleEvent())], {}, { ...context, index: 'org' })
    expect(indexed.rows[0]?.tp_index).toBe('org')
  })

  it('tp_ips: sourceIPAddress when it is an IP, plus IP-valued fields, without repeats', async () => {
    const row = await rowOf(
      sampleEvent({
        sourceIPAddress: '2001:db8::1',
        requestParameters: { privateIpAddress: '10.0.0.5', description: '10.0.0.6', engineVersion: '5.7.12.3' },
        responseElements: { instancesSet: { items: [{ publicIp: '203.0.113.9', ipAddress: '10.0.0.5' }] } },
      }),
    )
    expect(row.tp_ips).toEqual(['2001:db8::1', '10.0.0.5', '203.0.113.9'])
    expect(row.tp_source_ip).toBe('2001:db8::1')
    const service = await rowOf(sampleEvent({ sourceIPAddress: 'ec2.amazonaws.com' }))
    expect(service.tp_ips).toBeNull()
    expect(service.tp_source_ip).toBe('ec2.amazonaws.com')
  })

  it('tp_akas and tp_usernames: identities of the event, without repeats', async () => {
    const row = await rowOf(
      sampleEvent({
        recipientAccountId: '999988887777',
        userIdentity: {
          type: 'AssumedRole',
          arn: 'arn:aws:sts::111122223333:assumed-role/Admin/alice',
          accountId: '111122223333',
          accessKeyId: 'ASIATEMPORARY',
          sessionContext: {
            sessionIssuer: {
              type: 'Role',
              arn: 'arn:aws:iam::111122223333:role/Admin',
              userName: 'Admin',
              accountId: '111122223333',
            },
          },
        },
        resources: [{ ARN: 'arn:aws:iam::111122223333:role/Admin', accountId: '111122223333' }],
      }),
    )
    expect(row.tp_akas).toEqual([
      'arn:aws:iam::111122223333:role/Admin',
      'arn:aws:sts::111122223333:assumed-role/Admin/alice',
      '999988887777',
      '111122223333',
    ])
    expect(row.tp_usernames).toEqual(['Admin'])
    const none = await rowOf(
      sampleEvent({ userIdentity: { type: 'AWSService', invokedBy: 'x' }, recipientAccountId: undefined }),
    )
    expect(none.tp_akas).toBeNull()
    expect(none.tp_usernames).toBeNull()
  })
})

describe('the two ways to a row', () => {
  // Compact ASCII records are mapped from their text, others from JSON.parse: both must agree.
  const records: unknown[] = []
  for (const path of listFiles(INVICTUS))
    records.push(...(JSON.parse(readFileSync(path, 'utf8')) as { Records: unknown[] }).Records)
  for (const path of listFiles(STRATUS)) records.push(...(JSON.parse(readFileSync(path, 'utf8')) as unknown[]))
  const jsonNames = new Set(jsonColumns.map((column) => column.name))
  const comparable = (row: AwsCloudTrailLogRow) =>
    Object.fromEntries(
      Object.entries(row).map(([name, value]) => [
        name,
        jsonNames.has(name) && typeof value === 'string' ? JSON.parse(value) : value,
      ]),
    )

  it('the text of compact records and the parsed objects give the same rows', async () => {
    expect(records).toHaveLength(3210)
    const ndjson = records.map((record) => JSON.stringify(record)).join('\n')
    const result = await readAll('x', [ndjson])
    expect(result.rows).toHaveLength(3210)
    result.rows.forEach((row, i) => {
      expect(comparable(row)).toEqual(comparable(normalizeRecord(records[i], { ...context, sourceLocation: 'x' })))
    })
  })

  it('pretty-printed and non-ASCII records give compact JSON columns', async () => {
    const record = sampleEvent({
      userAgent: 'Mozilla/5.0 (Bjørn)',
      requestParameters: { path: '/tmp/ünïcode', n: [1, 2] },
    })
    const row = await rowOf(record, JSON.stringify(record, null, 2))
    expect(row.user_agent).toBe('Mozilla/5.0 (Bjørn)')
    expect(row.request_parameters).toBe('{"path":"/tmp/ünïcode","n":[1,2]}')
    expect(row).toEqual(await rowOf(record))
  })
})

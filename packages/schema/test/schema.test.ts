import { describe, expect, it } from 'vitest'
import {
  columns,
  duckdbCreateTableSql,
  hiveDirectory,
  parquetSchema,
  parseHivePath,
  promotedColumnFor,
  recordKeyToColumn,
  storedColumns,
} from '../src/index.js'

const TAILPIPE_COLUMNS = [
  'additional_event_data', 'api_version', 'aws_region', 'edge_device_details', 'error_code', 'error_message',
  'event_category', 'event_id', 'event_name', 'event_source', 'event_time', 'event_type', 'event_version',
  'management_event', 'read_only', 'recipient_account_id', 'request_id', 'request_parameters', 'resources',
  'response_elements', 'service_event_details', 'session_credential_from_console', 'shared_event_id',
  'source_ip_address', 'tls_details', 'user_agent', 'user_identity', 'vpc_endpoint_id',
]
const TP_COLUMNS = [
  'tp_id', 'tp_timestamp', 'tp_date', 'tp_index', 'tp_partition', 'tp_table', 'tp_source_type', 'tp_source_name',
  'tp_source_location', 'tp_ingest_timestamp', 'tp_source_ip', 'tp_ips', 'tp_akas', 'tp_usernames',
]

describe('aws_cloudtrail_log columns', () => {
  const names = columns.map((c) => c.name)
  it('has every Tailpipe column, the later CloudTrail fields and the tp_* columns', () => {
    for (const name of [...TAILPIPE_COLUMNS, ...TP_COLUMNS, 'insight_details', 'addendum', 'annotation', 'vpc_endpoint_account_id', 'unmapped_fields']) {
      expect(names).toContain(name)
    }
    expect(new Set(names).size).toBe(names.length)
  })
  it('maps every top-level CloudTrail key of the reference to a column', () => {
    for (const key of ['eventVersion', 'userIdentity', 'eventTime', 'eventSource', 'eventName', 'awsRegion', 'sourceIPAddress', 'userAgent', 'errorCode', 'errorMessage', 'requestParameters', 'responseElements', 'additionalEventData', 'requestID', 'eventID', 'eventType', 'apiVersion', 'managementEvent', 'readOnly', 'resources', 'recipientAccountId', 'serviceEventDetails', 'sharedEventID', 'vpcEndpointId', 'vpcEndpointAccountId', 'eventCategory', 'addendum', 'sessionCredentialFromConsole', 'edgeDeviceDetails', 'tlsDetails', 'insightDetails', 'annotation']) {
      expect(recordKeyToColumn.get(key), key).toBeDefined()
    }
  })
  it('promotes identity fields the brief filters on', () => {
    expect(promotedColumnFor('user_identity', 'type')?.name).toBe('user_type')
    expect(promotedColumnFor('user_identity', 'userName')?.name).toBe('user_name')
    expect(promotedColumnFor('request_parameters', 'userName')).toBeUndefined()
  })
})

describe('Parquet schema', () => {
  it('stores every non-partition column with JSON and UTC timestamp annotations', () => {
    const schema = parquetSchema()
    expect(schema[0]).toMatchObject({ num_children: storedColumns.length })
    expect(schema.find((e) => e.name === 'user_identity')?.logical_type).toEqual({ type: 'JSON' })
    expect(schema.find((e) => e.name === 'event_time')?.logical_type).toEqual({ type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' })
    expect(schema.some((e) => e.name === 'tp_date')).toBe(false)
  })
})

describe('hive paths', () => {
  it('round-trips partition values, escaping what a path cannot hold', () => {
    const p = { tp_partition: 'org/prod=1', tp_index: '111122223333', tp_date: '2024-03-05' }
    const dir = hiveDirectory(p)
    expect(dir).toBe('aws_cloudtrail_log/tp_partition=org%2Fprod%3D1/tp_index=111122223333/tp_date=2024-03-05')
    expect(parseHivePath(`${dir}/data_1.parquet`)).toEqual(p)
  })
})

describe('DDL', () => {
  it('declares JSON columns as JSON', () => {
    expect(duckdbCreateTableSql()).toMatch(/"user_identity" JSON/)
  })
})

import { type AwsCloudTrailLogRow, columns, promotedColumns, TABLE_NAME } from '@cairn/schema'
import { arrowTextOf, isPlainObject } from './column-values.js'
import type { ResolvedContext } from './context.js'
import { hash128Hex } from './hash.js'
import { collectIpFields, isIpAddress } from './ip-address.js'

/**
 * Rows are assembled from an array of column values (record and promoted columns, in table order) plus the columns
 * derived here, in one object literal: every row gets the same shape, and filling an array by index is cheaper
 * than setting dozens of properties by computed name.
 */

function indexOf(name: string): number {
  const index = columns.findIndex((column) => column.name === name)
  if (index < 0) throw new Error(`column ${name} is missing from the schema`)
  return index
}

/** Length of the values array: the columns before the first derived one. */
const VALUE_COUNT = columns.findIndex((column) => column.origin !== 'record' && column.origin !== 'promoted')

export function columnIndex(name: string): number {
  const index = indexOf(name)
  if (index >= VALUE_COUNT) throw new Error(`column ${name} is derived, not read from the record`)
  return index
}

const I_EVENT_TYPE = columnIndex('event_type')
const I_EVENT_CATEGORY = columnIndex('event_category')
const I_SOURCE_IP = columnIndex('source_ip_address')
const I_REQUEST_PARAMETERS = columnIndex('request_parameters')
const I_RESPONSE_ELEMENTS = columnIndex('response_elements')
const I_ADDITIONAL_EVENT_DATA = columnIndex('additional_event_data')
const I_RESOURCES = columnIndex('resources')
const I_RECIPIENT_ACCOUNT = columnIndex('recipient_account_id')
const I_USER_ACCOUNT = columnIndex('user_account_id')
const IP_TEXT_COLUMNS = [I_REQUEST_PARAMETERS, I_RESPONSE_ELEMENTS, I_ADDITIONAL_EVENT_DATA]
const PROMOTED = promotedColumns.map((column) => ({ index: columnIndex(column.name), key: column.key as string }))

/** A values array with every column null. */
export function resetValues(values: unknown[]): unknown[] {
  if (values.length !== VALUE_COUNT) values.length = VALUE_COUNT
  return values.fill(null)
}

function addUnique(list: string[], value: unknown): void {
  if (typeof value === 'string' && value !== '' && !list.includes(value)) list.push(value)
}

/** The resources array as Event history shows it: each element also gets resourceType (= type) and resourceName (= ARN). */
function withResourceAliases(resources: unknown[]): unknown[] {
  return resources.map((resource) => {
    if (!isPlainObject(resource)) return resource
    const addType = resource.type !== undefined && !Object.hasOwn(resource, 'resourceType')
    const addName = resource.ARN !== undefined && !Object.hasOwn(resource, 'resourceName')
    if (!addType && !addName) return resource
    const copy: Record<string, unknown> = Object.assign(Object.create(null), resource)
    if (addType) copy.resourceType = resource.type
    if (addName) copy.resourceName = resource.ARN
    return copy
  })
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}

/** What the derived columns are computed from, besides the values. */
export interface EventFacts {
  eventId: string
  eventTime: number
  eventDate: string
  userIdentity: unknown
  /** The parsed resources array, when the record has one. */
  resources: unknown[] | null
}

/**
 * The row: `values` holds the record's own columns (JSON columns as text); promoted columns, resources' aliases and
 * the tp_* columns are derived here.
 */
export function assembleRow(values: unknown[], facts: EventFacts, context: ResolvedContext): AwsCloudTrailLogRow {
  const v = values
  const identity = isPlainObject(facts.userIdentity) ? facts.userIdentity : null
  if (identity !== null) for (const { index, key } of PROMOTED) v[index] = arrowTextOf(identity[key])
  const resources = facts.resources
  if (resources !== null) v[I_RESOURCES] = JSON.stringify(withResourceAliases(resources))
  if (v[I_EVENT_CATEGORY] === null && v[I_EVENT_TYPE] === 'AwsCloudTrailInsight') v[I_EVENT_CATEGORY] = 'Insight'

  const sourceIp = stringOrNull(v[I_SOURCE_IP])
  const recipientAccount = stringOrNull(v[I_RECIPIENT_ACCOUNT])

  const ips: string[] = []
  if (sourceIp !== null && isIpAddress(sourceIp)) ips.push(sourceIp)
  for (const index of IP_TEXT_COLUMNS) {
    const json = v[index]
    if (typeof json === 'string') collectIpFields(json, ips)
  }

  const session = identity !== null && isPlainObject(identity.sessionContext) ? identity.sessionContext : null
  const sessionIssuer = session !== null && isPlainObject(session.sessionIssuer) ? session.sessionIssuer : null

  const akas: string[] = []
  if (resources !== null) for (const resource of resources) if (isPlainObject(resource)) addUnique(akas, resource.ARN)
  if (identity !== null) addUnique(akas, identity.arn)
  if (sessionIssuer !== null) addUnique(akas, sessionIssuer.arn)
  addUnique(akas, recipientAccount)
  if (identity !== null) addUnique(akas, identity.accountId)
  if (resources !== null)
    for (const resource of resources) if (isPlainObject(resource)) addUnique(akas, resource.accountId)

  const usernames: string[] = []
  if (identity !== null) addUnique(usernames, identity.userName)
  if (sessionIssuer !== null) addUnique(usernames, sessionIssuer.userName)
  if (identity !== null && typeof identity.accessKeyId === 'string' && identity.accessKeyId.startsWith('AKIA')) {
    addUnique(usernames, identity.accessKeyId)
  }

  const { eventId, eventTime } = facts
  return {
    event_time: eventTime,
    event_id: eventId,
    event_name: v[2] as string | null,
    event_source: v[3] as string | null,
    event_version: v[4] as string | null,
    event_type: v[5] as string | null,
    event_category: v[6] as string | null,
    aws_region: v[7] as string | null,
    source_ip_address: v[8] as string | null,
    user_agent: v[9] as string | null,
    error_code: v[10] as string | null,
    error_message: v[11] as string | null,
    user_identity: v[12] as string | null,
    request_parameters: v[13] as string | null,
    response_elements: v[14] as string | null,
    additional_event_data: v[15] as string | null,
    service_event_details: v[16] as string | null,
    resources: v[17] as string | null,
    request_id: v[18] as string | null,
    shared_event_id: v[19] as string | null,
    api_version: v[20] as string | null,
    management_event: v[21] as boolean | null,
    read_only: v[22] as boolean | null,
    recipient_account_id: v[23] as string | null,
    vpc_endpoint_id: v[24] as string | null,
    vpc_endpoint_account_id: v[25] as string | null,
    session_credential_from_console: v[26] as boolean | null,
    edge_device_details: v[27] as string | null,
    tls_details: v[28] as string | null,
    addendum: v[29] as string | null,
    insight_details: v[30] as string | null,
    annotation: v[31] as string | null,
    unmapped_fields: v[32] as string | null,
    user_type: v[33] as string | null,
    user_name: v[34] as string | null,
    user_arn: v[35] as string | null,
    user_account_id: v[36] as string | null,
    user_principal_id: v[37] as string | null,
    access_key_id: v[38] as string | null,
    user_invoked_by: v[39] as string | null,
    tp_id: hash128Hex(`${eventId}\n${eventTime}\n${recipientAccount ?? ''}`),
    tp_timestamp: eventTime,
    tp_table: TABLE_NAME,
    tp_source_type: context.sourceType,
    tp_source_name: context.sourceName,
    tp_source_location: context.sourceLocation,
    tp_ingest_timestamp: context.ingestTime,
    tp_source_ip: sourceIp,
    tp_ips: ips.length > 0 ? ips : null,
    tp_akas: akas.length > 0 ? akas : null,
    tp_usernames: usernames.length > 0 ? usernames : null,
    tp_partition: context.partition,
    tp_index: context.index || recipientAccount || stringOrNull(v[I_USER_ACCOUNT]) || 'default',
    tp_date: facts.eventDate,
  }
}

// The literal above lists the columns by position: fail at load time, not with wrong data, if the schema moves them.
{
  const probe = columns.slice(0, VALUE_COUNT).map((column) => `probe:${column.name}`)
  const row = assembleRow(
    probe,
    { eventId: 'probe:event_id', eventTime: 0, eventDate: '', userIdentity: null, resources: null },
    {
      partition: '',
      sourceType: '',
      sourceName: null,
      sourceLocation: null,
      ingestTime: 0,
      index: null,
    },
  ) as unknown as Record<string, unknown>
  const keys = Object.keys(row)
  const names = columns.map((column) => column.name)
  const misplaced = columns.slice(2, VALUE_COUNT).filter((column) => row[column.name] !== `probe:${column.name}`)
  if (keys.join() !== names.join() || misplaced.length > 0) {
    throw new Error(
      `row assembly is out of step with the schema: ${misplaced.map((c) => c.name).join(', ') || keys.join()}`,
    )
  }
}

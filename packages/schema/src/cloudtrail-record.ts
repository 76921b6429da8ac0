import { columns } from './columns.js'

/** The order CloudTrail writes a record's keys in; keys it has not got come after, in table order. */
const KEY_ORDER = [
  'eventVersion',
  'userIdentity',
  'eventTime',
  'eventSource',
  'eventName',
  'awsRegion',
  'sourceIPAddress',
  'userAgent',
  'errorCode',
  'errorMessage',
  'requestParameters',
  'responseElements',
  'additionalEventData',
  'requestID',
  'eventID',
  'readOnly',
  'resources',
  'eventType',
  'apiVersion',
  'managementEvent',
  'recipientAccountId',
  'sharedEventID',
  'vpcEndpointId',
  'vpcEndpointAccountId',
  'serviceEventDetails',
  'eventCategory',
  'tlsDetails',
  'sessionCredentialFromConsole',
]

const recordColumns = columns.filter((c) => c.origin === 'record' && c.key)
const ordered = [
  ...KEY_ORDER.map((key) => recordColumns.find((c) => c.key === key)!).filter(Boolean),
  ...recordColumns.filter((c) => !KEY_ORDER.includes(c.key as string)),
]

/** Keys CloudTrail writes as the strings "true"/"false" although the table holds them as booleans. */
const STRING_BOOLEANS = new Set(['sessionCredentialFromConsole'])

function parseJson(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value
}

/** `2024-01-01T00:00:00.000Z` as CloudTrail writes it (`2024-01-01T00:00:00Z`), milliseconds kept when there are any. */
function cloudTrailTime(value: unknown): string {
  const iso = value instanceof Date ? value.toISOString() : new Date(value as string | number).toISOString()
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso
}

/**
 * The CloudTrail record a table row was made from, with CloudTrail's keys: what `cloudTrailEvent` of
 * lookup-events holds and the raw view of an event. Rows come from query results (JSON columns as text,
 * timestamps as ISO strings or Dates); NULL columns are left out, `unmapped_fields` are merged back, and the
 * `resourceType`/`resourceName` each `resources` element gained at collection are taken off again (as are the
 * elements a lookup-events wrapper contributed).
 */
export function cloudTrailRecordOf(row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const record: Record<string, unknown> = {}
  for (const column of ordered) {
    const value = row[column.name]
    if (value === null || value === undefined) continue
    const key = column.key as string
    if (column.type === 'timestamp') record[key] = cloudTrailTime(value)
    else if (column.type === 'json') record[key] = parseJson(value)
    else if (STRING_BOOLEANS.has(key)) record[key] = String(value)
    else record[key] = value
  }
  if (Array.isArray(record.resources)) {
    // elements with only Event history's names came from a lookup-events wrapper, not from the event
    const own = record.resources
      .map((r: Record<string, unknown>) => {
        const { resourceType, resourceName, ...original } = r
        if (Object.keys(original).length === 0) return undefined
        return {
          ...original,
          ...(resourceType !== undefined && resourceType !== original.type ? { resourceType } : {}),
          ...(resourceName !== undefined && resourceName !== original.ARN ? { resourceName } : {}),
        }
      })
      .filter((r: unknown) => r !== undefined)
    if (own.length > 0) record.resources = own
    else delete record.resources
  }
  const unmapped = parseJson(row.unmapped_fields)
  if (unmapped && typeof unmapped === 'object') Object.assign(record, unmapped)
  return record
}

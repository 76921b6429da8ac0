import { NotTranslatable } from './not-translatable.js'
import { quoteStringLiteral } from '@cairn/schema'

type ColumnKind = 'text' | 'json' | 'boolean' | 'timestamp'

/** CloudTrail's top-level keys and the `aws_cloudtrail_log` columns that hold them (see @cairn/schema). */
const COLUMNS: Record<string, { column: string; kind: ColumnKind }> = {
  eventTime: { column: 'event_time', kind: 'timestamp' },
  eventID: { column: 'event_id', kind: 'text' },
  eventName: { column: 'event_name', kind: 'text' },
  eventSource: { column: 'event_source', kind: 'text' },
  eventVersion: { column: 'event_version', kind: 'text' },
  eventType: { column: 'event_type', kind: 'text' },
  eventCategory: { column: 'event_category', kind: 'text' },
  awsRegion: { column: 'aws_region', kind: 'text' },
  sourceIPAddress: { column: 'source_ip_address', kind: 'text' },
  userAgent: { column: 'user_agent', kind: 'text' },
  errorCode: { column: 'error_code', kind: 'text' },
  errorMessage: { column: 'error_message', kind: 'text' },
  requestID: { column: 'request_id', kind: 'text' },
  sharedEventID: { column: 'shared_event_id', kind: 'text' },
  apiVersion: { column: 'api_version', kind: 'text' },
  recipientAccountId: { column: 'recipient_account_id', kind: 'text' },
  vpcEndpointId: { column: 'vpc_endpoint_id', kind: 'text' },
  vpcEndpointAccountId: { column: 'vpc_endpoint_account_id', kind: 'text' },
  annotation: { column: 'annotation', kind: 'text' },
  managementEvent: { column: 'management_event', kind: 'boolean' },
  readOnly: { column: 'read_only', kind: 'boolean' },
  sessionCredentialFromConsole: { column: 'session_credential_from_console', kind: 'boolean' },
  userIdentity: { column: 'user_identity', kind: 'json' },
  requestParameters: { column: 'request_parameters', kind: 'json' },
  responseElements: { column: 'response_elements', kind: 'json' },
  additionalEventData: { column: 'additional_event_data', kind: 'json' },
  serviceEventDetails: { column: 'service_event_details', kind: 'json' },
  resources: { column: 'resources', kind: 'json' },
  edgeDeviceDetails: { column: 'edge_device_details', kind: 'json' },
  tlsDetails: { column: 'tls_details', kind: 'json' },
  addendum: { column: 'addendum', kind: 'json' },
  insightDetails: { column: 'insight_details', kind: 'json' },
}

/** `userIdentity` keys copied into plain columns at collection: filters on them are column scans. */
const PROMOTED: Record<string, string> = {
  'userIdentity.type': 'user_type',
  'userIdentity.userName': 'user_name',
  'userIdentity.arn': 'user_arn',
  'userIdentity.accountId': 'user_account_id',
  'userIdentity.principalId': 'user_principal_id',
  'userIdentity.accessKeyId': 'access_key_id',
  'userIdentity.invokedBy': 'user_invoked_by',
}

/**
 * Values CloudTrail writes as arrays of objects: a dotted path into them names a key of every element, which a
 * JSON path over one value cannot express, so a rule that uses one would never match real events.
 */
const ARRAYS_OF_OBJECTS = [
  'resources',
  'requestParameters.containerDefinitions',
  'requestParameters.ipPermissions.items',
]

function jsonPath(keys: readonly string[]): string {
  return `$${keys.map((k) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `.${k}` : `."${k.replaceAll('"', '\\"')}"`)).join('')}`
}

/** The SQL text expression for a Sigma field: a column, a promoted column or a JSON path into a JSON column. */
export function fieldSql(field: string): string {
  const promoted = PROMOTED[field]
  if (promoted) return promoted
  const array = ARRAYS_OF_OBJECTS.find((p) => field.startsWith(`${p}.`))
  if (array)
    throw new NotTranslatable(
      `field ${field}: ${array} is an array in CloudTrail, and matching a key of its elements is not supported`,
    )
  const [top, ...rest] = field.split('.')
  const column = COLUMNS[top!]
  if (!column) throw new NotTranslatable(`field ${field}: ${top} is not a CloudTrail record field`)
  if (rest.length > 0) {
    if (column.kind !== 'json') throw new NotTranslatable(`field ${field}: ${top} holds no nested keys`)
    return `json_extract_string(${column.column}, ${quoteStringLiteral(jsonPath(rest))})`
  }
  if (column.kind === 'timestamp')
    throw new NotTranslatable(`field ${field}: matching on the event time is not supported (use --from/--to)`)
  return column.kind === 'boolean' ? `cast(${column.column} as varchar)` : column.column
}

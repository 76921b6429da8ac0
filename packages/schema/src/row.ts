/**
 * One row of `aws_cloudtrail_log` as Cairn's packages pass it around: JSON columns as JSON text, timestamps as
 * epoch milliseconds (UTC), dates as `YYYY-MM-DD`. Absent values are `null`.
 */
export interface AwsCloudTrailLogRow {
  event_time: number
  event_id: string
  event_name: string | null
  event_source: string | null
  event_version: string | null
  event_type: string | null
  event_category: string | null
  aws_region: string | null
  source_ip_address: string | null
  user_agent: string | null
  error_code: string | null
  error_message: string | null
  user_identity: string | null
  request_parameters: string | null
  response_elements: string | null
  additional_event_data: string | null
  service_event_details: string | null
  resources: string | null
  request_id: string | null
  shared_event_id: string | null
  api_version: string | null
  management_event: boolean | null
  read_only: boolean | null
  recipient_account_id: string | null
  vpc_endpoint_id: string | null
  vpc_endpoint_account_id: string | null
  session_credential_from_console: boolean | null
  edge_device_details: string | null
  tls_details: string | null
  addendum: string | null
  insight_details: string | null
  annotation: string | null
  unmapped_fields: string | null
  user_type: string | null
  user_name: string | null
  user_arn: string | null
  user_account_id: string | null
  user_principal_id: string | null
  access_key_id: string | null
  user_invoked_by: string | null
  tp_id: string
  tp_timestamp: number
  tp_table: string
  tp_source_type: string
  tp_source_name: string | null
  tp_source_location: string | null
  tp_ingest_timestamp: number
  tp_source_ip: string | null
  tp_ips: string[] | null
  tp_akas: string[] | null
  tp_usernames: string[] | null
  tp_partition: string
  tp_index: string
  tp_date: string
}

export type ColumnName = keyof AwsCloudTrailLogRow

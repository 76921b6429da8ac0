import { TABLE_NAME } from './columns.js'

export interface HivePartition {
  tp_partition: string
  tp_index: string
  /** YYYY-MM-DD */
  tp_date: string
}

/** Characters that may not appear raw in a hive path segment value; they are %-escaped as Hive does. */
const UNSAFE = /[\u0000-\u001f"#%'*/:=?\\\u007f{}[\]^]/g

export function escapeHiveValue(value: string): string {
  return value.replace(UNSAFE, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
}

export function unescapeHiveValue(value: string): string {
  return value.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
}

/** `aws_cloudtrail_log/tp_partition=<p>/tp_index=<i>/tp_date=<d>` (forward slashes, relative to the data dir). */
export function hiveDirectory(partition: HivePartition): string {
  return [
    TABLE_NAME,
    `tp_partition=${escapeHiveValue(partition.tp_partition)}`,
    `tp_index=${escapeHiveValue(partition.tp_index)}`,
    `tp_date=${partition.tp_date}`,
  ].join('/')
}

/** Reads the partition values out of a path containing `tp_partition=…/tp_index=…/tp_date=…`; undefined if absent. */
export function parseHivePath(path: string): HivePartition | undefined {
  const m = /(?:^|\/)tp_partition=([^/]+)\/tp_index=([^/]+)\/tp_date=(\d{4}-\d{2}-\d{2})(?:\/|$)/.exec(path.replaceAll('\\', '/'))
  if (!m) return undefined
  return { tp_partition: unescapeHiveValue(m[1]!), tp_index: unescapeHiveValue(m[2]!), tp_date: m[3]! }
}

export {
  type Column,
  type ColumnOrigin,
  type ColumnType,
  columns,
  getColumn,
  jsonColumns,
  PARTITION_KEYS,
  type PartitionKey,
  promotedColumnFor,
  promotedColumns,
  recordKeyToColumn,
  storedColumns,
  TABLE_NAME,
} from './columns.js'
export { columnDocs, duckdbCreateTableSql, duckdbType, quoteIdentifier, quoteStringLiteral } from './ddl.js'
export {
  type AthenaProjection,
  CLOUDTRAIL_EPOCH,
  EXTERNAL_DIALECTS,
  type ExternalDialect,
  type ExternalTableOptions,
  externalTableSql,
} from './external-ddl.js'
export { escapeHiveValue, type HivePartition, hiveDirectory, parseHivePath, unescapeHiveValue } from './hive-path.js'
export { cloudTrailRecordOf } from './cloudtrail-record.js'
export { type ParquetSchemaElement, parquetSchema } from './parquet-schema.js'
export type { AwsCloudTrailLogRow, ColumnName } from './row.js'

import { type Column, type ColumnType, columns, PARTITION_KEYS, storedColumns, TABLE_NAME } from './columns.js'
import { duckdbType, quoteIdentifier as quoteDoubleQuoted, quoteStringLiteral } from './ddl.js'
import { escapeHiveValue } from './hive-path.js'

/** Engines whose DDL `externalTableSql` writes, so they can query the lake's Parquet where it lies. */
export const EXTERNAL_DIALECTS = ['athena', 'trino', 'spark', 'duckdb'] as const
export type ExternalDialect = (typeof EXTERNAL_DIALECTS)[number]

/** CloudTrail's first day: no event can be older, so an Athena projection starting here misses nothing. */
export const CLOUDTRAIL_EPOCH = '2013-11-01'

export interface ExternalTableOptions {
  /** The lake root (the data dir holding `aws_cloudtrail_log/`): an absolute local path or a URI such as `s3://bucket/prefix`. */
  location: string
  /** Default `aws_cloudtrail_log`. */
  table?: string
  /** Database (Athena, Spark) or schema (Trino, DuckDB); created if absent. Trino defaults to `default`, which its partition sync call must name. */
  database?: string
  /** Trino only: the Hive catalog; without it, the session's catalog. */
  catalog?: string
  /** Athena partition projection. */
  projection?: AthenaProjection
}

export interface AthenaProjection {
  /** First `tp_date` projected, `YYYY-MM-DD` (default `CLOUDTRAIL_EPOCH`); the range runs to `NOW`. */
  from?: string
  /** `tp_partition` values: an `enum` projection. Without them, `injected`: queries must then name the partition. */
  partitions?: readonly string[]
  /** `tp_index` values (account ids): an `enum` projection. Without them, `injected`: queries must then name the index. */
  indexes?: readonly string[]
}

/**
 * SQL that declares `aws_cloudtrail_log` over the lake's hive-partitioned Parquet in another engine: Athena (with
 * partition projection, so no partition is ever registered), Trino's Hive connector, Spark, or native DuckDB (a view
 * over `read_parquet`). Statements end with `;`; what the user must know or run next is in `--` comments.
 */
export function externalTableSql(dialect: ExternalDialect, options: ExternalTableOptions): string {
  switch (dialect) {
    case 'athena':
      return athenaSql(options)
    case 'trino':
      return trinoSql(options)
    case 'spark':
      return sparkSql(options)
    case 'duckdb':
      return duckdbSql(options)
    default:
      throw new Error(`unknown dialect '${String(dialect)}': use one of ${EXTERNAL_DIALECTS.join(', ')}`)
  }
}

const partitionColumns = columns.filter((c) => c.origin === 'partition')

interface TableLocation {
  /** The `aws_cloudtrail_log` folder as a URI (`file:///…` for a local path), no trailing slash. */
  uri: string
  /** The same folder as DuckDB takes it: a plain path for a local lake. */
  path: string
  local: boolean
}

const URI_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//

function tableLocation(location: string): TableLocation {
  const trimmed = location.trim()
  if (trimmed === '') throw new Error('the lake location is empty: give a local directory or a URI such as s3://bucket/prefix')
  if (URI_SCHEME.test(trimmed)) {
    const root = trimmed.replace(/\/+$/, '')
    return { uri: `${root}/${TABLE_NAME}`, path: `${root}/${TABLE_NAME}`, local: false }
  }
  const path = trimmed.replaceAll('\\', '/').replace(/(.)\/+$/, '$1')
  const windowsDrive = /^[A-Za-z]:\//.test(path)
  if (!path.startsWith('/') && !windowsDrive) {
    throw new Error(`the lake location '${location}' is a relative path: give an absolute directory or a URI`)
  }
  const folder = `${path === '/' ? '' : path}/${TABLE_NAME}`
  return { uri: `file://${windowsDrive ? '/' : ''}${encodeURI(folder)}`, path: folder, local: true }
}

function tableName(options: ExternalTableOptions): string {
  return options.table ?? TABLE_NAME
}

// ---- Hive family (Athena, Spark): backtick identifiers, backslash-escaped string literals ----

function quoteBacktick(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``
}

/** A Hive/Spark string literal: their lexers take `\` as an escape, so both `\` and `'` are escaped with it. */
function hiveString(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replaceAll('\n', '\\n')}'`
}

const hiveTypes: Record<ColumnType, string> = {
  varchar: 'string',
  json: 'string',
  timestamp: 'timestamp',
  date: 'date',
  boolean: 'boolean',
  'varchar[]': 'array<string>',
}

const ATHENA_NAME = /^[a-z0-9_]+$/

function athenaName(kind: string, name: string): string {
  if (!ATHENA_NAME.test(name)) {
    throw new Error(`Athena ${kind} names may hold only lowercase letters, digits and underscores: '${name}'`)
  }
  return quoteBacktick(name)
}

function hiveColumnList(list: readonly Column[], typeOf: (c: Column) => string, quote: (n: string) => string): string {
  return list.map((c) => `  ${quote(c.name)} ${typeOf(c)} COMMENT ${hiveString(c.description)}`).join(',\n')
}

const DAY = /^\d{4}-\d{2}-\d{2}$/

function projectedValues(key: string, values: readonly string[]): string {
  for (const value of values) {
    if (value === '' || value.includes(',')) {
      throw new Error(`${key} value '${value}' cannot be an Athena enum projection value (empty, or holds a comma)`)
    }
    if (escapeHiveValue(value) !== value) {
      throw new Error(
        `${key} value '${value}' cannot be projected by Athena: its folder is ${key}=${escapeHiveValue(value)}, and projection puts values into paths unescaped`,
      )
    }
  }
  return [...new Set(values)].sort().join(',')
}

function athenaSql(options: ExternalTableOptions): string {
  const location = tableLocation(options.location)
  if (!location.uri.startsWith('s3://')) {
    throw new Error(`Athena reads from Amazon S3: the location must be s3://bucket/prefix, not '${options.location}'`)
  }
  const projection = options.projection ?? {}
  const from = projection.from ?? CLOUDTRAIL_EPOCH
  if (!DAY.test(from)) throw new Error(`the projection start '${from}' is not a YYYY-MM-DD date`)
  const database = options.database === undefined ? undefined : athenaName('database', options.database)
  const name = `${database ? `${database}.` : ''}${athenaName('table', tableName(options))}`
  const properties: [string, string][] = [['projection.enabled', 'true']]
  const notes: string[] = []
  const enumOrInjected = (key: 'tp_partition' | 'tp_index', values: readonly string[] | undefined) => {
    if (values && values.length > 0) {
      properties.push([`projection.${key}.type`, 'enum'], [`projection.${key}.values`, projectedValues(key, values)])
    } else {
      properties.push([`projection.${key}.type`, 'injected'])
      notes.push(`-- ${key} is an injected projection: every query must filter it with = or IN, e.g. where ${key} = '…'.`)
    }
  }
  enumOrInjected('tp_partition', projection.partitions)
  enumOrInjected('tp_index', projection.indexes)
  properties.push(
    ['projection.tp_date.type', 'date'],
    ['projection.tp_date.format', 'yyyy-MM-dd'],
    ['projection.tp_date.range', `${from},NOW`],
    ['projection.tp_date.interval', '1'],
    ['projection.tp_date.interval.unit', 'DAYS'],
    ['storage.location.template', `${location.uri}/${PARTITION_KEYS.map((k) => `${k}=\${${k}}`).join('/')}/`],
  )
  // Athena's date projection fills a string column; yyyy-MM-dd strings compare in date order.
  const partitionType = (c: Column) => (c.type === 'date' ? 'string' : hiveTypes[c.type])
  const statements = [
    ...(database ? [`CREATE DATABASE IF NOT EXISTS ${database}`] : []),
    [
      `CREATE EXTERNAL TABLE IF NOT EXISTS ${name} (`,
      hiveColumnList(storedColumns, (c) => hiveTypes[c.type], quoteBacktick),
      ')',
      `PARTITIONED BY (\n${hiveColumnList(partitionColumns, partitionType, quoteBacktick)}\n)`,
      'STORED AS PARQUET',
      `LOCATION ${hiveString(`${location.uri}/`)}`,
      `TBLPROPERTIES (\n${properties.map(([k, v]) => `  ${hiveString(k)} = ${hiveString(v)}`).join(',\n')}\n)`,
    ].join('\n'),
  ]
  return [
    `-- aws_cloudtrail_log for Amazon Athena: partitions are projected from the S3 layout, never registered.`,
    '-- JSON columns are strings: json_extract_scalar(user_identity, \'$.userName\'); tp_date is a yyyy-MM-dd string.',
    ...notes,
    statements.map((s) => `${s};`).join('\n\n'),
    '',
  ].join('\n')
}

// ---- Trino (Hive connector) ----

const trinoTypes: Record<ColumnType, string> = {
  varchar: 'varchar',
  json: 'varchar',
  timestamp: 'timestamp(3)',
  date: 'date',
  boolean: 'boolean',
  'varchar[]': 'array(varchar)',
}

function trinoSql(options: ExternalTableOptions): string {
  const location = tableLocation(options.location)
  const schema = options.database ?? 'default'
  const catalog = options.catalog === undefined ? '' : `${quoteDoubleQuoted(options.catalog)}.`
  const schemaName = `${catalog}${quoteDoubleQuoted(schema)}`
  const name = `${schemaName}.${quoteDoubleQuoted(tableName(options))}`
  // The Hive connector wants partition columns last, in partitioned_by order: the table's columns already are.
  const body = columns
    .map((c) => `  ${quoteDoubleQuoted(c.name)} ${trinoTypes[c.type]} COMMENT ${quoteStringLiteral(c.description)}`)
    .join(',\n')
  const properties = [
    `external_location = ${quoteStringLiteral(location.uri)}`,
    "format = 'PARQUET'",
    `partitioned_by = ARRAY[${PARTITION_KEYS.map((k) => quoteStringLiteral(k)).join(', ')}]`,
  ]
  const sync = `CALL ${catalog}system.sync_partition_metadata(schema_name => ${quoteStringLiteral(schema)}, table_name => ${quoteStringLiteral(tableName(options))}, mode => 'FULL')`
  return [
    "-- aws_cloudtrail_log for Trino's Hive connector. JSON columns are varchar: json_extract_scalar(user_identity, '$.userName').",
    '-- The CALL registers the partitions found under external_location; run it again after each collect.',
    `CREATE SCHEMA IF NOT EXISTS ${schemaName};`,
    '',
    `CREATE TABLE IF NOT EXISTS ${name} (\n${body}\n)\nWITH (\n  ${properties.join(',\n  ')}\n);`,
    '',
    `${sync};`,
    '',
  ].join('\n')
}

// ---- Spark ----

const sparkTypes: Record<ColumnType, string> = {
  varchar: 'STRING',
  json: 'STRING',
  timestamp: 'TIMESTAMP',
  date: 'DATE',
  boolean: 'BOOLEAN',
  'varchar[]': 'ARRAY<STRING>',
}

function sparkSql(options: ExternalTableOptions): string {
  const location = tableLocation(options.location)
  const database = options.database === undefined ? undefined : quoteBacktick(options.database)
  const name = `${database ? `${database}.` : ''}${quoteBacktick(tableName(options))}`
  const statements = [
    ...(database ? [`CREATE DATABASE IF NOT EXISTS ${database}`] : []),
    [
      `CREATE TABLE IF NOT EXISTS ${name} (`,
      hiveColumnList(columns, (c) => sparkTypes[c.type], quoteBacktick),
      ')',
      'USING parquet',
      `PARTITIONED BY (${PARTITION_KEYS.map(quoteBacktick).join(', ')})`,
      `LOCATION ${hiveString(location.uri)}`,
    ].join('\n'),
    `MSCK REPAIR TABLE ${name}`,
  ]
  return [
    "-- aws_cloudtrail_log for Spark SQL. JSON columns are strings: get_json_object(user_identity, '$.userName').",
    '-- MSCK REPAIR TABLE registers the partitions found under LOCATION; run it again after each collect.',
    statements.map((s) => `${s};`).join('\n\n'),
    '',
  ].join('\n')
}

// ---- native DuckDB ----

/**
 * The Parquet files hold timestamps as UTC instants, which DuckDB reads as TIMESTAMP WITH TIME ZONE; the table's
 * type is a UTC TIMESTAMP. Going through epoch microseconds keeps the value UTC whatever the session's TimeZone
 * (a plain cast would shift it into that zone).
 */
function duckdbSelectItem(column: Column): string {
  const name = quoteDoubleQuoted(column.name)
  return column.type === 'timestamp' ? `make_timestamp(epoch_us(${name})) AS ${name}` : name
}

function duckdbSql(options: ExternalTableOptions): string {
  const location = tableLocation(options.location)
  const schema = options.database === undefined ? undefined : quoteDoubleQuoted(options.database)
  const name = `${schema ? `${schema}.` : ''}${quoteDoubleQuoted(tableName(options))}`
  // `[!._]*`: hidden temp files of a collect in progress (and anything `_`-prefixed) are not data, as for Hive and Spark.
  const files = `${location.path}/*/*/*/[!._]*.parquet`
  const partitionTypes = partitionColumns.map((c) => `${quoteStringLiteral(c.name)}: ${duckdbType(c)}`)
  const source = `read_parquet(${quoteStringLiteral(files)}, hive_partitioning = true, hive_types = {${partitionTypes.join(', ')}})`
  return [
    '-- aws_cloudtrail_log for native DuckDB (its parquet and json extensions): a view over the lake\'s files, as they are now and later.',
    ...(location.local ? [] : ['-- A remote lake needs the httpfs extension and credentials, e.g. CREATE SECRET (TYPE s3, PROVIDER credential_chain).']),
    ...(schema ? [`CREATE SCHEMA IF NOT EXISTS ${schema};`, ''] : []),
    `CREATE OR REPLACE VIEW ${name} AS\nSELECT\n  ${columns.map(duckdbSelectItem).join(',\n  ')}\nFROM ${source};`,
    '',
  ].join('\n')
}

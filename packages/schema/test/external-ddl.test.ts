import { beforeAll, describe, expect, it } from 'vitest'
import { type ColumnType, columns, EXTERNAL_DIALECTS, type ExternalDialect, externalTableSql, PARTITION_KEYS } from '../src/index.js'
import { type ParsedTable, parseAthenaDdl, parseSparkDdl, parseTrinoDdl } from './support/parse-ddl.js'

const dataColumns = columns.filter((c) => c.origin !== 'partition')

/** What each engine must call each column type, by its own documentation of Parquet types. */
const HIVE: Record<ColumnType, string> = {
  varchar: 'string',
  json: 'string',
  timestamp: 'timestamp',
  date: 'date',
  boolean: 'boolean',
  'varchar[]': 'array<string>',
}
const TRINO: Record<ColumnType, string> = {
  varchar: 'varchar',
  json: 'varchar',
  timestamp: 'timestamp(3)',
  date: 'date',
  boolean: 'boolean',
  'varchar[]': 'array(varchar)',
}
const SPARK: Record<ColumnType, string> = {
  varchar: 'STRING',
  json: 'STRING',
  timestamp: 'TIMESTAMP',
  date: 'DATE',
  boolean: 'BOOLEAN',
  'varchar[]': 'ARRAY<STRING>',
}

describe('athena', () => {
  const sql = externalTableSql('athena', {
    location: 's3://org-lake/cairn/',
    database: 'security',
    projection: { from: '2024-01-01', indexes: ['222233334444', '111122223333'] },
  })
  let parsed: ParsedTable
  beforeAll(() => {
    parsed = parseAthenaDdl(sql)
  })

  it('declares every column with its Hive type, the partition keys last and tp_date as the string the projection fills', () => {
    expect(parsed.table).toEqual(['security', 'aws_cloudtrail_log'])
    expect(parsed.columns.map((c) => c.name)).toEqual(columns.map((c) => c.name))
    expect(parsed.columns.map((c) => c.type)).toEqual([
      ...dataColumns.map((c) => HIVE[c.type]),
      'string',
      'string',
      'string',
    ])
    expect(parsed.partitionKeys).toEqual([...PARTITION_KEYS])
    expect(parsed.columns.map((c) => c.comment)).toEqual(columns.map((c) => c.description))
  })

  it('reads Parquet at the table folder and projects every partition from the hive layout', () => {
    expect(parsed.location).toBe('s3://org-lake/cairn/aws_cloudtrail_log/')
    expect(parsed.properties).toEqual({
      'stored as': 'PARQUET',
      'projection.enabled': 'true',
      'projection.tp_partition.type': 'injected',
      'projection.tp_index.type': 'enum',
      'projection.tp_index.values': '111122223333,222233334444',
      'projection.tp_date.type': 'date',
      'projection.tp_date.format': 'yyyy-MM-dd',
      'projection.tp_date.range': '2024-01-01,NOW',
      'projection.tp_date.interval': '1',
      'projection.tp_date.interval.unit': 'DAYS',
      // Athena's own ${…} placeholders, not JavaScript's
      'storage.location.template': `s3://org-lake/cairn/aws_cloudtrail_log/tp_partition=\${tp_partition}/tp_index=\${tp_index}/tp_date=\${tp_date}/`,
    })
    expect(parsed.statements[0]).toBe('CREATE DATABASE IF NOT EXISTS `security`')
    expect(sql).toMatch(/-- tp_partition is an injected projection: every query must filter it/)
  })

  it('defaults to CloudTrail’s first day and injected keys, and escapes literals the Hive way', () => {
    const plain = parseAthenaDdl(externalTableSql('athena', { location: "s3://b/it's\\here" }))
    expect(plain.table).toEqual(['aws_cloudtrail_log'])
    expect(plain.location).toBe("s3://b/it's\\here/aws_cloudtrail_log/")
    expect(plain.properties['projection.tp_date.range']).toBe('2013-11-01,NOW')
    expect(plain.properties['projection.tp_partition.type']).toBe('injected')
    expect(plain.properties['projection.tp_index.type']).toBe('injected')
    expect(plain.columns.find((c) => c.name === 'tp_table')?.comment).toBe("Always 'aws_cloudtrail_log'.")
  })

  it('refuses what Athena cannot take, saying why', () => {
    expect(() => externalTableSql('athena', { location: '/home/me/.cairn/data' })).toThrow(/must be s3:\/\/bucket\/prefix/)
    expect(() => externalTableSql('athena', { location: 's3://b', table: 'CloudTrail-Logs' })).toThrow(/lowercase letters, digits and underscores: 'CloudTrail-Logs'/)
    expect(() => externalTableSql('athena', { location: 's3://b', projection: { from: '7d' } })).toThrow(/'7d' is not a YYYY-MM-DD date/)
    expect(() => externalTableSql('athena', { location: 's3://b', projection: { partitions: ['a,b'] } })).toThrow(/holds a comma/)
    expect(() => externalTableSql('athena', { location: 's3://b', projection: { partitions: ['org/prod'] } })).toThrow(
      /its folder is tp_partition=org%2Fprod/,
    )
  })
})

describe('trino', () => {
  const sql = externalTableSql('trino', { location: 's3://org-lake/cairn', database: 'security', catalog: 'hive' })
  let parsed: ParsedTable
  beforeAll(() => {
    parsed = parseTrinoDdl(sql)
  })

  it("declares every column with its Trino type, partition columns last as the Hive connector wants", () => {
    expect(parsed.table).toEqual(['hive', 'security', 'aws_cloudtrail_log'])
    expect(parsed.columns.map((c) => c.name)).toEqual(columns.map((c) => c.name))
    expect(parsed.columns.map((c) => c.name).slice(-3)).toEqual([...PARTITION_KEYS])
    expect(parsed.columns.map((c) => c.type)).toEqual(columns.map((c) => TRINO[c.type]))
    expect(parsed.columns.find((c) => c.name === 'tp_table')?.comment).toBe("Always 'aws_cloudtrail_log'.")
  })

  it('points the external table at the Parquet and syncs its partitions', () => {
    expect(parsed.location).toBe('s3://org-lake/cairn/aws_cloudtrail_log')
    expect(parsed.partitionKeys).toEqual([...PARTITION_KEYS])
    expect(parsed.properties.format).toBe("'PARQUET'")
    expect(parsed.statements.map((s) => s.split(/\s+/).slice(0, 2).join(' '))).toEqual(['CREATE SCHEMA', 'CREATE TABLE', 'CALL "hive".system.sync_partition_metadata(schema_name'])
    expect(parsed.statements[2]).toBe(
      `CALL "hive".system.sync_partition_metadata(schema_name => 'security', table_name => 'aws_cloudtrail_log', mode => 'FULL')`,
    )
  })

  it('names the default schema when none is given, since the sync call needs one, and quotes odd names', () => {
    const odd = parseTrinoDdl(externalTableSql('trino', { location: '/srv/lake', table: 'cloud"trail' }))
    expect(odd.table).toEqual(['default', 'cloud"trail'])
    expect(odd.location).toBe('file:///srv/lake/aws_cloudtrail_log')
    expect(odd.statements[2]).toContain("schema_name => 'default', table_name => 'cloud\"trail'")
  })
})

describe('spark', () => {
  const sql = externalTableSql('spark', { location: '/srv/cairn data', database: 'security' })
  let parsed: ParsedTable
  beforeAll(() => {
    parsed = parseSparkDdl(sql)
  })

  it('declares every column with its Spark type and partitions by the hive keys', () => {
    expect(parsed.table).toEqual(['security', 'aws_cloudtrail_log'])
    expect(parsed.columns.map((c) => c.name)).toEqual(columns.map((c) => c.name))
    expect(parsed.columns.map((c) => c.type)).toEqual(columns.map((c) => SPARK[c.type]))
    expect(parsed.partitionKeys).toEqual([...PARTITION_KEYS])
    expect(parsed.properties.using).toBe('parquet')
    expect(parsed.columns.find((c) => c.name === 'tp_table')?.comment).toBe("Always 'aws_cloudtrail_log'.")
  })

  it('reads a local lake through a file URI and repairs partitions after creating the table', () => {
    expect(parsed.location).toBe('file:///srv/cairn%20data/aws_cloudtrail_log')
    expect(parsed.statements).toEqual([
      'CREATE DATABASE IF NOT EXISTS `security`',
      expect.stringMatching(/^CREATE TABLE IF NOT EXISTS `security`.`aws_cloudtrail_log` \(/),
      'MSCK REPAIR TABLE `security`.`aws_cloudtrail_log`',
    ])
  })
})

describe('duckdb', () => {
  const sql = externalTableSql('duckdb', { location: '/srv/lake/', database: 'lake' })

  it('is a view over the hive-partitioned files with the table’s columns, in order, and types', () => {
    expect(sql).toContain('CREATE SCHEMA IF NOT EXISTS "lake";')
    expect(sql).toContain('CREATE OR REPLACE VIEW "lake"."aws_cloudtrail_log" AS')
    const select = /SELECT\n([\s\S]*)\nFROM/.exec(sql)![1]!.split(',\n').map((s) => s.trim())
    expect(select).toEqual(
      columns.map((c) =>
        c.type === 'timestamp' ? `make_timestamp(epoch_us("${c.name}")) AS "${c.name}"` : `"${c.name}"`,
      ),
    )
    expect(sql).toContain(
      "FROM read_parquet('/srv/lake/aws_cloudtrail_log/*/*/*/[!._]*.parquet', hive_partitioning = true, hive_types = {'tp_partition': VARCHAR, 'tp_index': VARCHAR, 'tp_date': DATE});",
    )
  })

  it('says what a remote lake needs', () => {
    expect(externalTableSql('duckdb', { location: 's3://b/p' })).toMatch(/httpfs[\s\S]*read_parquet\('s3:\/\/b\/p\/aws_cloudtrail_log\//)
  })
})

describe('every dialect', () => {
  it('is checked by grammars that reject a broken statement', () => {
    const dropComma = (sql: string) => sql.replace(/,\n/, '\n')
    expect(() => parseAthenaDdl(dropComma(externalTableSql('athena', { location: 's3://b' })))).toThrow(/grammar rejects/)
    expect(() => parseTrinoDdl(dropComma(externalTableSql('trino', { location: 's3://b' })))).toThrow(/grammar rejects/)
    expect(() => parseSparkDdl(dropComma(externalTableSql('spark', { location: 's3://b' })))).toThrow(/grammar rejects/)
  })

  it('refuses a relative location and an unknown dialect', () => {
    for (const dialect of EXTERNAL_DIALECTS) {
      expect(() => externalTableSql(dialect, { location: 'data' })).toThrow(/relative path/)
    }
    expect(() => externalTableSql('oracle' as ExternalDialect, { location: '/x' })).toThrow(
      "unknown dialect 'oracle': use one of athena, trino, spark, duckdb",
    )
  })
})

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import type { AwsCloudTrailLogRow } from '@cairn/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LakeWriter } from '../src/index.js'
import { FsLakeStore } from '../src/node.js'

// Native DuckDB (with its parquet and json extensions linked in) stands for the engines outside Cairn that must
// read the lake as it is: hive partitions, JSON-typed columns, UTC timestamps, lists.
describe('the lake read by native DuckDB', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-interop-'))
    const t = Date.UTC(2025, 4, 1, 12, 30)
    const row = {
      event_time: t,
      tp_timestamp: t,
      tp_ingest_timestamp: t,
      event_id: 'e-1',
      tp_id: 'id-1',
      event_name: 'CreateUser',
      event_source: 'iam.amazonaws.com',
      user_identity: JSON.stringify({ type: 'IAMUser', userName: 'alice' }),
      user_type: 'IAMUser',
      user_name: 'alice',
      resources: JSON.stringify([{ ARN: 'arn:aws:iam::1:user/bob', type: 'AWS::IAM::User', resourceType: 'AWS::IAM::User', resourceName: 'arn:aws:iam::1:user/bob' }]),
      read_only: false,
      tp_ips: ['192.0.2.1', '2001:db8::1'],
      tp_table: 'aws_cloudtrail_log',
      tp_source_type: 'file',
      tp_partition: 'prod',
      tp_index: '111122223333',
      tp_date: '2025-05-01',
    } as unknown as AwsCloudTrailLogRow
    const writer = new LakeWriter(new FsLakeStore(dir))
    await writer.write([row])
    await writer.close()
  })
  afterAll(async () => rm(dir, { recursive: true, force: true }))

  it('sees hive partitions and the right types, and its own JSON operators work on the columns', async () => {
    const instance = await DuckDBInstance.create(':memory:')
    const connection = await instance.connect()
    const source = `read_parquet('${dir}/aws_cloudtrail_log/*/*/*/*.parquet', hive_partitioning = true)`
    const types = await connection.runAndReadAll(`select column_name, column_type from (describe select * from ${source})`)
    const typeOf = Object.fromEntries(types.getRowObjects().map((r) => [r.column_name, r.column_type]))
    expect(typeOf.user_identity).toBe('JSON')
    expect(typeOf.event_time).toBe('TIMESTAMP WITH TIME ZONE')
    expect(typeOf.tp_ips).toBe('VARCHAR[]')
    expect(typeOf.read_only).toBe('BOOLEAN')
    expect(typeOf.tp_partition).toBe('VARCHAR')
    const result = await connection.runAndReadAll(
      `select user_identity->>'userName' as u, resources[0]->>'resourceType' as rt, tp_partition, tp_index::varchar as idx,
              tp_date::varchar as d, epoch_ms(event_time) as ms, tp_ips from ${source}`,
    )
    const [r] = result.getRowObjectsJson()
    expect(r).toMatchObject({ u: 'alice', rt: 'AWS::IAM::User', tp_partition: 'prod', idx: '111122223333', d: '2025-05-01', tp_ips: ['192.0.2.1', '2001:db8::1'] })
    expect(Number(r!.ms)).toBe(Date.UTC(2025, 4, 1, 12, 30))
    connection.closeSync()
  })
})

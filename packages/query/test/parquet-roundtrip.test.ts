import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readCloudTrail } from '@cairn/normalizer'
import { type AwsCloudTrailLogRow, storedColumns } from '@cairn/schema'
import { parquetMetadata } from 'hyparquet'
import { describe, expect, it } from 'vitest'
import { decodeParquet, decodeParquetRows, encodeParquet } from '../src/index.js'
import { compression } from '../src/parquet/compression.js'

const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/cloudtrail/', import.meta.url))

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]))
    .sort()
}

/** Every row the normalizer makes of the CloudTrail fixtures (files it rejects whole are skipped). */
async function fixtureRows(): Promise<AwsCloudTrailLogRow[]> {
  const rows: AwsCloudTrailLogRow[] = []
  const context = { partition: 'test', sourceType: 'file' as const, sourceName: 'fixtures', ingestTime: 1_700_000_000_000 }
  for (const path of listFiles(FIXTURES)) {
    if (!/\.(json|jsonl|gz|ndjson|log)$/.test(path)) continue
    try {
      for await (const item of readCloudTrail({ location: path, chunks: [readFileSync(path)] }, context)) {
        if (item.kind === 'row') rows.push(item.row)
      }
    } catch {
      // not CloudTrail: the fixtures hold other files too
    }
  }
  return rows
}

function toBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
}

/** The rows as decodeParquetRows gives them back: stored columns only, absent values null, sorted by time. */
function expected(rows: readonly AwsCloudTrailLogRow[]): Record<string, unknown>[] {
  return [...rows]
    .sort((a, b) => a.event_time - b.event_time)
    .map((row) => {
      const out: Record<string, unknown> = {}
      const r = row as unknown as Record<string, unknown>
      for (const c of storedColumns) {
        const v = r[c.name]
        out[c.name] = Array.isArray(v) ? v.map((x) => x ?? null) : (v ?? null)
      }
      return out
    })
}

/** Compares row by row (toEqual on 100k rows is slow and its diff unreadable). */
function expectSameRows(actual: readonly unknown[], want: readonly Record<string, unknown>[]): void {
  expect(actual.length).toBe(want.length)
  for (let i = 0; i < want.length; i++) {
    const a = actual[i] as Record<string, unknown>
    for (const c of storedColumns) {
      const x = a[c.name]
      const y = want[i]![c.name]
      if (x === y) continue
      if (Array.isArray(x) && Array.isArray(y) && x.length === y.length && x.every((v, k) => v === y[k])) continue
      expect({ row: i, column: c.name, value: x }).toEqual({ row: i, column: c.name, value: y })
    }
  }
}

async function roundTrip(rows: readonly AwsCloudTrailLogRow[], options?: Parameters<typeof encodeParquet>[1]) {
  const bytes = encodeParquet(rows, options)
  const decoded = await decodeParquetRows(toBuffer(bytes))
  expectSameRows(decoded, expected(rows))
  return bytes
}

const BASE = Date.UTC(2025, 0, 1)
const UNICODE = ['ünïcödé', '日本語のテキスト', 'emoji 🔐🚀', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 4-byte', 'mixed ascii then é', '']

/** Deterministic rows with every shape the schema allows: nulls, empty text, unicode, lists with nulls, long JSON. */
export function generatedRows(count: number, seed = 1): AwsCloudTrailLogRow[] {
  let state = seed
  const random = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff
    return state / 0x7fffffff
  }
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!
  const maybe = <T>(value: T, nullShare = 0.3): T | null => (random() < nullShare ? null : value)
  const rows: AwsCloudTrailLogRow[] = []
  for (let i = 0; i < count; i++) {
    const t = BASE + Math.floor(random() * 86_400_000) * (random() < 0.01 ? -400 : 1)
    const row: Record<string, unknown> = {
      event_time: t,
      event_id: `evt-${i}-${Math.floor(random() * 1e9)}`,
      event_name: maybe(pick(['CreateUser', 'GetObject', 'AssumeRole', 'ConsoleLogin', '']), 0.05),
      event_source: maybe(pick(['iam.amazonaws.com', 's3.amazonaws.com', 'sts.amazonaws.com']), 0.02),
      event_version: '1.08',
      event_type: pick(['AwsApiCall', 'AwsConsoleSignIn']),
      event_category: 'Management',
      aws_region: pick(['us-east-1', 'eu-west-1', 'ap-northeast-1']),
      source_ip_address: maybe(`10.0.${i % 7}.${i % 251}`),
      user_agent: maybe(pick(['aws-cli/2.15', 'Mozilla/5.0 😀', `agent-${i % 13}`])),
      error_code: maybe(pick(['AccessDenied', 'NoSuchKey']), 0.9),
      error_message: maybe(pick(UNICODE), 0.8),
      user_identity: maybe(JSON.stringify({ type: 'IAMUser', userName: pick(UNICODE), arn: `arn:aws:iam::1:user/u${i % 50}` }), 0.05),
      request_parameters: maybe(JSON.stringify({ bucketName: `b-${i}`, key: pick(UNICODE), n: i })),
      response_elements: maybe(i % 997 === 0 ? JSON.stringify({ blob: 'x'.repeat(300_000) + '🎉' }) : '{}', 0.7),
      additional_event_data: maybe(JSON.stringify({ bytes: Math.floor(random() * 1e6) }), 0.5),
      service_event_details: null,
      resources: maybe(JSON.stringify([{ ARN: `arn:aws:s3:::b-${i % 40}`, type: 'AWS::S3::Bucket' }]), 0.5),
      request_id: maybe(`req-${i}`, 0.01),
      shared_event_id: maybe(`shared-${i % 3}`, 0.95),
      api_version: maybe('2006-03-01', 0.9),
      management_event: maybe(random() < 0.5, 0.1),
      read_only: maybe(random() < 0.7, 0.1),
      recipient_account_id: pick(['111122223333', '444455556666']),
      vpc_endpoint_id: maybe('vpce-1', 0.9),
      vpc_endpoint_account_id: null,
      session_credential_from_console: maybe(true, 0.9),
      edge_device_details: null,
      tls_details: maybe(JSON.stringify({ tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256' }), 0.2),
      addendum: null,
      insight_details: null,
      annotation: maybe('', 0.98),
      unmapped_fields: maybe(JSON.stringify({ extraKey: pick(UNICODE) }), 0.97),
      user_type: maybe(pick(['IAMUser', 'AssumedRole', 'Root', 'AWSService']), 0.02),
      user_name: maybe(pick(UNICODE)),
      user_arn: maybe(`arn:aws:iam::1:user/u${i % 50}`),
      user_account_id: maybe('111122223333', 0.1),
      user_principal_id: maybe(`AIDA${i % 60}`),
      access_key_id: maybe(`AKIA${i % 300}`),
      user_invoked_by: maybe('signin.amazonaws.com', 0.8),
      tp_id: `tp-${i}`,
      tp_timestamp: t,
      tp_table: 'aws_cloudtrail_log',
      tp_source_type: 'file',
      tp_source_name: maybe('/logs'),
      tp_source_location: maybe(`/logs/file-${i % 20}.json.gz`, 0.01),
      tp_ingest_timestamp: BASE + 1_000_000_000 + (i % 3),
      tp_source_ip: maybe(`10.0.${i % 7}.${i % 251}`),
      tp_ips: random() < 0.3 ? null : random() < 0.2 ? [] : [`10.0.0.${i % 9}`, ...(random() < 0.3 ? [null] : []), '2001:db8::1'],
      tp_akas: random() < 0.1 ? null : Array.from({ length: Math.floor(random() * 4) }, (_, k) => `arn:aws:iam::1:role/r${(i + k) % 23}`),
      tp_usernames: random() < 0.5 ? null : [pick(UNICODE), null, ''],
      tp_partition: 'p',
      tp_index: '111122223333',
      tp_date: '2025-01-01',
    }
    // Some rows lack optional keys altogether.
    if (i % 11 === 0) {
      delete row.annotation
      delete row.tp_ips
      delete row.read_only
    }
    rows.push(row as unknown as AwsCloudTrailLogRow)
  }
  return rows
}

describe('encodeParquet → decodeParquetRows', () => {
  it('round-trips the rows of the real CloudTrail fixtures', async () => {
    const rows = await fixtureRows()
    expect(rows.length).toBeGreaterThan(500)
    await roundTrip(rows)
  })

  it('round-trips generated rows with nulls, empty strings, unicode, lists with nulls and long JSON', async () => {
    await roundTrip(generatedRows(5000))
  })

  it('round-trips with every codec this runtime has, and small pages', async () => {
    const rows = generatedRows(3000, 7)
    for (const codec of ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'BROTLI'] as const) {
      const bytes = await roundTrip(rows, { compression: compression(codec), pageSize: 4096 })
      const metadata = parquetMetadata(toBuffer(bytes))
      const codecs = new Set(metadata.row_groups[0]!.columns.map((c) => c.meta_data?.codec))
      expect(codecs.has(codec)).toBe(true)
    }
  })

  it('round-trips one row, and zero rows as an empty file', async () => {
    await roundTrip(generatedRows(1))
    const empty = encodeParquet([])
    expect(parquetMetadata(toBuffer(empty)).num_rows).toBe(0n)
    expect(await decodeParquetRows(toBuffer(empty))).toEqual([])
  })

  it('writes more than 100k rows as row groups of 100k, sorted by event time', async () => {
    const rows = generatedRows(100_500, 3)
    const bytes = await roundTrip(rows)
    const metadata = parquetMetadata(toBuffer(bytes))
    expect(metadata.row_groups.map((g) => Number(g.num_rows))).toEqual([100_000, 500])
    const kv = Object.fromEntries((metadata.key_value_metadata ?? []).map((e) => [e.key, e.value]))
    expect(kv['cairn.table']).toBe('aws_cloudtrail_log')
    const { columns } = await decodeParquet(toBuffer(bytes), ['event_time'])
    const times = columns.get('event_time') as number[]
    for (let i = 1; i < times.length; i++) expect(times[i]! >= times[i - 1]!).toBe(true)
  }, 120_000)
})

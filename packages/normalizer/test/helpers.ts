import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AwsCloudTrailLogRow } from '@cairn/schema'
import {
  type CloudTrailDigest,
  type CollectionContext,
  type NormalizerItem,
  type ReadOptions,
  type ReadSummary,
  type Rejection,
  readCloudTrail,
} from '../src/index.js'

export const SHARED = fileURLToPath(new URL('../../../../shared/', import.meta.url))
export const FIXTURES = join(SHARED, 'fixtures', 'cloudtrail')
export const DIGESTS = join(SHARED, 'fixtures', 'digests')
export const EDGE_CASES = join(FIXTURES, 'parser-edge-cases', 'src', 'test', 'resources')
export const INVICTUS = join(FIXTURES, 'invictus-aws-dataset', 'CloudTrail')
export const STRATUS = join(FIXTURES, 'stratus-red-team', 'docs', 'detonation-logs')

export const context: CollectionContext = {
  partition: 'test',
  sourceType: 'file',
  sourceName: 'fixtures',
  ingestTime: 1_700_000_000_000,
}

export function listFiles(dir: string): string[] {
  const files: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) files.push(...listFiles(path))
    else files.push(path)
  }
  return files.sort()
}

export function fixtureName(path: string): string {
  return relative(FIXTURES, path)
}

export function* chunksOf(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, Math.min(i + size, bytes.length))
}

export function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text)
}

export interface ReadResult {
  items: NormalizerItem[]
  rows: AwsCloudTrailLogRow[]
  rejections: Rejection[]
  duplicates: { eventId: string; record: number }[]
  digests: CloudTrailDigest[]
  end: ReadSummary
}

export async function readAll(
  location: string,
  chunks: Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>,
  options?: ReadOptions,
  readContext: CollectionContext = context,
): Promise<ReadResult> {
  const result: Omit<ReadResult, 'end'> & { end?: ReadSummary } = {
    items: [],
    rows: [],
    rejections: [],
    duplicates: [],
    digests: [],
  }
  for await (const item of readCloudTrail({ location, chunks }, readContext, options)) {
    result.items.push(item)
    switch (item.kind) {
      case 'row':
        result.rows.push(item.row)
        break
      case 'rejected':
        result.rejections.push(item.rejection)
        break
      case 'duplicate':
        result.duplicates.push({ eventId: item.eventId, record: item.record })
        break
      case 'digest':
        result.digests.push(item.digest)
        break
      case 'end': {
        const { kind: _kind, ...summary } = item
        result.end = summary
        break
      }
    }
  }
  if (result.end === undefined) throw new Error('no end item')
  if (result.items.at(-1)?.kind !== 'end') throw new Error('end item is not last')
  return result as ReadResult
}

export function readText(location: string, text: string, options?: ReadOptions): Promise<ReadResult> {
  return readAll(location, [bytesOf(text)], options)
}

export function readFixture(path: string, chunkSize = 65536, options?: ReadOptions): Promise<ReadResult> {
  return readAll(fixtureName(path), chunksOf(readFileSync(path), chunkSize), options)
}

export function reasons(result: ReadResult): string[] {
  return result.rejections.map((rejection) => rejection.reason)
}

/** A compact CloudTrail event, as S3 delivery writes them. */
export function sampleEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventVersion: '1.08',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLE',
      arn: 'arn:aws:iam::111122223333:user/alice',
      accountId: '111122223333',
      accessKeyId: 'AKIAEXAMPLEKEY',
      userName: 'alice',
    },
    eventTime: '2023-07-10T11:42:18Z',
    eventSource: 'iam.amazonaws.com',
    eventName: 'CreateUser',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.7',
    userAgent: 'aws-cli/2.13.0',
    requestParameters: { userName: 'bob' },
    responseElements: { user: { userName: 'bob', userId: 'AIDABOB' } },
    requestID: 'req-1',
    eventID: 'e1a2b3c4-0000-4000-8000-000000000001',
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '111122223333',
    eventCategory: 'Management',
    ...overrides,
  }
}

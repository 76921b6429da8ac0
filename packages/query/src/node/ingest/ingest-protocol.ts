import type { CloudTrailDigest, CollectionContext, Rejection } from '@cairn/normalizer'
import type { AwsCloudTrailLogRow } from '@cairn/schema'
import type { LakeWriteSummary } from '../../lake/lake-writer.js'
import type { LakeStoreModule } from '../lake-store-module.js'

/**
 * Inputs up to this size are read whole and gunzipped natively in one call (a local file given as a path is read
 * by the worker itself); larger ones stream through the normalizer.
 */
export const WHOLE_INPUT_BYTES = 16 * 1024 * 1024

/** What the pool tells each worker when it starts it. */
export interface IngestWorkerData {
  dataDir: string
  /** The lake's store when it is not the local `dataDir` (e.g. an S3 bucket). */
  lakeStore?: LakeStoreModule
  runId: string
  workerIndex: number
  workers: number
  /** Events outside [fromMs, toMs) are counted and dropped. */
  fromMs: number
  toMs: number
  rowsPerFile?: number
  maxBufferedRows?: number
  idleFlushRows?: number
  /** The worker's old-generation heap limit, MB: its buffers are written out early as the heap nears it. */
  heapLimitMb?: number
}

export type ToWorker =
  /** `hash`: report the SHA-256 of the input's uncompressed bytes. */
  | { kind: 'begin'; id: number; location: string; context: CollectionContext; hash?: boolean }
  /** A local file the worker reads itself (no bytes cross threads). */
  | { kind: 'file'; id: number; path: string; location: string; context: CollectionContext; hash?: boolean }
  | { kind: 'chunk'; id: number; bytes: Uint8Array }
  | { kind: 'end'; id: number }
  /** Rows another worker normalized whose folder this worker owns. */
  | { kind: 'rows'; rows: AwsCloudTrailLogRow[] }
  | { kind: 'drain'; token: number }
  | { kind: 'write'; token: number }
  | { kind: 'close'; token: number }

export interface DigestFound {
  record: number
  digest: CloudTrailDigest
}

/** What one input gave, reported when the worker has finished reading it. */
export interface IngestResult {
  id: number
  location: string
  records: number
  /** Rows normalized inside the window (new or not: the folder's owner decides). */
  rows: number
  outsideWindow: number
  rejections: Rejection[]
  digests: DigestFound[]
  bytesIn: number
  /** Hex SHA-256 of the input's bytes after gunzip (what a CloudTrail digest's hashValue is of), when asked for. */
  sha256?: string
  /** Bytes after gunzip. */
  bytesDecoded: number
}

export type FromWorker =
  | { kind: 'consumed'; bytes: number }
  /** Inputs finished, in order: a local file's result may wait for a few more (see the worker). */
  | { kind: 'results'; results: IngestResult[] }
  | { kind: 'route'; to: number; rows: AwsCloudTrailLogRow[] }
  | { kind: 'drained'; token: number }
  | { kind: 'written'; token: number; summary: LakeWriteSummary }
  | { kind: 'closed'; token: number; summary: LakeWriteSummary }
  | { kind: 'failed'; message: string }

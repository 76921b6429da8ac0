import type { LoadResult } from '@cairn/query'
import type { OpenProgress, OpenSummary, PickedFile } from '@cairn/query/browser'
import type { Filter } from '../filters/filters.js'

/**
 * What every query sees of the data: the time window (ISO text, as in the URL) and the filters. The window prunes
 * the files read; the filters narrow `aws_cloudtrail_log` itself, whatever SQL names it.
 */
export interface ViewScope {
  from?: string
  to?: string
  filters?: readonly Filter[]
}

/** A query's answer from the worker: the result as Arrow IPC stream bytes (transferred, not cloned). */
export interface QueryAnswer {
  ipc: Uint8Array
  load: LoadResult
  /** Time in the worker: loading (0 when what was loaded sufficed), and DuckDB running the SQL and writing IPC. */
  loadMs: number
  runMs: number
}

export type EngineRequestBody =
  | { op: 'open'; files: PickedFile[] }
  | { op: 'openDirectory'; handle: FileSystemDirectoryHandle }
  | { op: 'prepare'; sqls: string[]; scope: ViewScope }
  | { op: 'query'; sql: string; scope: ViewScope }

export type EngineRequest = EngineRequestBody & { id: number }

export type EngineProgress = Extract<EngineMessage, { kind: 'progress' }>['progress']

export type EngineMessage =
  | { id: number; kind: 'done'; result: OpenSummary | QueryAnswer | LoadResult }
  | { id: number; kind: 'failed'; error: string }
  | { id: number; kind: 'progress'; progress: OpenProgress | { filesRead: number; filesTotal: number; rows: number } }

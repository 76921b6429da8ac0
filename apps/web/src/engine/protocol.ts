import type { BrowserQueryResult, OpenProgress, OpenSummary, PickedFile } from '@cairn/query/browser'
import type { LoadResult } from '@cairn/query'

/** Time window and partitions, as plain data (Dates do cross postMessage, but ISO text keeps URL state simple). */
export interface WireFilter {
  from?: string
  to?: string
}

export type EngineRequestBody =
  | { op: 'open'; files: PickedFile[] }
  | { op: 'openDirectory'; handle: FileSystemDirectoryHandle }
  | { op: 'prepare'; sqls: string[]; filter: WireFilter }
  | { op: 'query'; sql: string; filter: WireFilter }

export type EngineRequest = EngineRequestBody & { id: number }

export type EngineProgress = Extract<EngineMessage, { kind: 'progress' }>['progress']

export type EngineMessage =
  | { id: number; kind: 'done'; result: OpenSummary | BrowserQueryResult | LoadResult }
  | { id: number; kind: 'failed'; error: string }
  | { id: number; kind: 'progress'; progress: OpenProgress | { filesRead: number; filesTotal: number; rows: number } }

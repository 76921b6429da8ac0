import type { LoadResult } from '@cairn/query'
import type { OpenSummary, PickedFile } from '@cairn/query/browser'
import type { EngineMessage, EngineProgress, EngineRequestBody, QueryAnswer, ViewScope } from './protocol.js'
import { ResultTable } from './result-table.js'

export interface QueryOutcome {
  table: ResultTable
  /** Time in the worker: loading files, and running the SQL. */
  loadMs: number
  runMs: number
}

type Progress = EngineProgress
type Pending = { resolve: (v: any) => void; reject: (e: Error) => void; onProgress?: (p: Progress) => void }

/** The page's side of the engine worker: one promise per request. */
export class EngineClient {
  private readonly worker = new Worker(new URL('./engine-worker.ts', import.meta.url), { type: 'module' })
  private readonly pending = new Map<number, Pending>()
  private nextId = 1

  constructor() {
    this.worker.onmessage = (event: MessageEvent<EngineMessage>) => {
      const message = event.data
      const waiting = this.pending.get(message.id)
      if (!waiting) return
      if (message.kind === 'progress') return waiting.onProgress?.(message.progress)
      this.pending.delete(message.id)
      if (message.kind === 'done') waiting.resolve(message.result)
      else waiting.reject(new Error(message.error))
    }
  }

  private send<T>(request: EngineRequestBody, onProgress?: (p: Progress) => void): Promise<T> {
    const id = this.nextId++
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress })
      this.worker.postMessage({ ...request, id })
    })
  }

  open(files: PickedFile[], onProgress?: (p: Progress) => void): Promise<OpenSummary> {
    return this.send({ op: 'open', files }, onProgress)
  }

  openDirectory(handle: FileSystemDirectoryHandle, onProgress?: (p: Progress) => void): Promise<OpenSummary> {
    return this.send({ op: 'openDirectory', handle }, onProgress)
  }

  /** Loads at once every column these queries (and the scope's filters) need, so each then runs without reading files. */
  prepare(sqls: string[], scope: ViewScope = {}, onProgress?: (p: Progress) => void): Promise<LoadResult> {
    return this.send({ op: 'prepare', sqls, scope }, onProgress)
  }

  /** Runs SQL over the data in scope (time window and filters); the result stays Arrow until rows are looked at. */
  async query(sql: string, scope: ViewScope = {}, onProgress?: (p: Progress) => void): Promise<QueryOutcome> {
    const answer = await this.send<QueryAnswer>({ op: 'query', sql, scope }, onProgress)
    return { table: ResultTable.fromIpc(answer.ipc), loadMs: answer.loadMs, runMs: answer.runMs }
  }
}

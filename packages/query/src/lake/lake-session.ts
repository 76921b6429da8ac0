import type * as arrow from 'apache-arrow'
import type { QueryEngine } from '../engine/query-engine.js'
import { type QueryResult, toQueryResult } from '../results.js'
import { referencedColumns } from '../sql/referenced-columns.js'
import { rewriteJsonAccess } from '../sql/rewrite-json-access.js'
import type { LakeFilter } from './lake-filter.js'
import type { LakeReadStore } from './lake-store.js'
import { addLakeColumns, type LoadedParts, type LoadProgress, type LoadResult, loadLakeParts } from './load-lake.js'

export interface LakeQueryOptions {
  filter?: LakeFilter
  onLoadProgress?: (p: LoadProgress) => void
}

export interface LakeSessionOptions {
  /**
   * A query that needs columns not loaded yet (same filter) reads just those, into a table joined by position to
   * what is loaded (default). false: it loads everything it needs anew, into one table (for a caller that adds
   * rows of its own to that table).
   */
  addColumns?: boolean
}

/** Whether an engine error is duckdb-wasm running out of memory (wasm32 holds at most 4 GiB). */
export function isOutOfMemory(error: unknown): boolean {
  return /out of memory/i.test((error as Error).message)
}

/**
 * SQL over a lake. Each query loads only the columns it references from only the files its filter selects; a later
 * query needing no more than what is loaded (same filter) runs at once, as in an interactive shell, and one needing
 * more columns reads only those.
 */
export class LakeSession {
  private loaded?: { filterKey: string; columns: Set<string>; parts: LoadedParts }
  private readonly addColumns: boolean

  constructor(
    readonly engine: QueryEngine,
    readonly store: LakeReadStore,
    options: LakeSessionOptions = {},
  ) {
    this.addColumns = options.addColumns ?? true
  }

  /** The lake's columns a query reads under `filter`: those it names, and event_time for a time window. */
  columnsOf(sql: string, filter: LakeFilter = {}): Set<string> {
    const needed = referencedColumns(rewriteJsonAccess(sql)).columns
    if (filter.from || filter.to) needed.add('event_time')
    return needed
  }

  async ensureLoaded(sql: string, options: LakeQueryOptions = {}): Promise<LoadResult> {
    const filter = options.filter ?? {}
    const needed = this.columnsOf(sql, filter)
    const filterKey = JSON.stringify(filter)
    const current = this.loaded?.filterKey === filterKey ? this.loaded : undefined
    if (current && [...needed].every((c) => current.columns.has(c))) return current.parts.result
    // What is loaded stays usable only if a load succeeds: a failed one (wasm32's 4 GiB reached, a file gone) may
    // have dropped the view, so the session then forgets and starts over with only what this query needs.
    this.loaded = undefined
    const anew = (columns: ReadonlySet<string>) =>
      loadLakeParts(this.engine, this.store, { filter, columns, onProgress: options.onLoadProgress })
    let parts: LoadedParts
    if (current && this.addColumns) {
      try {
        parts = await addLakeColumns(this.engine, this.store, current.parts, needed, options.onLoadProgress)
      } catch {
        parts = await anew(needed)
      }
    } else if (current) {
      try {
        parts = await anew(new Set([...current.columns, ...needed]))
      } catch {
        parts = await anew(needed)
      }
    } else {
      parts = await anew(needed)
    }
    this.loaded = { filterKey, columns: new Set(parts.result.columns), parts }
    return parts.result
  }

  /** Drops what is loaded: the next query reads the lake anew (a long-lived session whose lake has changed). */
  forget(): void {
    this.loaded = undefined
  }

  async query(sql: string, options: LakeQueryOptions = {}): Promise<QueryResult & { load: LoadResult }> {
    const { table, load } = await this.queryTable(sql, options)
    return { ...toQueryResult(table), load }
  }

  /** The answer as DuckDB's Arrow table, e.g. for `toQueryResultBatches` (a large answer written batch by batch). */
  async queryTable(sql: string, options: LakeQueryOptions = {}): Promise<{ table: arrow.Table; load: LoadResult }> {
    const load = await this.ensureLoaded(sql, options)
    try {
      return { table: this.engine.run(sql), load }
    } catch (error) {
      // wasm32 holds at most 4 GiB: columns earlier queries loaded may leave this one too little. Then only what
      // it needs is loaded, and it runs once more.
      const holdsMore = load.columns.length > this.columnsOf(sql, options.filter ?? {}).size
      if (!isOutOfMemory(error) || !holdsMore) throw error
      this.forget()
      const fresh = await this.ensureLoaded(sql, options)
      return { table: this.engine.run(sql), load: fresh }
    }
  }
}

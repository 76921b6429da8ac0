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

  async ensureLoaded(sql: string, options: LakeQueryOptions = {}): Promise<LoadResult> {
    const rewritten = rewriteJsonAccess(sql)
    const needed = referencedColumns(rewritten).columns
    const filter = options.filter ?? {}
    if (filter.from || filter.to) needed.add('event_time')
    const filterKey = JSON.stringify(filter)
    const current = this.loaded?.filterKey === filterKey ? this.loaded : undefined
    if (current && [...needed].every((c) => current.columns.has(c))) return current.parts.result
    let parts: LoadedParts | undefined
    if (current && this.addColumns) {
      try {
        parts = await addLakeColumns(this.engine, this.store, current.parts, needed, options.onLoadProgress)
      } catch {
        // the lake changed under the session (compacted, deleted from): load it anew below
      }
    }
    if (!parts) {
      const columns = current ? new Set([...current.columns, ...needed]) : needed
      parts = await loadLakeParts(this.engine, this.store, { filter, columns, onProgress: options.onLoadProgress })
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
    return { table: this.engine.run(sql), load }
  }
}

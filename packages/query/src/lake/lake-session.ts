import type { QueryEngine } from '../engine/query-engine.js'
import { type QueryResult, toQueryResult } from '../results.js'
import { referencedColumns } from '../sql/referenced-columns.js'
import { rewriteJsonAccess } from '../sql/rewrite-json-access.js'
import type { LakeFilter } from './lake-filter.js'
import type { LakeReadStore } from './lake-store.js'
import { type LoadProgress, type LoadResult, loadLake } from './load-lake.js'

export interface LakeQueryOptions {
  filter?: LakeFilter
  onLoadProgress?: (p: LoadProgress) => void
}

/**
 * SQL over a lake. Each query loads only the columns it references from only the files its filter selects; a later
 * query needing no more than what is loaded (same filter) runs at once, as in an interactive shell.
 */
export class LakeSession {
  private loaded?: { filterKey: string; columns: Set<string>; result: LoadResult }

  constructor(
    readonly engine: QueryEngine,
    readonly store: LakeReadStore,
  ) {}

  async ensureLoaded(sql: string, options: LakeQueryOptions = {}): Promise<LoadResult> {
    const rewritten = rewriteJsonAccess(sql)
    const needed = referencedColumns(rewritten).columns
    const filter = options.filter ?? {}
    if (filter.from || filter.to) needed.add('event_time')
    const filterKey = JSON.stringify(filter)
    const current = this.loaded
    if (current && current.filterKey === filterKey && [...needed].every((c) => current.columns.has(c))) {
      return current.result
    }
    const columns = current && current.filterKey === filterKey ? new Set([...current.columns, ...needed]) : needed
    const result = await loadLake(this.engine, this.store, { filter, columns, onProgress: options.onLoadProgress })
    this.loaded = { filterKey, columns: new Set(result.columns), result }
    return result
  }

  async query(sql: string, options: LakeQueryOptions = {}): Promise<QueryResult & { load: LoadResult }> {
    const load = await this.ensureLoaded(sql, options)
    return { ...toQueryResult(this.engine.run(sql)), load }
  }
}

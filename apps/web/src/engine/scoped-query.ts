import type { LoadProgress, LoadResult } from '@cairn/query'
import type { BrowserLake } from '@cairn/query/browser'
import { quoteIdentifier, TABLE_NAME } from '@cairn/schema'
import { filterCondition } from '../filters/filters.js'
import type { QueryAnswer, ViewScope } from './protocol.js'

const TABLE = quoteIdentifier(TABLE_NAME)

function lakeFilter(scope: ViewScope) {
  return {
    ...(scope.from ? { from: new Date(scope.from) } : {}),
    ...(scope.to ? { to: new Date(scope.to) } : {}),
  }
}

/** A statement that references the columns the filters read, so that loading for it loads them too. */
function filterColumnsProbe(condition: string): string[] {
  return condition ? [`select 1 from ${TABLE_NAME} where ${condition}`] : []
}

/**
 * `aws_cloudtrail_log` as the filters narrow it: a temporary view of that name over the loaded one. DuckDB looks
 * names up in `temp` before `main`, so any SQL naming the table (in joins, CTEs, subqueries) sees only the
 * filtered rows, without any rewriting of the user's SQL. The view lives for one statement. Its body names the
 * database too: the temporary catalog has a schema `main` of its own, where the view would find itself.
 */
export function filteredViewSql(database: string, condition: string): { create: string; drop: string } {
  return {
    create: `CREATE TEMP VIEW ${TABLE} AS SELECT * FROM ${quoteIdentifier(database)}.main.${TABLE} WHERE ${condition}`,
    drop: `DROP VIEW IF EXISTS temp.main.${TABLE}`,
  }
}

/** Loads in one pass what these queries and the scope's filters need (within the scope's time window). */
export function prepareInScope(lake: BrowserLake, sqls: readonly string[], scope: ViewScope, onProgress?: (p: LoadProgress) => void): Promise<LoadResult> {
  return lake.prepare([...sqls, ...filterColumnsProbe(filterCondition(scope.filters ?? []))], lakeFilter(scope), onProgress)
}

/** Runs SQL over the data in scope: the time window's files, then only the rows the filters let through. */
export async function queryInScope(lake: BrowserLake, sql: string, scope: ViewScope, onProgress?: (p: LoadProgress) => void): Promise<QueryAnswer> {
  const started = performance.now()
  const load = await prepareInScope(lake, [sql], scope, onProgress)
  const loaded = performance.now()
  const answer = (ipc: Uint8Array) => ({ ipc, load, loadMs: loaded - started, runMs: performance.now() - loaded })
  const condition = filterCondition(scope.filters ?? [])
  if (!condition) return answer(lake.engine.runIpc(sql))
  const database = String(lake.engine.runRaw('SELECT current_database() AS d').get(0)?.d)
  const view = filteredViewSql(database, condition)
  lake.engine.runRaw(view.drop)
  lake.engine.runRaw(view.create)
  try {
    return answer(lake.engine.runIpc(sql))
  } finally {
    // a later load replaces the table's main view by name: the temporary one must be gone by then
    lake.engine.runRaw(view.drop)
  }
}

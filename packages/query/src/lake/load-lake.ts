import * as arrow from 'apache-arrow'
import { columns as allColumns, type Column, duckdbType, getColumn, quoteIdentifier, TABLE_NAME } from '@cairn/schema'
import { buildColumnVector, buildConstantVector } from '../arrow/build-vectors.js'
import type { QueryEngine } from '../engine/query-engine.js'
import type { LakeFilter } from './lake-filter.js'
import type { LakeReadStore } from './lake-store.js'
import { type LakeDataFile, listLakeFiles } from './list-lake-files.js'
import { type OpenedParquet, openLakeParquet } from './open-lake-parquet.js'
import { decodeParquet } from './parquet-codec.js'

export const ROWS_TABLE = '_cairn_rows'
const READ_AHEAD = 8
const INSERT_ROWS = 200_000

export interface LoadProgress {
  filesRead: number
  filesTotal: number
  rows: number
}

export interface LoadResult {
  files: number
  rows: number
  bytes: number
  columns: string[]
}

const PARTITION_VALUE: Record<string, (f: LakeDataFile) => string> = {
  tp_partition: (f) => f.tp_partition,
  tp_index: (f) => f.tp_index,
  tp_date: (f) => f.tp_date,
}

function sqlTimestamp(date: Date): string {
  return `TIMESTAMP '${date.toISOString().replace('T', ' ').replace('Z', '')}'`
}

/** What a session loaded: the files (in load order) and the columns of each part table, for adding columns later. */
export interface LoadedParts {
  files: LakeDataFile[]
  filter: LakeFilter
  /** Part k's columns live in table `_cairn_rows` (k = 0) or `_cairn_rows_k`, rows in the same order in every part. */
  parts: Column[][]
  result: LoadResult
}

interface LoadOptions {
  filter?: LakeFilter
  columns: ReadonlySet<string>
  onProgress?: (p: LoadProgress) => void
}

function partTable(part: number): string {
  return part === 0 ? ROWS_TABLE : `${ROWS_TABLE}_${part}`
}

/**
 * Loads the selected files' needed columns into duckdb-wasm (Parquet decoded by hyparquet, handed over as Arrow)
 * and defines the `aws_cloudtrail_log` view over them with every column of the table; columns not loaded are
 * typed NULLs, and rows outside the filter's exact time window are cut by the view.
 */
export async function loadLake(engine: QueryEngine, store: LakeReadStore, options: LoadOptions): Promise<LoadResult> {
  return (await loadLakeParts(engine, store, options)).result
}

export async function loadLakeParts(engine: QueryEngine, store: LakeReadStore, options: LoadOptions): Promise<LoadedParts> {
  const filter = options.filter ?? {}
  const files = await listLakeFiles(store, filter)
  const wanted = allColumns.filter((c) => options.columns.has(c.name))
  if (wanted.length === 0) wanted.push(getColumn('event_time')!)
  engine.runRaw(`DROP VIEW IF EXISTS ${quoteIdentifier(TABLE_NAME)}`)
  const parts = engine.runRaw(`SELECT table_name FROM duckdb_tables() WHERE starts_with(table_name, '${ROWS_TABLE}')`)
  for (const row of parts.toArray()) engine.runRaw(`DROP TABLE IF EXISTS ${quoteIdentifier(String(row.table_name))}`)
  const { rows, bytes } = await readColumns(engine, store, files, wanted, ROWS_TABLE, options.onProgress)
  engine.runRaw(createViewSql([wanted], filter))
  return { files, filter, parts: [wanted], result: { files: files.length, rows, bytes, columns: wanted.map((c) => c.name) } }
}

/**
 * Adds columns to what `loadLakeParts` loaded, reading only those columns of the same files in the same order into
 * a table of their own that the view joins by position: a session's next query pays for its new columns only.
 * Throws when the files no longer give the rows they gave (the caller loads anew).
 */
export async function addLakeColumns(
  engine: QueryEngine,
  store: LakeReadStore,
  loaded: LoadedParts,
  columns: ReadonlySet<string>,
  onProgress?: (p: LoadProgress) => void,
): Promise<LoadedParts> {
  const have = new Set(loaded.parts.flat().map((c) => c.name))
  const wanted = allColumns.filter((c) => columns.has(c.name) && !have.has(c.name))
  if (wanted.length === 0) return loaded
  const table = partTable(loaded.parts.length)
  engine.runRaw(`DROP TABLE IF EXISTS ${table}`)
  const { rows } = await readColumns(engine, store, loaded.files, wanted, table, onProgress)
  if (rows !== loaded.result.rows) {
    engine.runRaw(`DROP TABLE IF EXISTS ${table}`)
    throw new Error(`the lake's files now hold ${rows} rows where they held ${loaded.result.rows}`)
  }
  const parts = [...loaded.parts, wanted]
  engine.runRaw(`DROP VIEW IF EXISTS ${quoteIdentifier(TABLE_NAME)}`)
  engine.runRaw(createViewSql(parts, loaded.filter))
  const result = { ...loaded.result, columns: parts.flat().map((c) => c.name) }
  return { ...loaded, parts, result }
}

async function readColumns(
  engine: QueryEngine,
  store: LakeReadStore,
  files: readonly LakeDataFile[],
  wanted: readonly Column[],
  table: string,
  onProgress?: (p: LoadProgress) => void,
): Promise<{ rows: number; bytes: number }> {
  engine.runRaw(`CREATE TABLE ${table} (${wanted.map((c) => `${quoteIdentifier(c.name)} ${duckdbType(c)}`).join(', ')})`)
  let rows = 0
  let bytes = 0
  let filesRead = 0
  const stored = wanted.filter((c) => c.origin !== 'partition').map((c) => c.name)
  let pending: arrow.RecordBatch[] = []
  let pendingRows = 0
  // One IPC stream per ~200k rows: each insert into duckdb-wasm has a fixed cost worth amortizing.
  const insertPending = () => {
    if (pendingRows === 0) return
    engine.insertArrow(new arrow.Table(pending), table, false)
    pending = []
    pendingRows = 0
  }
  // Ahead of decoding: whole files, or (on a store with ranged reads) the footers and needed chunks of the files.
  const reads = files.map(() => undefined as Promise<OpenedParquet> | undefined)
  const readAhead = (from: number) => {
    for (let i = from; i < Math.min(files.length, from + READ_AHEAD); i++) reads[i] ??= openLakeParquet(store, files[i]!, stored)
  }
  for (let i = 0; i < files.length; i++) {
    readAhead(i)
    const file = files[i]!
    const opened = await reads[i]!
    reads[i] = undefined
    const decoded = await decodeParquet(opened, stored)
    if (decoded.rows > 0) {
      const vectors: Record<string, arrow.Vector> = {}
      for (const column of wanted) {
        const partitionValue = PARTITION_VALUE[column.name]
        vectors[column.name] = partitionValue
          ? buildConstantVector(column, partitionValue(file), decoded.rows)
          : buildColumnVector(column, decoded.columns.get(column.name) ?? new Array(decoded.rows).fill(null))
      }
      pending.push(...new arrow.Table(vectors).batches)
      pendingRows += decoded.rows
      if (pendingRows >= INSERT_ROWS) insertPending()
    }
    rows += decoded.rows
    bytes += file.size
    filesRead++
    onProgress?.({ filesRead, filesTotal: files.length, rows })
  }
  insertPending()
  return { rows, bytes }
}

function createViewSql(parts: readonly (readonly Column[])[], filter: LakeFilter): string {
  const loadedNames = new Set(parts.flat().map((c) => c.name))
  const select = allColumns
    .map((c) =>
      loadedNames.has(c.name)
        ? `${quoteIdentifier(c.name)}::${duckdbType(c)} AS ${quoteIdentifier(c.name)}`
        : `NULL::${duckdbType(c)} AS ${quoteIdentifier(c.name)}`,
    )
    .join(',\n  ')
  const where: string[] = []
  if (loadedNames.has('event_time')) {
    if (filter.from) where.push(`event_time >= ${sqlTimestamp(filter.from)}`)
    if (filter.to) where.push(`event_time < ${sqlTimestamp(filter.to)}`)
  }
  return `CREATE VIEW ${quoteIdentifier(TABLE_NAME)} AS SELECT\n  ${select}\nFROM ${parts.map((_, k) => partTable(k)).join(' POSITIONAL JOIN ')}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`
}

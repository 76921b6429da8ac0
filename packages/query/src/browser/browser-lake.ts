import { EventIdSet, type Rejection, readCloudTrail } from '@cairn/normalizer'
import { columns as allColumns, type Column, TABLE_NAME } from '@cairn/schema'
import type { QueryEngine } from '../engine/query-engine.js'
import { insertRows } from '../lake/insert-rows.js'
import { wholeGunzip } from './whole-gunzip.js'
import type { LakeFilter } from '../lake/lake-filter.js'
import { utcDay } from '../lake/lake-filter.js'
import { LakeSession } from '../lake/lake-session.js'
import { type LoadProgress, type LoadResult, ROWS_TABLE } from '../lake/load-lake.js'
import { decodeParquetRows } from '../lake/parquet-codec.js'
import { type QueryResult, toQueryResult } from '../results.js'
import { BlobLakeStore } from './blob-lake-store.js'

/** A file handed to the page, with its path as picked (folder names included). */
export interface PickedFile {
  path: string
  file: Blob
}

export interface OpenProgress {
  file: string
  filesDone: number
  filesTotal: number
  bytesDone: number
  bytesTotal: number
  rows: number
}

export interface OpenSummary {
  lakeFiles: number
  looseParquetFiles: number
  rawFiles: number
  /** Files of a data dir that are Cairn's own bookkeeping (collection state, digests, rejected input). */
  skippedFiles: number
  rows: number
  duplicates: number
  rejected: Rejection[]
}

export type BrowserQueryResult = QueryResult & { load: LoadResult; extraRows: number }

const RAW_PARTITION = 'browser'
const READ_SLICE = 1 << 20
const READ_AHEAD = 16
const WHOLE_FILE_BYTES = 4 << 20
/** Folders of a data dir beside the table that the CLI keeps for itself. */
const BOOKKEEPING = ['state', 'digests', 'rejected']

/** The bytes of a blob as chunks, read slice by slice so a large file never sits in memory whole. */
async function* blobChunks(blob: Blob): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < blob.size; at += READ_SLICE) {
    yield new Uint8Array(await blob.slice(at, at + READ_SLICE).arrayBuffer())
  }
}

function isLakePath(path: string): boolean {
  return /(^|\/)tp_partition=[^/]+\/tp_index=[^/]+\/tp_date=\d{4}-\d{2}-\d{2}\/[^/]+\.parquet$/.test(path)
}

/** The folders (as path prefixes) that hold a lake's table folder: the data dirs among what was opened. */
function dataDirsOf(files: readonly PickedFile[]): string[] {
  const dirs = new Set<string>()
  for (const f of files) {
    const at = `/${f.path}`.indexOf(`/${TABLE_NAME}/`)
    if (at >= 0 && isLakePath(f.path)) dirs.add(f.path.slice(0, at))
  }
  return [...dirs]
}

type FileKind = 'lake' | 'bookkeeping' | 'parquet' | 'raw' | 'hidden'

function kindOf(path: string, dataDirs: readonly string[]): FileKind {
  if (isLakePath(path)) return 'lake'
  if (dataDirs.some((dir) => BOOKKEEPING.some((b) => path.startsWith(`${dir}${b}/`)))) return 'bookkeeping'
  if (path.endsWith('.parquet')) return 'parquet'
  return path.split('/').at(-1)!.startsWith('.') ? 'hidden' : 'raw'
}

function rowMatches(row: Readonly<Record<string, unknown>>, filter: LakeFilter): boolean {
  if (filter.partitions && !filter.partitions.includes(row.tp_partition as string)) return false
  if (filter.indexes && !filter.indexes.includes(row.tp_index as string)) return false
  return true // the view cuts the exact time window
}

/**
 * Everything an analyst opened in the page, queryable as `aws_cloudtrail_log`: a Cairn data dir is read like the
 * CLI reads it (only the columns and days a query needs); raw CloudTrail files and loose Parquet files become rows
 * kept here and appended to the loaded table whenever the lake part is (re)loaded.
 */
export class BrowserLake {
  private store = new BlobLakeStore()
  private session: LakeSession
  private readonly extraRows: Record<string, unknown>[] = []
  private readonly deduplicator = new EventIdSet()
  private lastLoad?: LoadResult

  constructor(readonly engine: QueryEngine) {
    this.session = new LakeSession(engine, this.store, { addColumns: false })
  }

  get hasData(): boolean {
    return this.store.size > 0 || this.extraRows.length > 0
  }

  async open(files: readonly PickedFile[], onProgress?: (p: OpenProgress) => void): Promise<OpenSummary> {
    const summary: OpenSummary = { lakeFiles: 0, looseParquetFiles: 0, rawFiles: 0, skippedFiles: 0, rows: 0, duplicates: 0, rejected: [] }
    const dataDirs = dataDirsOf(files)
    // reading a picked file is a round trip to the browser's file backend: keep several small ones under way
    const kinds = files.map((f) => kindOf(f.path, dataDirs))
    const prefetched = files.map(() => undefined as Promise<ArrayBuffer> | undefined)
    const prefetch = (from: number) => {
      for (let j = from; j < Math.min(files.length, from + READ_AHEAD); j++) {
        if (kinds[j] !== 'raw' || files[j]!.file.size > WHOLE_FILE_BYTES || prefetched[j]) continue
        const read = files[j]!.file.arrayBuffer()
        read.catch(() => undefined) // a failed read is reported when its file's turn comes
        prefetched[j] = read
      }
    }
    const bytesTotal = files.reduce((n, f) => n + f.file.size, 0)
    let bytesDone = 0
    for (const [i, picked] of files.entries()) {
      const report = () =>
        onProgress?.({ file: picked.path, filesDone: i, filesTotal: files.length, bytesDone, bytesTotal, rows: summary.rows })
      report()
      prefetch(i)
      const bytes = prefetched[i]
      prefetched[i] = undefined
      try {
        const kind = kinds[i]
        if (kind === 'lake') {
          this.store.add(picked.path, picked.file)
          summary.lakeFiles++
        } else if (kind === 'bookkeeping') {
          summary.skippedFiles++
        } else if (kind === 'parquet') {
          summary.rows += await this.addLooseParquet(picked)
          summary.looseParquetFiles++
        } else if (kind === 'raw') {
          await this.addRaw(picked, summary, bytes)
          summary.rawFiles++
        }
      } catch (error) {
        summary.rejected.push({ location: picked.path, reason: 'unreadable-input', message: (error as Error).message })
      }
      bytesDone += picked.file.size
    }
    onProgress?.({ file: '', filesDone: files.length, filesTotal: files.length, bytesDone, bytesTotal, rows: summary.rows })
    // what is loaded no longer covers everything: the next query loads afresh
    this.session = new LakeSession(this.engine, this.store, { addColumns: false })
    this.lastLoad = undefined
    return summary
  }

  private async addRaw(picked: PickedFile, summary: OpenSummary, bytes?: Promise<ArrayBuffer>): Promise<void> {
    const context = { partition: RAW_PARTITION, sourceType: 'file', sourceName: 'browser', ingestTime: Date.now() }
    const whole = bytes ? new Uint8Array(await bytes) : undefined
    const inflated = whole ? wholeGunzip(whole) : undefined
    const chunks = inflated ? [inflated] : whole ? [whole] : blobChunks(picked.file)
    const input = { location: picked.path, chunks }
    for await (const item of readCloudTrail(input, context, { deduplicator: this.deduplicator })) {
      if (item.kind === 'row') {
        this.extraRows.push(item.row as unknown as Record<string, unknown>)
        summary.rows++
      } else if (item.kind === 'duplicate') summary.duplicates++
      else if (item.kind === 'rejected') summary.rejected.push(item.rejection)
    }
  }

  /** A Parquet file outside a hive layout: its rows are taken whole, partition columns made up from each event. */
  private async addLooseParquet(picked: PickedFile): Promise<number> {
    const rows = await decodeParquetRows(await picked.file.arrayBuffer())
    let added = 0
    for (const row of rows as unknown as Record<string, unknown>[]) {
      const id = row.event_id as string | null
      if (id && !this.deduplicator.addIfAbsent(id)) continue
      row.tp_partition = 'local'
      row.tp_index = row.recipient_account_id ?? 'default'
      row.tp_date = utcDay(new Date(Number(row.event_time)))
      this.extraRows.push(row)
      added++
    }
    return added
  }

  /** Loads in one pass every column the given queries reference, so that running them later reads nothing more. */
  async prepare(sqls: readonly string[], filter: LakeFilter = {}, onLoadProgress?: (p: LoadProgress) => void): Promise<LoadResult> {
    const load = await this.session.ensureLoaded(sqls.join('\n;\n'), { filter, onLoadProgress })
    this.appendExtraRows(load, filter)
    return load
  }

  async query(sql: string, filter: LakeFilter = {}, onLoadProgress?: (p: LoadProgress) => void): Promise<BrowserQueryResult> {
    const load = await this.prepare([sql], filter, onLoadProgress)
    return { ...toQueryResult(this.engine.run(sql)), load, extraRows: this.lastExtraRows }
  }

  /** After each (re)load of the lake part, the rows kept here go into the same table, with the loaded columns. */
  private appendExtraRows(load: LoadResult, filter: LakeFilter): void {
    if (load === this.lastLoad) return
    const loaded = new Set(load.columns)
    const columns: Column[] = allColumns.filter((c) => loaded.has(c.name))
    const rows = this.extraRows.filter((r) => rowMatches(r, filter))
    insertRows(this.engine, ROWS_TABLE, rows, columns)
    this.lastLoad = load
    this.lastExtraRows = rows.length
  }

  private lastExtraRows = 0
}

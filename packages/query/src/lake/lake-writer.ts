import { EventIdSet } from '@cairn/normalizer'
import { type AwsCloudTrailLogRow, hiveDirectory } from '@cairn/schema'
import { JOURNAL_NAME, recoverCompaction } from './compaction-journal.js'
import type { LakeWriteStore } from './lake-store.js'
import { listDayFiles } from './list-lake-files.js'
import { openLakeParquet } from './open-lake-parquet.js'
import { RowColumns } from '../parquet/row-columns.js'
import { decodeParquet, decodeParquetRows, encodeRowColumns } from './parquet-codec.js'

export interface LakeWriterOptions {
  /** Rows of one day buffered before a file is written. */
  rowsPerFile?: number
  /** Rows buffered over all days before the biggest buffer is written, to bound memory. */
  maxBufferedRows?: number
  /**
   * A day that has not been given a row while this many rows went to other days is written out: input ordered by
   * folder then leaves one file per day, written while later days are still being read.
   */
  idleFlushRows?: number
  /**
   * Asked every few thousand rows: true when memory runs short, and buffered rows are then written out early
   * (the biggest days first, down to half of what is buffered).
   */
  underPressure?: () => boolean
  /** A day with more files than this has its files merged when the writer closes. */
  maxFilesPerDay?: number
  /** Identifies this run in file names. */
  runId?: string
  /** Files being written at once. */
  maxPendingFiles?: number
}

export interface LakeWriteSummary {
  rowsWritten: number
  duplicates: number
  filesWritten: number
  filesMerged: number
  days: number
}

const PRESSURE_CHECK_ROWS = 5_000

interface DayState {
  dir: string
  /** 64-bit hashes, not the strings: an id sliced out of a record would keep the whole decoded file alive. */
  eventIds: EventIdSet
  /** Rows waiting for the day's next file, column by column (a row object lives only until it is added). */
  buffer: RowColumns | undefined
  /** The writer's row count when this day last got a row. */
  lastRow: number
}

function rowsOf(day: DayState): number {
  return day.buffer?.length ?? 0
}

/**
 * Writes rows into the hive-partitioned lake. Each row lands in its partition/index/day folder; an event id the
 * folder already holds (from this run or an earlier collection) is counted as a duplicate and not written, which
 * makes re-collecting idempotent. Files are written atomically; small files of a day are merged on close.
 */
export class LakeWriter {
  private readonly days = new Map<string, DayState>()
  private buffered = 0
  private rowsSeen = 0
  private nextIdleCheck = 0
  private readonly idleFlushRows: number
  private sequence = 0
  private readonly summary: LakeWriteSummary = { rowsWritten: 0, duplicates: 0, filesWritten: 0, filesMerged: 0, days: 0 }
  private readonly rowsPerFile: number
  private readonly maxBufferedRows: number
  private readonly maxFilesPerDay: number
  private readonly underPressure: (() => boolean) | undefined
  private nextPressureCheck = 0
  private readonly runId: string
  private readonly maxPendingFiles: number
  private readonly pending = new Set<Promise<void>>()

  constructor(
    private readonly store: LakeWriteStore,
    options: LakeWriterOptions = {},
  ) {
    this.rowsPerFile = options.rowsPerFile ?? 100_000
    this.maxBufferedRows = options.maxBufferedRows ?? 100_000
    this.maxFilesPerDay = options.maxFilesPerDay ?? 4
    this.underPressure = options.underPressure
    this.idleFlushRows = options.idleFlushRows ?? Number.POSITIVE_INFINITY
    this.runId = options.runId ?? new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)
    this.maxPendingFiles = options.maxPendingFiles ?? 2
  }

  /** Adds rows; returns how many were new (the rest were already in the lake or earlier in this run). */
  async write(rows: readonly AwsCloudTrailLogRow[]): Promise<number> {
    let added = 0
    for (const row of rows) {
      const day = this.days.get(hiveDirectory(row)) ?? (await this.openDay(row))
      day.lastRow = ++this.rowsSeen
      if (day.eventIds.has(row.event_id)) {
        this.summary.duplicates++
        continue
      }
      day.eventIds.add(row.event_id)
      day.buffer ??= new RowColumns()
      day.buffer.append(row)
      this.buffered++
      added++
      if (day.buffer.length >= this.rowsPerFile) await this.flushDay(day)
    }
    if (this.rowsSeen >= this.nextIdleCheck && Number.isFinite(this.idleFlushRows)) {
      this.nextIdleCheck = this.rowsSeen + Math.max(1, Math.floor(this.idleFlushRows / 8))
      for (const day of this.days.values()) {
        if (day.buffer !== undefined && this.rowsSeen - day.lastRow > this.idleFlushRows) await this.flushDay(day)
      }
    }
    if (this.underPressure !== undefined && this.rowsSeen >= this.nextPressureCheck) {
      this.nextPressureCheck = this.rowsSeen + PRESSURE_CHECK_ROWS
      if (this.underPressure()) await this.flushBiggestDays(Math.floor(this.buffered / 2))
    }
    await this.flushBiggestDays(this.maxBufferedRows)
    return added
  }

  private async flushBiggestDays(atMost: number): Promise<void> {
    while (this.buffered > atMost) {
      const biggest = [...this.days.values()].reduce((a, b) => (rowsOf(b) > rowsOf(a) ? b : a))
      await this.flushDay(biggest)
    }
  }

  /** Writes every buffered row. */
  async flush(): Promise<void> {
    for (const day of this.days.values()) await this.flushDay(day)
    await Promise.all(this.pending)
  }

  /** Flushes, merges days left with many small files, and reports. */
  async close(): Promise<LakeWriteSummary> {
    await this.flush()
    for (const day of this.days.values()) await this.compact(day.dir)
    this.summary.days = this.days.size
    return { ...this.summary }
  }

  /** What has been written so far. */
  progress(): LakeWriteSummary {
    return { ...this.summary, days: this.days.size }
  }

  private async openDay(row: AwsCloudTrailLogRow): Promise<DayState> {
    const dir = hiveDirectory(row)
    await recoverCompaction(this.store, dir)
    const eventIds = await this.existingEventIds(dir)
    // another write() may have opened the day while this one read its files
    const opened = this.days.get(dir)
    if (opened) return opened
    const state: DayState = { dir, eventIds, buffer: undefined, lastRow: this.rowsSeen }
    this.days.set(dir, state)
    return state
  }

  private async existingEventIds(dir: string): Promise<EventIdSet> {
    const ids = new EventIdSet()
    const decoder = new TextDecoder()
    for (const file of await listDayFiles(this.store, dir)) {
      const { columns } = await decodeParquet(await openLakeParquet(this.store, file, ['event_id']), ['event_id'])
      for (const id of columns.get('event_id') ?? []) if (id) ids.add(decoder.decode(id as Uint8Array))
    }
    return ids
  }

  private async flushDay(day: DayState): Promise<void> {
    const rows = day.buffer
    if (rows === undefined) return
    // a day's buffer is made when it gets a row: most days of a long run are done with long before the run ends
    day.buffer = undefined
    this.buffered -= rows.length
    while (this.pending.size >= this.maxPendingFiles) await Promise.race(this.pending)
    const path = `${day.dir}/${this.nextFileName()}`
    const bytes = encodeRowColumns(rows)
    const done = (async () => {
      await this.store.writeFileAtomic(path, bytes)
      this.summary.rowsWritten += rows.length
      this.summary.filesWritten++
    })()
    const tracked = done.finally(() => this.pending.delete(tracked))
    tracked.catch(() => {}) // reported when flush() awaits it, not as an unhandled rejection meanwhile
    this.pending.add(tracked)
  }

  private nextFileName(): string {
    return `data_${this.runId}_${String(this.sequence++).padStart(5, '0')}.parquet`
  }

  private async compact(dir: string): Promise<void> {
    const files = await listDayFiles(this.store, dir)
    const small = files.filter((f) => f.size < 64 * 1024 * 1024)
    if (files.length <= this.maxFilesPerDay || small.length < 2) return
    const rows = new RowColumns()
    for (const file of small) for (const row of await decodeParquetRows(await this.store.readFile(file.path))) rows.append(row)
    const output = `${dir}/${this.nextFileName()}`
    const journal = JSON.stringify({ output, inputs: small.map((f) => f.path) })
    await this.store.writeFileAtomic(`${dir}/${JOURNAL_NAME}`, new TextEncoder().encode(journal))
    await this.store.writeFileAtomic(output, encodeRowColumns(rows))
    for (const file of small) await this.store.deleteFile(file.path)
    await this.store.deleteFile(`${dir}/${JOURNAL_NAME}`)
    this.summary.filesMerged += small.length
  }
}

import { encodeParquet, decodeParquetRows } from './parquet-codec.js'
import type { LakeFilter } from './lake-filter.js'
import type { LakeWriteStore } from './lake-store.js'
import { listLakeFiles } from './list-lake-files.js'

const DAY_MS = 86_400_000

/**
 * Deletes the rows the filter selects. Files of days wholly inside the window are removed; files of a day the
 * window cuts are rewritten with the rows outside it (new file first, then the old one removed).
 */
export async function deleteLakeRows(store: LakeWriteStore, filter: LakeFilter): Promise<{ files: number; rows: number }> {
  let files = 0
  let rows = 0
  const from = filter.from?.getTime() ?? Number.NEGATIVE_INFINITY
  const to = filter.to?.getTime() ?? Number.POSITIVE_INFINITY
  for (const file of await listLakeFiles(store, filter)) {
    const dayStart = Date.parse(`${file.tp_date}T00:00:00Z`)
    const whole = from <= dayStart && to >= dayStart + DAY_MS
    const all = await decodeParquetRows(await store.readFile(file.path))
    const kept = whole ? [] : all.filter((r) => r.event_time < from || r.event_time >= to)
    if (kept.length === all.length) continue
    if (kept.length > 0) await store.writeFileAtomic(file.path.replace(/\.parquet$/, '_r.parquet'), encodeParquet(kept))
    await store.deleteFile(file.path)
    files++
    rows += all.length - kept.length
  }
  return { files, rows }
}

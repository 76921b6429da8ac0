import { parseHivePath, TABLE_NAME, unescapeHiveValue } from '@cairn/schema'
import { dayInWindow, type LakeFilter } from './lake-filter.js'
import type { LakeFile, LakeReadStore } from './lake-store.js'
import { readCompactionJournal, superseded } from './compaction-journal.js'

export interface LakeDataFile extends LakeFile {
  tp_partition: string
  tp_index: string
  tp_date: string
}

/** Files that are data: not hidden, not temporary, Parquet. */
export function isDataFileName(name: string): boolean {
  return name.endsWith('.parquet') && !name.startsWith('.') && !name.startsWith('_')
}

function partitionValueOf(dir: string, key: string): string | undefined {
  const name = dir.split('/').filter(Boolean).at(-1) ?? ''
  return name.startsWith(`${key}=`) ? unescapeHiveValue(name.slice(key.length + 1)) : undefined
}

/**
 * The Parquet files of the table the filter selects, found by walking partition, index and date folders and
 * never descending into a folder the filter excludes: pruning happens on paths before any file is read.
 */
export async function listLakeFiles(store: LakeReadStore, filter: LakeFilter = {}): Promise<LakeDataFile[]> {
  const result: LakeDataFile[] = []
  const { directories: partitions } = await store.listDirectory(TABLE_NAME)
  for (const partitionDir of partitions) {
    const partition = partitionValueOf(partitionDir, 'tp_partition')
    if (partition === undefined || (filter.partitions && !filter.partitions.includes(partition))) continue
    const { directories: indexes } = await store.listDirectory(partitionDir)
    for (const indexDir of indexes) {
      const index = partitionValueOf(indexDir, 'tp_index')
      if (index === undefined || (filter.indexes && !filter.indexes.includes(index))) continue
      const { directories: days } = await store.listDirectory(indexDir)
      for (const dayDir of days) {
        const day = partitionValueOf(dayDir, 'tp_date')
        if (day === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(day) || !dayInWindow(day, filter)) continue
        result.push(...(await listDayFiles(store, dayDir)))
      }
    }
  }
  return result
}

/** The live data files of one `tp_date=` folder, honouring an unfinished compaction's journal. */
export async function listDayFiles(store: LakeReadStore, dayDir: string): Promise<LakeDataFile[]> {
  const { files } = await store.listDirectory(dayDir)
  const journal = await readCompactionJournal(store, dayDir, files)
  const partition = parseHivePath(dayDir)
  if (!partition) return []
  return files
    .filter((f) => isDataFileName(f.path.split('/').at(-1)!) && !superseded(journal, f.path, files))
    .map((f) => ({ ...f, ...partition }))
}

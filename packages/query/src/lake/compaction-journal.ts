import type { LakeFile, LakeReadStore, LakeWriteStore } from './lake-store.js'

/**
 * Merging a day's small files is: write the journal naming the inputs and the output, write the output atomically,
 * delete the inputs, delete the journal. A crash at any point leaves a state readers resolve: once the output
 * exists the inputs it lists are ignored, before that the journal is ignored.
 */
export interface CompactionJournal {
  output: string
  inputs: string[]
}

export const JOURNAL_NAME = '_compaction.json'

export async function readCompactionJournal(
  store: LakeReadStore,
  dayDir: string,
  files: readonly LakeFile[],
): Promise<CompactionJournal | undefined> {
  if (!files.some((f) => f.path.endsWith(`/${JOURNAL_NAME}`))) return undefined
  try {
    const bytes = await store.readFile(`${dayDir}/${JOURNAL_NAME}`)
    return JSON.parse(new TextDecoder().decode(bytes)) as CompactionJournal
  } catch {
    return undefined
  }
}

export function superseded(journal: CompactionJournal | undefined, path: string, files: readonly LakeFile[]): boolean {
  if (!journal) return false
  const outputExists = files.some((f) => f.path === journal.output)
  return outputExists && journal.inputs.includes(path)
}

/** Finishes what a crashed compaction left: drops superseded inputs, or the journal if the output never landed. */
export async function recoverCompaction(store: LakeWriteStore, dayDir: string): Promise<void> {
  const { files } = await store.listDirectory(dayDir)
  const journal = await readCompactionJournal(store, dayDir, files)
  if (!journal) return
  if (files.some((f) => f.path === journal.output)) {
    for (const input of journal.inputs) if (files.some((f) => f.path === input)) await store.deleteFile(input)
  }
  await store.deleteFile(`${dayDir}/${JOURNAL_NAME}`)
}

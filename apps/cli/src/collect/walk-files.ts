import { statSync } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { basename, join, relative, sep } from 'node:path'

export interface InputFile {
  path: string
  /** Path relative to the collection root, `/`-separated: the S3-like key layouts match against it. */
  key: string
  size: number
  mtimeMs: number
}

/** Folders whose children are regions, each holding `yyyy/mm/dd/` folders. */
const REGIONS_PARENT = /^CloudTrail(-Insight|-Digest)?$/

/**
 * Every regular file under `root` (or `root` itself), depth-first in name order, skipping hidden entries; below a
 * `CloudTrail/` folder the regions are walked side by side, day by day, so an account's day is read in one stretch
 * and can be written out as one file while later days are read.
 */
export async function* walkFiles(root: string): AsyncGenerator<InputFile> {
  const info = await stat(root)
  if (info.isFile()) {
    yield { path: root, key: root.split(sep).at(-1)!, size: info.size, mtimeMs: info.mtimeMs }
    return
  }
  for await (const files of walkDirectory(root, root)) yield* files
}

/**
 * A folder's files travel as one array: each level of nested async generators costs every item it passes a
 * promise, and a day's files are eight folders deep (this thread's CPU is shared with the workers).
 */
async function* walkDirectory(root: string, dir: string): AsyncGenerator<InputFile[]> {
  const entries = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => a.name.localeCompare(b.name))
  // Synchronous stats: a promise round trip through the thread pool costs this thread ten times the CPU of the
  // call itself.
  const files: InputFile[] = []
  const folders: string[] = []
  for (const entry of entries) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) folders.push(path)
    else if (entry.isFile()) {
      const { size, mtimeMs } = statSync(path)
      files.push({ path, key: relative(root, path).split(sep).join('/'), size, mtimeMs })
    }
  }
  if (files.length > 0) yield files
  if (REGIONS_PARENT.test(basename(dir)) && folders.length > 1) {
    yield* mergeByPathBelow(folders.map((folder) => ({ folder, batches: walkDirectory(root, folder) })))
  } else {
    for (const folder of folders) yield* walkDirectory(root, folder)
  }
}

/**
 * Merges walks of sibling folders by the path below each folder (for regions: `yyyy/mm/dd/`), a folder's files at
 * a time (within one folder they are in name order already).
 */
async function* mergeByPathBelow(
  walks: { folder: string; batches: AsyncGenerator<InputFile[]> }[],
): AsyncGenerator<InputFile[]> {
  const heads = await Promise.all(walks.map(async (w) => ({ ...w, head: (await w.batches.next()).value as InputFile[] | undefined })))
  const below = (h: (typeof heads)[number]) => h.head![0]!.path.slice(h.folder.length)
  for (;;) {
    let first: (typeof heads)[number] | undefined
    for (const h of heads) if (h.head && (!first || below(h) < below(first))) first = h
    if (!first) return
    yield first.head!
    first.head = (await first.batches.next()).value as InputFile[] | undefined
  }
}

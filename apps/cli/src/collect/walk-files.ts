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
  yield* walkDirectory(root, root)
}

async function* walkDirectory(root: string, dir: string): AsyncGenerator<InputFile> {
  const entries = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => a.name.localeCompare(b.name))
  // Synchronous stats: a promise round trip through the thread pool costs this thread ten times the CPU of the
  // call itself, and this thread's CPU is shared with the workers that read the files.
  const stats = entries.map((e) => (e.isFile() ? statSync(join(dir, e.name)) : undefined))
  const folders: string[] = []
  for (const [i, entry] of entries.entries()) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) folders.push(path)
    else if (entry.isFile()) {
      const { size, mtimeMs } = stats[i]!
      yield { path, key: relative(root, path).split(sep).join('/'), size, mtimeMs }
    }
  }
  if (REGIONS_PARENT.test(basename(dir)) && folders.length > 1) {
    yield* mergeByPathBelow(folders.map((folder) => ({ folder, files: walkDirectory(root, folder) })))
  } else {
    for (const folder of folders) yield* walkDirectory(root, folder)
  }
}

/** Merges walks of sibling folders by the path below each folder (for regions: `yyyy/mm/dd/name`). */
async function* mergeByPathBelow(
  walks: { folder: string; files: AsyncGenerator<InputFile> }[],
): AsyncGenerator<InputFile> {
  const heads = await Promise.all(walks.map(async (w) => ({ ...w, head: (await w.files.next()).value as InputFile | undefined })))
  const below = (h: (typeof heads)[number]) => h.head!.path.slice(h.folder.length)
  for (;;) {
    let first: (typeof heads)[number] | undefined
    for (const h of heads) if (h.head && (!first || below(h) < below(first))) first = h
    if (!first) return
    yield first.head!
    first.head = (await first.files.next()).value as InputFile | undefined
  }
}

import { readdir, stat } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'

export interface InputFile {
  path: string
  /** Path relative to the collection root, `/`-separated: the S3-like key layouts match against it. */
  key: string
  size: number
}

/** Every regular file under `root` (or `root` itself), depth-first in name order, skipping hidden entries. */
export async function* walkFiles(root: string): AsyncGenerator<InputFile> {
  const info = await stat(root)
  if (info.isFile()) {
    yield { path: root, key: root.split(sep).at(-1)!, size: info.size }
    return
  }
  yield* walkDirectory(root, root)
}

async function* walkDirectory(root: string, dir: string): AsyncGenerator<InputFile> {
  const entries = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => a.name.localeCompare(b.name))
  // A folder's sizes are asked for all at once: one stat round trip at a time would pace a folder of small files.
  const sizes = await Promise.all(entries.map((e) => (e.isFile() ? stat(join(dir, e.name)).then((s) => s.size) : 0)))
  for (const [i, entry] of entries.entries()) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* walkDirectory(root, path)
    else if (entry.isFile()) yield { path, key: relative(root, path).split(sep).join('/'), size: sizes[i]! }
  }
}

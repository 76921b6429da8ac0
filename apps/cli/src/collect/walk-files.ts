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
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* walkDirectory(root, path)
    else if (entry.isFile()) yield { path, key: relative(root, path).split(sep).join('/'), size: (await stat(path)).size }
  }
}

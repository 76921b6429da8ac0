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
  const stack = [root]
  while (stack.length > 0) {
    const dir = stack.pop()!
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => b.name.localeCompare(a.name))
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue
      const path = join(dir, entry.name)
      if (entry.isDirectory()) stack.push(path)
      else if (entry.isFile()) {
        const { size } = await stat(path)
        yield { path, key: relative(root, path).split(sep).join('/'), size }
      }
    }
    stack.sort((a, b) => b.localeCompare(a))
  }
}

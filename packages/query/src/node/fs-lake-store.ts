import { randomBytes } from 'node:crypto'
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { LakeFile, LakeWriteStore } from '../lake/lake-store.js'

/** The lake on a local disk under `root` (the data dir). */
export class FsLakeStore implements LakeWriteStore {
  constructor(readonly root: string) {}

  private abs(path: string): string {
    return join(this.root, ...path.split('/'))
  }

  async listDirectory(path: string): Promise<{ directories: string[]; files: LakeFile[] }> {
    let entries: import('node:fs').Dirent[]
    try {
      entries = await readdir(this.abs(path), { withFileTypes: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { directories: [], files: [] }
      throw error
    }
    const directories: string[] = []
    const files: LakeFile[] = []
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const child = path ? `${path}/${entry.name}` : entry.name
      if (entry.isDirectory()) directories.push(child)
      else if (entry.isFile()) files.push({ path: child, size: (await stat(this.abs(child))).size })
    }
    return { directories, files }
  }

  async readFile(path: string): Promise<ArrayBuffer> {
    const buffer = await readFile(this.abs(path))
    return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer
  }

  /** Temp file in the same folder (hidden, so readers skip it), fsync, then rename: all or nothing. */
  async writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
    const target = this.abs(path)
    await mkdir(dirname(target), { recursive: true })
    const temp = join(dirname(target), `.tmp-${randomBytes(6).toString('hex')}-${target.split(/[\\/]/).at(-1)}`)
    const handle = await open(temp, 'w')
    try {
      await handle.writeFile(bytes)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, target)
  }

  async deleteFile(path: string): Promise<void> {
    await rm(this.abs(path), { force: true })
  }
}

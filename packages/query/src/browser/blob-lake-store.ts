import { TABLE_NAME } from '@cairn/schema'
import type { LakeFile, LakeReadStore } from '../lake/lake-store.js'

/**
 * A lake made of files the user handed to the page (picked, dropped or from a directory handle), by their path
 * relative to the lake root. Nothing is read until a query needs it.
 */
export class BlobLakeStore implements LakeReadStore {
  private readonly files = new Map<string, Blob>()

  /** Adds a file by its path as picked (`data/aws_cloudtrail_log/tp_partition=…/…`): the part before the table folder is dropped. */
  add(pickedPath: string, blob: Blob): string {
    const parts = pickedPath.split('/').filter(Boolean)
    const at = parts.indexOf(TABLE_NAME)
    const path = (at >= 0 ? parts.slice(at) : parts).join('/')
    this.files.set(path, blob)
    return path
  }

  get size(): number {
    return this.files.size
  }

  async listDirectory(path: string): Promise<{ directories: string[]; files: LakeFile[] }> {
    const prefix = path ? `${path.replace(/\/$/, '')}/` : ''
    const directories = new Set<string>()
    const files: LakeFile[] = []
    for (const [file, blob] of this.files) {
      if (!file.startsWith(prefix)) continue
      const rest = file.slice(prefix.length)
      const slash = rest.indexOf('/')
      if (slash >= 0) directories.add(prefix + rest.slice(0, slash))
      else files.push({ path: file, size: blob.size })
    }
    return { directories: [...directories].sort(), files: files.sort((a, b) => a.path.localeCompare(b.path)) }
  }

  async readFile(path: string): Promise<ArrayBuffer> {
    const blob = this.files.get(path)
    if (!blob) throw new Error(`${path}: no such file in what was opened`)
    return blob.arrayBuffer()
  }
}

/** Every file under a directory handle (File System Access API), with its path from the handle's folder. */
export async function* filesOfDirectoryHandle(
  handle: FileSystemDirectoryHandle,
  prefix = handle.name,
): AsyncGenerator<{ path: string; file: File }> {
  for await (const entry of (handle as unknown as { values(): AsyncIterable<FileSystemHandle> }).values()) {
    const path = `${prefix}/${entry.name}`
    if (entry.kind === 'directory') yield* filesOfDirectoryHandle(entry as FileSystemDirectoryHandle, path)
    else yield { path, file: await (entry as FileSystemFileHandle).getFile() }
  }
}

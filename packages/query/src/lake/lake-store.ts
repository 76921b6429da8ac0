/** A file of the lake, by its path relative to the lake root (always `/`-separated). */
export interface LakeFile {
  path: string
  size: number
}

/** What the lake needs to read: one-level directory listings (like S3 with a delimiter) and whole-file reads. */
export interface LakeReadStore {
  listDirectory(path: string): Promise<{ directories: string[]; files: LakeFile[] }>
  readFile(path: string): Promise<ArrayBuffer>
  /**
   * Bytes `[start, end)` of a file. A store over a network (S3) has it, so that reading a Parquet file fetches its
   * footer and the column chunks a query needs rather than the whole file.
   */
  readRange?(path: string, start: number, end: number): Promise<ArrayBuffer>
}

/** What the lake needs to write. `writeFileAtomic` must never leave a partial file under `path`. */
export interface LakeWriteStore extends LakeReadStore {
  writeFileAtomic(path: string, bytes: Uint8Array): Promise<void>
  deleteFile(path: string): Promise<void>
}

import { createReadStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { unzipSync } from 'fflate'
import type { InputFile } from './walk-files.js'

/** One stream of bytes to normalize: a file, or an entry of a ZIP archive (`archive.zip!/entry.json`). */
export interface FileInput {
  location: string
  chunks: AsyncIterable<Uint8Array>
}

/** Archives larger than this are refused with a message rather than inflated in memory. */
export const MAX_ZIP_BYTES = 256 * 1024 * 1024

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes
}

/**
 * The inputs a file holds. Plain and gzip files stream from disk; ZIP archives (datasets are often shared so)
 * are opened with fflate and each entry is an input of its own.
 */
export async function* fileInputs(file: InputFile): AsyncGenerator<FileInput> {
  if (!/\.zip$/i.test(file.path)) {
    yield { location: file.path, chunks: createReadStream(file.path, { highWaterMark: 1 << 20 }) }
    return
  }
  if (file.size > MAX_ZIP_BYTES) {
    throw new Error(`${file.path}: ZIP archive of ${file.size} bytes is over ${MAX_ZIP_BYTES}; extract it first`)
  }
  const entries = unzipSync(new Uint8Array(await readFile(file.path)), { filter: (f) => !f.name.endsWith('/') })
  for (const [name, bytes] of Object.entries(entries).sort(([a], [b]) => a.localeCompare(b))) {
    yield { location: `${file.path}!/${name}`, chunks: once(bytes) }
  }
}

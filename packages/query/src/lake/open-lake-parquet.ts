import { type AsyncBuffer, type FileMetaData, parquetMetadata, parquetMetadataAsync } from 'hyparquet'
import type { LakeFile, LakeReadStore } from './lake-store.js'

/** A lake file ready to decode: its bytes (all of them, or a ranged view) and its parsed footer. */
export interface OpenedParquet {
  file: ArrayBuffer | AsyncBuffer
  metadata: FileMetaData
}

/**
 * Files up to this size are read whole: one request, where a ranged read makes two (footer, then column chunks).
 * It is hyparquet's own first footer fetch, which would take all of such a file anyway.
 */
export const WHOLE_READ_BYTES = 512 * 1024
/** The tail fetched for the footer of a larger file; a footer that does not fit costs one more request. */
const FOOTER_FETCH_BYTES = 64 * 1024
/** Column chunks this close are fetched in one request (hyparquet coalesces its own reads with the same gap). */
const CHUNK_GAP_BYTES = 8 * 1024

interface ByteRange {
  start: number
  end: number
}

/**
 * Opens a lake file for decoding. On a store with ranged reads only the footer and then the chunks of `columns` are
 * fetched, at once, so that files opened ahead of decoding arrive while earlier ones are decoded; on any other
 * store the whole file is read.
 */
export async function openLakeParquet(store: LakeReadStore, file: LakeFile, columns: readonly string[]): Promise<OpenedParquet> {
  const readRange = store.readRange?.bind(store)
  if (!readRange || file.size <= WHOLE_READ_BYTES) {
    const bytes = await store.readFile(file.path)
    return { file: bytes, metadata: parquetMetadata(bytes) }
  }
  const ranged: AsyncBuffer = {
    byteLength: file.size,
    slice: (start, end = file.size) => readRange(file.path, start, end),
  }
  let metadata: FileMetaData
  try {
    metadata = await parquetMetadataAsync(ranged, { initialFetchSize: FOOTER_FETCH_BYTES })
  } catch (error) {
    throw new Error(`${file.path}: not a readable Parquet file: ${(error as Error).message}`)
  }
  const fetched = columnRanges(metadata, new Set(columns)).map((range) => ({ range, bytes: ranged.slice(range.start, range.end) }))
  // A rejected prefetch is reported by the decode that awaits it, not as an unhandled rejection before that.
  for (const f of fetched) Promise.resolve(f.bytes).catch(() => {})
  const prefetched: AsyncBuffer = {
    byteLength: file.size,
    async slice(start, end = file.size) {
      const hit = fetched.find(({ range }) => range.start <= start && end <= range.end)
      if (!hit) return ranged.slice(start, end)
      return (await hit.bytes).slice(start - hit.range.start, end - hit.range.start)
    },
  }
  return { file: prefetched, metadata }
}

/** The byte ranges of the named columns' chunks in every row group, merged where they (nearly) touch. */
function columnRanges(metadata: FileMetaData, columns: ReadonlySet<string>): ByteRange[] {
  const ranges: ByteRange[] = []
  for (const group of metadata.row_groups) {
    for (const chunk of group.columns) {
      const meta = chunk.meta_data
      if (!meta || !columns.has(meta.path_in_schema[0]!)) continue
      const start = Number(meta.dictionary_page_offset || meta.data_page_offset)
      ranges.push({ start, end: start + Number(meta.total_compressed_size) })
    }
  }
  ranges.sort((a, b) => a.start - b.start)
  const merged: ByteRange[] = []
  for (const range of ranges) {
    const last = merged.at(-1)
    if (last && range.start <= last.end + CHUNK_GAP_BYTES) last.end = Math.max(last.end, range.end)
    else merged.push({ ...range })
  }
  return merged
}

import { gunzipSync, gzipSync } from 'fflate'
import type { Compressors } from 'hyparquet'
import { snappyCompress } from 'hyparquet-writer/src/snappy.js'

/** The Parquet codecs Cairn can write (where the runtime has a compressor for them). */
export type ParquetCodec = 'UNCOMPRESSED' | 'SNAPPY' | 'GZIP' | 'BROTLI' | 'ZSTD'

/** parquet-format's CompressionCodec ids. */
export const CODEC_ID: Record<ParquetCodec, number> = { UNCOMPRESSED: 0, SNAPPY: 1, GZIP: 2, BROTLI: 4, ZSTD: 6 }

/** Compresses one page. */
export type PageCompressor = (page: Uint8Array) => Uint8Array

/** What a Parquet file's column chunks are compressed with. */
export interface Compression {
  codec: ParquetCodec
  /** Compresses a page for `codec`; absent only for UNCOMPRESSED. */
  compress?: PageCompressor
}

interface NodeZlib {
  gzipSync(input: Uint8Array, options: { level: number }): Uint8Array
  gunzipSync(input: Uint8Array): Uint8Array
  brotliCompressSync(input: Uint8Array, options: { params: Record<number, number> }): Uint8Array
  brotliDecompressSync(input: Uint8Array): Uint8Array
  zstdCompressSync?: (input: Uint8Array, options: { params: Record<number, number> }) => Uint8Array
  zstdDecompressSync?: (input: Uint8Array) => Uint8Array
  constants: Record<string, number>
}

let zlibLookup: { zlib: NodeZlib | undefined } | undefined

/**
 * Node's native zlib when this runtime is Node (20.16+): reached through `process.getBuiltinModule`, so this module
 * stays importable in a browser, where the pure-JS fallbacks are used instead.
 */
export function nativeZlib(): NodeZlib | undefined {
  if (!zlibLookup) {
    const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
    zlibLookup = { zlib: process?.getBuiltinModule?.('node:zlib') as NodeZlib | undefined }
  }
  return zlibLookup.zlib
}

/** The default compression of the lake: GZIP level 1 (see BENCHMARKS / the encoder bench for why). */
export const DEFAULT_CODEC: ParquetCodec = 'GZIP'
export const DEFAULT_GZIP_LEVEL = 1
export const DEFAULT_BROTLI_QUALITY = 1
export const DEFAULT_ZSTD_LEVEL = 1

/**
 * A page compressor for `codec` at `level` (gzip 1-9, brotli quality 0-11, zstd level): Node's native zlib where
 * there is one; else fflate for GZIP and hyparquet-writer's JS snappy. BROTLI and ZSTD need Node's zlib (ZSTD: Node
 * 22.15+).
 */
export function compression(codec: ParquetCodec = DEFAULT_CODEC, level?: number): Compression {
  const zlib = nativeZlib()
  switch (codec) {
    case 'UNCOMPRESSED':
      return { codec }
    case 'SNAPPY':
      return { codec, compress: snappyCompress }
    case 'GZIP': {
      const gzipLevel = level ?? DEFAULT_GZIP_LEVEL
      if (zlib) return { codec, compress: (page) => zlib.gzipSync(page, { level: gzipLevel }) }
      const options = { level: gzipLevel as 1, mtime: 0 }
      return { codec, compress: (page) => gzipSync(page, options) }
    }
    case 'BROTLI': {
      if (!zlib) throw new Error('BROTLI Parquet pages need Node’s zlib')
      const { BROTLI_PARAM_QUALITY, BROTLI_PARAM_SIZE_HINT, BROTLI_PARAM_LGWIN } = zlib.constants
      const quality = level ?? DEFAULT_BROTLI_QUALITY
      return {
        codec,
        compress: (page) =>
          zlib.brotliCompressSync(page, {
            params: { [BROTLI_PARAM_QUALITY!]: quality, [BROTLI_PARAM_SIZE_HINT!]: page.length, [BROTLI_PARAM_LGWIN!]: 22 },
          }),
      }
    }
    case 'ZSTD': {
      const zstd = zlib?.zstdCompressSync
      if (!zstd || !zlib) throw new Error('ZSTD Parquet pages need Node 22.15+ (zlib.zstdCompressSync)')
      const param = zlib.constants.ZSTD_c_compressionLevel!
      const zstdLevel = level ?? DEFAULT_ZSTD_LEVEL
      return { codec, compress: (page) => zstd(page, { params: { [param]: zstdLevel } }) }
    }
  }
}

/**
 * Decompressors for hyparquet's `compressors` option: GZIP everywhere (Node's zlib, else fflate), BROTLI and ZSTD
 * where Node's zlib has them. SNAPPY and UNCOMPRESSED hyparquet decodes itself.
 */
export function pageDecompressors(): Compressors {
  const zlib = nativeZlib()
  const decompressors: Compressors = {
    GZIP: zlib ? (input) => zlib.gunzipSync(input) : (input, size) => gunzipSync(input, { out: new Uint8Array(size) }),
  }
  if (zlib) decompressors.BROTLI = (input) => zlib.brotliDecompressSync(input)
  const zstd = zlib?.zstdDecompressSync
  if (zstd) decompressors.ZSTD = (input) => zstd(input)
  return decompressors
}

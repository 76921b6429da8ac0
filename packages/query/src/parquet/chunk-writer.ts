import { ByteSink } from './byte-sink.js'
import { CODEC_ID, type Compression } from './compression.js'
import type { LeafColumn } from './layout.js'
import { bitWidth, writeHybrid } from './rle-hybrid.js'
import { CompactWriter } from './thrift-compact.js'

/** parquet-format's Encoding ids. */
export const Encoding = { PLAIN: 0, RLE: 3, RLE_DICTIONARY: 8 } as const

const PageType = { DATA_PAGE: 0, DICTIONARY_PAGE: 2 } as const

/**
 * Chunks whose pages hold fewer bytes than this are stored UNCOMPRESSED (a codec may differ per column chunk):
 * compressing the few bytes of an all-null or constant column would cost a call and make them larger.
 */
const MIN_COMPRESSED_CHUNK = 128

export interface ChunkStatistics {
  nullCount?: number
  min?: Uint8Array
  max?: Uint8Array
  /** Also write the deprecated min/max fields (only where their signed order is right: INT64, BOOLEAN, INT32). */
  legacy?: boolean
}

/** What the footer says about one column chunk. */
export interface ColumnChunkMeta {
  leaf: LeafColumn
  codec: number
  encodings: number[]
  numValues: number
  totalUncompressedSize: number
  totalCompressedSize: number
  fileOffset: number
  dataPageOffset: number
  dictionaryPageOffset?: number
  statistics?: ChunkStatistics
}

/**
 * Writes the pages of one column chunk at a time into the file: levels (RLE hybrid, 4-byte length prefixed, as
 * data page v1 has them), the values the caller encoded, compression, and the Thrift page headers.
 */
export class ChunkWriter {
  /** The raw (uncompressed) page being assembled. */
  readonly page = new ByteSink(1 << 16)
  private readonly header: CompactWriter
  private leaf!: LeafColumn
  private compression!: Compression
  private codec: Compression | undefined
  private meta!: ColumnChunkMeta

  constructor(readonly out: ByteSink) {
    this.header = new CompactWriter(out)
  }

  begin(leaf: LeafColumn, compression: Compression): void {
    this.leaf = leaf
    this.compression = compression
    this.codec = undefined
    this.meta = {
      leaf,
      codec: 0,
      encodings: [],
      numValues: 0,
      totalUncompressedSize: 0,
      totalCompressedSize: 0,
      fileOffset: this.out.length,
      dataPageOffset: -1,
    }
  }

  /** Begins the current chunk again (after an abandoned dictionary attempt, which wrote nothing). */
  restart(): void {
    this.begin(this.leaf, this.compression)
  }

  /**
   * Picks the chunk's codec before its first page is written: UNCOMPRESSED when the whole chunk is known to be
   * tiny (`rawBytes` is all of it), else the file's.
   */
  private chooseCodec(rawBytes: number, wholeChunk: boolean): Compression {
    if (!this.codec) {
      this.codec = wholeChunk && rawBytes < MIN_COMPRESSED_CHUNK ? { codec: 'UNCOMPRESSED' } : this.compression
      this.meta.codec = CODEC_ID[this.codec.codec]
    }
    return this.codec
  }

  /** Starts a data page's raw bytes: repetition and definition levels of `entries[start, end)`. */
  startDataPage(definition: Uint8Array | null, repetition: Uint8Array | null, start: number, end: number): void {
    const page = this.page
    page.reset()
    if (this.leaf.maxRepetitionLevel > 0 && repetition) this.levels(repetition, start, end, bitWidth(this.leaf.maxRepetitionLevel))
    if (this.leaf.maxDefinitionLevel > 0 && definition) {
      this.levels(definition, start, end, bitWidth(this.leaf.maxDefinitionLevel))
    }
  }

  private levels(levels: Uint8Array, start: number, end: number, width: number): void {
    const page = this.page
    const at = page.length
    page.u32(0)
    writeHybrid(page, levels, start, end, width)
    page.setU32(at, page.length - at - 4)
  }

  /**
   * Writes the data page assembled in `page` (levels, then the caller's values) for `entries` level entries.
   * `last` tells that no page of this chunk follows (and `dictionaryBytes` that a dictionary page precedes it).
   */
  finishDataPage(entries: number, encoding: number, last: boolean, dictionary?: { bytes: Uint8Array; count: number }): void {
    const raw = this.page.view()
    const codec = this.chooseCodec(raw.length + (dictionary?.bytes.length ?? 0), last)
    if (dictionary) this.writeDictionaryPage(dictionary.bytes, dictionary.count, codec)
    if (this.meta.dataPageOffset < 0) this.meta.dataPageOffset = this.out.length
    this.writePage(PageType.DATA_PAGE, raw, codec, entries, encoding)
    this.meta.numValues += entries
    if (!this.meta.encodings.includes(encoding)) this.meta.encodings.push(encoding)
  }

  private writeDictionaryPage(bytes: Uint8Array, count: number, codec: Compression): void {
    this.meta.dictionaryPageOffset = this.out.length
    this.writePage(PageType.DICTIONARY_PAGE, bytes, codec, count, Encoding.PLAIN)
  }

  private writePage(type: number, raw: Uint8Array, codec: Compression, count: number, encoding: number): void {
    const body = codec.compress ? codec.compress(raw) : raw
    const out = this.out
    const start = out.length
    const h = this.header
    h.i32(1, type)
    h.i32(2, raw.length)
    h.i32(3, body.length)
    if (type === PageType.DICTIONARY_PAGE) {
      h.struct(7)
      h.i32(1, count)
      h.i32(2, Encoding.PLAIN)
      h.end()
    } else {
      h.struct(5)
      h.i32(1, count)
      h.i32(2, encoding)
      h.i32(3, Encoding.RLE)
      h.i32(4, Encoding.RLE)
      h.end()
    }
    h.end()
    const headerBytes = out.length - start
    out.append(body)
    this.meta.totalUncompressedSize += headerBytes + raw.length
    this.meta.totalCompressedSize += headerBytes + body.length
  }

  finish(statistics: ChunkStatistics | undefined): ColumnChunkMeta {
    const meta = this.meta
    if (meta.encodings.length === 0) throw new Error(`column ${this.leaf.name}: no data page`)
    if (this.leaf.maxDefinitionLevel > 0 || this.leaf.maxRepetitionLevel > 0) meta.encodings.push(Encoding.RLE)
    if (meta.dictionaryPageOffset !== undefined) meta.encodings.push(Encoding.PLAIN)
    meta.encodings = [...new Set(meta.encodings)].sort((a, b) => a - b)
    meta.statistics = statistics
    return meta
  }
}

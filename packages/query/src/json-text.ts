import * as arrow from 'apache-arrow'
import { columnValues, isoFormatter, isValid, MICROS_PER_UNIT } from './results.js'

/** `pretty`: the text of `JSON.stringify(rows, null, 2)`; `lines`: one `JSON.stringify(row)` a line. */
export type JsonLayout = 'pretty' | 'lines'

const CHUNK_BYTES = 1 << 20
const encoder = new TextEncoder()
const HEX = '0123456789abcdef'
/** What JSON.stringify writes for each byte below 0x20 and for `"` and `\`; 0 for a byte written as it is. */
const ESCAPES: (Uint8Array | 0)[] = Array.from({ length: 256 }, (_, byte) => {
  if (byte === 0x22) return encoder.encode('\\"')
  if (byte === 0x5c) return encoder.encode('\\\\')
  if (byte >= 0x20) return 0
  const short: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' }
  return encoder.encode(short[byte] ?? `\\u00${HEX[byte >> 4]}${HEX[byte & 15]}`)
})

/** Bytes written into 1 MiB chunks; full chunks wait in `full` to be taken. */
class ChunkSink {
  full: Uint8Array[] = []
  private chunk = new Uint8Array(CHUNK_BYTES)
  private at = 0

  private room(bytes: number): void {
    if (this.at + bytes <= this.chunk.length) return
    if (this.at > 0) this.full.push(this.chunk.subarray(0, this.at))
    this.chunk = new Uint8Array(Math.max(CHUNK_BYTES, bytes))
    this.at = 0
  }

  bytes(bytes: Uint8Array): void {
    this.room(bytes.length)
    this.chunk.set(bytes, this.at)
    this.at += bytes.length
  }

  /** Text known to be ASCII (numbers, ISO times, JSON.stringify's output of ASCII). */
  ascii(text: string): void {
    this.room(text.length)
    const chunk = this.chunk
    let at = this.at
    for (let i = 0; i < text.length; i++) chunk[at++] = text.charCodeAt(i)
    this.at = at
  }

  text(text: string): void {
    this.room(text.length * 3)
    this.at += encoder.encodeInto(text, this.chunk.subarray(this.at)).written
  }

  /** UTF-8 bytes as a JSON string: quoted, escaped as JSON.stringify escapes (valid UTF-8 passes as it is). */
  jsonString(bytes: Uint8Array, start: number, end: number): void {
    this.room(end - start + 2)
    let chunk = this.chunk
    let at = this.at
    chunk[at++] = 0x22
    for (let i = start; i < end; i++) {
      const byte = bytes[i]!
      const escaped = ESCAPES[byte]!
      if (escaped === 0) {
        chunk[at++] = byte
        continue
      }
      this.at = at
      this.room(escaped.length + (end - i) + 1)
      chunk = this.chunk
      at = this.at
      chunk.set(escaped, at)
      at += escaped.length
    }
    chunk[at++] = 0x22
    this.at = at
  }

  /** The last, partly filled chunk. */
  rest(): Uint8Array | undefined {
    const rest = this.at > 0 ? this.chunk.subarray(0, this.at) : undefined
    this.chunk = new Uint8Array(0)
    this.at = 0
    return rest
  }
}

/** Writes cell `i` of a chunk of one column. */
type CellWriter = (sink: ChunkSink, i: number) => void

const NULL = encoder.encode('null')

/**
 * A column chunk's cells written from its buffers: text and times without a JS string per cell. Other types come
 * as the row objects have them (`values`: the whole column's, from `columnValues`; `base`: this chunk's first row),
 * then as JSON.stringify writes them in a row.
 */
function cellWriter(data: arrow.Data, values: () => unknown[], base: number, nested: string | undefined): CellWriter {
  const type = data.type
  if (arrow.DataType.isUtf8(type)) {
    const offsets = data.valueOffsets as Int32Array
    const bytes = data.values as Uint8Array
    return (sink, i) => (isValid(data, i) ? sink.jsonString(bytes, offsets[i]!, offsets[i + 1]!) : sink.bytes(NULL))
  }
  if (arrow.DataType.isTimestamp(type) && data.values instanceof BigInt64Array) {
    const times = data.values
    const perMs = MICROS_PER_UNIT[(type as arrow.Timestamp).unit]!
    const iso = isoFormatter()
    return (sink, i) => (isValid(data, i) ? sink.ascii(`"${iso(Number(times[i]!) / perMs)}"`) : sink.bytes(NULL))
  }
  const cells = values()
  return (sink, i) => {
    const value = cells[base + i]
    const json = nested === undefined ? JSON.stringify(value) : JSON.stringify(value, null, 2)?.replaceAll('\n', nested)
    sink.text(json ?? 'null')
  }
}

/**
 * An Arrow result as JSON text, written from the table's buffers in 1 MiB chunks: the same text as
 * `JSON.stringify` of `toQueryResult`'s rows (pretty, as an array) or of each row (lines), without making the rows,
 * nor a string per text cell. Undefined where the rows' keys are not the result's names (a name given twice, or
 * `__proto__`): those rows are to be written from row objects.
 */
export function jsonTextChunks(table: arrow.Table, layout: JsonLayout): Iterable<Uint8Array> | undefined {
  const names = table.schema.fields.map((f) => f.name)
  if (names.length === 0 || new Set(names).size !== names.length || names.includes('__proto__')) return undefined
  const pretty = layout === 'pretty'
  const keys = names.map((name, c) =>
    encoder.encode(
      pretty ? `${c === 0 ? '' : ','}\n    ${JSON.stringify(name)}: ` : `${c === 0 ? '' : ','}${JSON.stringify(name)}:`,
    ),
  )
  const open = encoder.encode('{')
  const close = encoder.encode(pretty ? '\n  }' : '}')
  const between = encoder.encode(pretty ? ',\n  ' : '\n')
  // one chunk per record batch in every column; a table whose columns are cut otherwise goes by rows
  const columns = names.map((_, c) => table.getChildAt(c)!.data)
  const lengths = columns[0]!.map((d) => d.length)
  if (!columns.every((chunks) => chunks.length === lengths.length && chunks.every((d, b) => d.length === lengths[b])))
    return undefined
  const nested = pretty ? '\n    ' : undefined
  const converted = names.map((_, c) => {
    let values: unknown[] | undefined
    return () => {
      values ??= columnValues(table.schema.fields[c]!.type, table.getChildAt(c)!)
      return values
    }
  })
  return {
    *[Symbol.iterator]() {
      const sink = new ChunkSink()
      if (pretty) sink.ascii(table.numRows === 0 ? '[]' : '[\n  ')
      let first = true
      let base = 0
      for (let b = 0; b < lengths.length; b++) {
        const writers = columns.map((chunks, c) => cellWriter(chunks[b]!, converted[c]!, base, nested))
        const rows = lengths[b]!
        for (let r = 0; r < rows; r++) {
          if (!first) sink.bytes(between)
          first = false
          sink.bytes(open)
          for (let c = 0; c < writers.length; c++) {
            sink.bytes(keys[c]!)
            writers[c]!(sink, r)
          }
          sink.bytes(close)
          if (sink.full.length > 0) {
            yield* sink.full
            sink.full = []
          }
        }
        base += rows
      }
      if (pretty && table.numRows > 0) sink.ascii('\n]')
      yield* sink.full
      const rest = sink.rest()
      if (rest) yield rest
    },
  }
}

type NodeBufferCtor = {
  allocUnsafeSlow(size: number): Uint8Array & { write(text: string, offset: number): number }
}

/** Node's Buffer when this runtime has one: its `write` puts UTF-8 into a buffer without allocating. */
const NodeBuffer = (globalThis as { Buffer?: NodeBufferCtor }).Buffer
const textEncoder = new TextEncoder()

function allocate(size: number): Uint8Array {
  return NodeBuffer ? NodeBuffer.allocUnsafeSlow(size) : new Uint8Array(size)
}

/**
 * Writes `text` as UTF-8 at `offset` of `target` (which has room for `3 * text.length` bytes there) and returns the
 * byte count: Node's Buffer#write when `target` is a Buffer, else TextEncoder#encodeInto.
 */
const writeUtf8: (target: Uint8Array, text: string, offset: number) => number = NodeBuffer
  ? (target, text, offset) => (target as ReturnType<NodeBufferCtor['allocUnsafeSlow']>).write(text, offset)
  : (target, text, offset) => textEncoder.encodeInto(text, target.subarray(offset)).written

/**
 * A growable little-endian byte buffer. One is reused for many columns and files, so encoding allocates only when
 * a column outgrows every earlier one.
 */
export class ByteSink {
  bytes: Uint8Array
  length = 0

  constructor(capacity = 1 << 16) {
    this.bytes = allocate(capacity)
  }

  /** Makes room for `extra` more bytes. */
  ensure(extra: number): void {
    const needed = this.length + extra
    if (needed <= this.bytes.length) return
    let capacity = this.bytes.length * 2
    while (capacity < needed) capacity *= 2
    const grown = allocate(capacity)
    grown.set(this.bytes.subarray(0, this.length))
    this.bytes = grown
  }

  reset(): void {
    this.length = 0
  }

  /** The written bytes, as a view that the next write may overwrite. */
  view(from = 0, to = this.length): Uint8Array {
    return this.bytes.subarray(from, to)
  }

  /**
   * Bytes `[from, to)` of what was written, copied into a plain Uint8Array of their exact size. A copy, never a view:
   * the sink's buffer is a Node Buffer where Node has one, whose `slice` is a view the next write overwrites.
   */
  copy(from = 0, to = this.length): Uint8Array {
    return new Uint8Array(this.bytes.subarray(from, to))
  }

  u8(value: number): void {
    this.ensure(1)
    this.bytes[this.length++] = value
  }

  u32(value: number): void {
    this.ensure(4)
    const b = this.bytes
    const p = this.length
    b[p] = value
    b[p + 1] = value >>> 8
    b[p + 2] = value >>> 16
    b[p + 3] = value >>> 24
    this.length = p + 4
  }

  /** Overwrites 4 bytes at `offset` (a length prefix written before its content). */
  setU32(offset: number, value: number): void {
    const b = this.bytes
    b[offset] = value
    b[offset + 1] = value >>> 8
    b[offset + 2] = value >>> 16
    b[offset + 3] = value >>> 24
  }

  /** A signed 64-bit integer given as a JS number (exact up to 2^53). */
  i64(value: number): void {
    this.ensure(8)
    const high = Math.floor(value / 4294967296)
    const low = value - high * 4294967296
    this.u32(low >>> 0)
    this.u32(high | 0)
  }

  /** Unsigned LEB128 varint of a non-negative integer (exact up to 2^53). */
  varint(value: number): void {
    this.ensure(8)
    const b = this.bytes
    let p = this.length
    while (value > 0x7fffffff) {
      b[p++] = (value % 128) | 0x80
      value = Math.floor(value / 128)
    }
    while (value > 0x7f) {
      b[p++] = (value & 0x7f) | 0x80
      value >>>= 7
    }
    b[p++] = value
    this.length = p
  }

  append(bytes: Uint8Array): void {
    this.ensure(bytes.length)
    this.bytes.set(bytes, this.length)
    this.length += bytes.length
  }

  /** UTF-8 of `text`; returns its byte count. */
  utf8(text: string): number {
    this.ensure(text.length * 3)
    const written = writeUtf8(this.bytes, text, this.length)
    this.length += written
    return written
  }

  /** PLAIN BYTE_ARRAY: 4-byte length, then the UTF-8 bytes. Returns the bytes written (length included). */
  plainString(text: string): number {
    this.ensure(4 + text.length * 3)
    const start = this.length
    const written = writeUtf8(this.bytes, text, start + 4)
    this.setU32(start, written)
    this.length = start + 4 + written
    return 4 + written
  }
}

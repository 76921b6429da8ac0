import type { ByteSink } from './byte-sink.js'

/** Thrift Compact Protocol type ids. */
export const CompactType = {
  TRUE: 1,
  FALSE: 2,
  BYTE: 3,
  I16: 4,
  I32: 5,
  I64: 6,
  DOUBLE: 7,
  BINARY: 8,
  LIST: 9,
  STRUCT: 12,
} as const

const utf8 = new TextEncoder()

/**
 * A streaming writer of Thrift Compact Protocol structs (what Parquet page headers and the footer are), typed by
 * the caller: field ids must ascend within a struct, nested structs are bracketed by `begin`/`end`.
 */
export class CompactWriter {
  private lastField = 0
  private readonly stack: number[] = []

  constructor(readonly sink: ByteSink) {}

  private fieldHeader(id: number, type: number): void {
    const delta = id - this.lastField
    if (delta > 0 && delta <= 15) this.sink.u8((delta << 4) | type)
    else {
      this.sink.u8(type)
      this.sink.varint(((id << 1) ^ (id >> 15)) & 0xffff)
    }
    this.lastField = id
  }

  i32(id: number, value: number): void {
    this.fieldHeader(id, CompactType.I32)
    this.sink.varint(zigzag32(value))
  }

  i64(id: number, value: number): void {
    this.fieldHeader(id, CompactType.I64)
    this.sink.varint(zigzag64(value))
  }

  bool(id: number, value: boolean): void {
    this.fieldHeader(id, value ? CompactType.TRUE : CompactType.FALSE)
  }

  binary(id: number, value: Uint8Array): void {
    this.fieldHeader(id, CompactType.BINARY)
    this.sink.varint(value.length)
    this.sink.append(value)
  }

  string(id: number, value: string): void {
    this.binary(id, utf8.encode(value))
  }

  /** Opens a struct-typed field; close it with `end()`. */
  struct(id: number): void {
    this.fieldHeader(id, CompactType.STRUCT)
    this.stack.push(this.lastField)
    this.lastField = 0
  }

  /** An empty struct field (the members of Parquet's LogicalType and ColumnOrder unions). */
  emptyStruct(id: number): void {
    this.fieldHeader(id, CompactType.STRUCT)
    this.sink.u8(0)
  }

  /** Closes the innermost struct (a field opened by `struct()` or a list element opened by `element()`). */
  end(): void {
    this.sink.u8(0)
    this.lastField = this.stack.pop() ?? 0
  }

  /** Opens a list field of `size` elements of `elementType`; write them with the `item*` methods or `element()`. */
  list(id: number, elementType: number, size: number): void {
    this.fieldHeader(id, CompactType.LIST)
    if (size < 15) this.sink.u8((size << 4) | elementType)
    else {
      this.sink.u8(0xf0 | elementType)
      this.sink.varint(size)
    }
  }

  /** Opens a struct element of a list; close it with `end()`. */
  element(): void {
    this.stack.push(this.lastField)
    this.lastField = 0
  }

  itemI32(value: number): void {
    this.sink.varint(zigzag32(value))
  }

  itemString(value: string): void {
    const bytes = utf8.encode(value)
    this.sink.varint(bytes.length)
    this.sink.append(bytes)
  }
}

function zigzag32(value: number): number {
  return ((value << 1) ^ (value >> 31)) >>> 0
}

function zigzag64(value: number): number {
  return value >= 0 ? value * 2 : -value * 2 - 1
}

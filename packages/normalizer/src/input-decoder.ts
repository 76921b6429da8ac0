import { Gunzip } from 'fflate'
import type { RejectionReason } from './rejection.js'

export type Compression = 'gzip' | 'none'

export interface DecodeFailure {
  reason: Extract<RejectionReason, 'invalid-gzip' | 'truncated-gzip' | 'unsupported-compression'>
  message: string
  /** All the data was inflated: only the check at the end failed. */
  complete: boolean
}

/** Gunzip is fed at most this much at a time, so that one call inflates a bounded amount (CloudTrail gzips ~15:1). */
const GUNZIP_SLICE = 64 * 1024

const UNSUPPORTED: readonly { magic: readonly number[]; name: string }[] = [
  { magic: [0x50, 0x4b, 0x03, 0x04], name: 'a ZIP archive' },
  { magic: [0x42, 0x5a, 0x68], name: 'bzip2 data' },
  { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], name: 'xz data' },
  { magic: [0x28, 0xb5, 0x2f, 0xfd], name: 'zstd data' },
]

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b)
}

/**
 * Turns input chunks into text bytes: gunzips when the input starts with gzip's magic bytes (whatever its name says),
 * passes anything else through. Bad gzip data stops decoding and is reported in `failure`, never thrown; the bytes
 * inflated before the problem have been delivered.
 */
export class InputDecoder {
  compression: Compression | null = null
  failure: DecodeFailure | null = null
  bytesIn = 0
  bytesOut = 0

  private head = new Uint8Array(0)
  private gunzip: Gunzip | null = null
  private inflated: Uint8Array[] = []
  private members = 1
  /** The last 8 bytes of input: a gzip stream's trailer (CRC-32 and size). */
  private readonly trailer = new Uint8Array(8)

  constructor(private readonly deliver: (bytes: Uint8Array) => void) {}

  /** Whether further input would be ignored. */
  get stopped(): boolean {
    return this.failure !== null
  }

  push(chunk: Uint8Array): void {
    this.bytesIn += chunk.length
    if (this.failure !== null || chunk.length === 0) return
    if (this.compression === null) {
      const head = new Uint8Array(this.head.length + chunk.length)
      head.set(this.head)
      head.set(chunk, this.head.length)
      if (head.length < 6 && startsLikeMagic(head)) {
        this.head = head
        return
      }
      this.head = new Uint8Array(0)
      this.start(head)
      if (this.failure !== null) return
      chunk = head
    }
    if (this.gunzip === null) this.emit(chunk)
    else this.inflate(chunk, false)
  }

  finish(): void {
    if (this.failure !== null) return
    if (this.compression === null) {
      if (this.head.length === 0) {
        this.compression = 'none'
        return
      }
      const head = this.head
      this.head = new Uint8Array(0)
      this.start(head)
      if (this.gunzip === null) {
        if (this.failure === null) this.emit(head)
        return
      }
      this.inflate(head, false)
      if (this.failure !== null) return
    }
    if (this.gunzip === null) return
    this.inflate(new Uint8Array(0), true)
    if (this.failure !== null) return
    const compressed = this.bytesIn
    if (compressed < 18) {
      this.failure = {
        reason: 'truncated-gzip',
        message: `gzip stream of ${compressed} bytes ends inside its header`,
        complete: false,
      }
      return
    }
    // fflate does not check the trailer: its size field catches a stream cut inside the trailer itself.
    const t = this.trailer
    const size =
      ((t[4] as number) | ((t[5] as number) << 8) | ((t[6] as number) << 16) | ((t[7] as number) << 24)) >>> 0
    if (this.members === 1 && size !== this.bytesOut % 2 ** 32) {
      this.failure = {
        reason: 'invalid-gzip',
        message: `gzip trailer says ${size} bytes but ${this.bytesOut} were inflated: the file is cut or corrupt`,
        complete: true,
      }
    }
  }

  private start(head: Uint8Array): void {
    if (head[0] === 0x1f && head[1] === 0x8b) {
      this.compression = 'gzip'
      this.gunzip = new Gunzip((data) => {
        if (data.length > 0) this.inflated.push(data)
      })
      this.gunzip.onmember = () => {
        this.members++
      }
      return
    }
    this.compression = 'none'
    const unsupported = UNSUPPORTED.find(({ magic }) => startsWith(head, magic))
    if (unsupported !== undefined) {
      this.failure = {
        reason: 'unsupported-compression',
        message: `${unsupported.name}: decompress or extract it first`,
        complete: false,
      }
    }
  }

  private inflate(chunk: Uint8Array, final: boolean): void {
    const gunzip = this.gunzip as Gunzip
    this.rememberTrailer(chunk)
    let offset = 0
    do {
      const end = Math.min(offset + GUNZIP_SLICE, chunk.length)
      try {
        gunzip.push(chunk.subarray(offset, end), final && end === chunk.length)
      } catch (error) {
        this.flushInflated()
        const code = (error as { code?: number }).code
        if (typeof code !== 'number') throw error
        this.failure =
          code === 0
            ? { reason: 'truncated-gzip', message: 'gzip stream ends early (unexpected end of data)', complete: false }
            : { reason: 'invalid-gzip', message: `corrupt gzip data: ${(error as Error).message}`, complete: false }
        return
      }
      this.flushInflated()
      offset = end
    } while (offset < chunk.length)
  }

  private flushInflated(): void {
    const pieces = this.inflated
    if (pieces.length === 0) return
    this.inflated = []
    for (const piece of pieces) this.emit(piece)
  }

  private emit(bytes: Uint8Array): void {
    this.bytesOut += bytes.length
    this.deliver(bytes)
  }

  private rememberTrailer(chunk: Uint8Array): void {
    const t = this.trailer
    if (chunk.length >= 8) t.set(chunk.subarray(chunk.length - 8))
    else if (chunk.length > 0) {
      t.copyWithin(0, chunk.length)
      t.set(chunk, 8 - chunk.length)
    }
  }
}

function startsLikeMagic(head: Uint8Array): boolean {
  if (head[0] === 0x1f) return head.length < 2 || head[1] === 0x8b
  return UNSUPPORTED.some(({ magic }) => magic.every((b, i) => i >= head.length || head[i] === b))
}

/**
 * What travels over a query server's socket: length-prefixed frames, `[kind: u8][length: u32 LE][payload]`. The
 * client sends one REQUEST; the server answers with STDOUT / STDERR / PROGRESS frames and one END.
 */
export const FRAME_REQUEST = 1
export const FRAME_STDOUT = 2
export const FRAME_STDERR = 3
export const FRAME_PROGRESS = 4
export const FRAME_END = 5

export interface Frame {
  kind: number
  payload: Buffer
}

const HEADER_BYTES = 5

/** The header of a frame whose payload is written after it (no copy of a large payload). */
export function frameHeader(kind: number, payloadBytes: number): Buffer {
  const header = Buffer.allocUnsafe(HEADER_BYTES)
  header[0] = kind
  header.writeUInt32LE(payloadBytes, 1)
  return header
}

export function encodeFrame(kind: number, payload: string | Uint8Array): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload
  const frame = Buffer.allocUnsafe(HEADER_BYTES + body.length)
  frame[0] = kind
  frame.writeUInt32LE(body.length, 1)
  frame.set(body, HEADER_BYTES)
  return frame
}

/** Cuts a byte stream back into frames, whatever the chunks' boundaries. */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0)

  push(chunk: Buffer): Frame[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk])
    const frames: Frame[] = []
    let at = 0
    while (this.pending.length - at >= HEADER_BYTES) {
      const length = this.pending.readUInt32LE(at + 1)
      if (this.pending.length - at < HEADER_BYTES + length) break
      frames.push({ kind: this.pending[at]!, payload: this.pending.subarray(at + HEADER_BYTES, at + HEADER_BYTES + length) })
      at += HEADER_BYTES + length
    }
    this.pending = at === this.pending.length ? Buffer.alloc(0) : this.pending.subarray(at)
    return frames
  }
}

import { readFile } from 'node:fs/promises'
import type { InputFile } from './walk-files.js'

export interface LoadedFile extends InputFile {
  /** The whole file, for files small enough to read at once; larger ones stream later. */
  bytes?: Uint8Array
}

/**
 * Reads small files ahead of the consumer, several at once, so a folder of thousands of 5-event files is not
 * paced by one open/read/close round trip at a time. Memory stays bounded by `maxBytes` of files in flight.
 * Files that `readHere` declines pass through unread.
 */
export async function* readAhead(
  files: AsyncIterable<InputFile>,
  options: { concurrency?: number; wholeFileBytes?: number; maxBytes?: number; readHere?: (file: InputFile) => boolean } = {},
): AsyncGenerator<LoadedFile> {
  const concurrency = options.concurrency ?? 32
  const wholeFileBytes = options.wholeFileBytes ?? 4 * 1024 * 1024
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024
  const queue: Promise<LoadedFile>[] = []
  let inFlight = 0
  const iterator = files[Symbol.asyncIterator]()
  let exhausted = false
  const fill = async () => {
    while (!exhausted && queue.length < concurrency && inFlight < maxBytes) {
      const next = await iterator.next()
      if (next.done) {
        exhausted = true
        break
      }
      const file = next.value
      if (file.size > wholeFileBytes || options.readHere?.(file) === false) {
        queue.push(Promise.resolve(file))
      } else {
        inFlight += file.size
        queue.push(readFile(file.path).then((b) => ({ ...file, bytes: new Uint8Array(b.buffer, b.byteOffset, b.byteLength) })))
      }
    }
  }
  await fill()
  while (queue.length > 0) {
    const loaded = await queue.shift()!
    if (loaded.bytes) inFlight -= loaded.size
    await fill()
    yield loaded
  }
}

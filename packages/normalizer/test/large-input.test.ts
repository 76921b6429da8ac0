import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { Gzip } from 'fflate'
import { describe, expect, it } from 'vitest'
import { readCloudTrail } from '../src/index.js'
import { context, INVICTUS } from './helpers.js'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

function memory(): number {
  gc()
  const usage = process.memoryUsage()
  return usage.heapUsed + usage.arrayBuffers
}

const template = JSON.stringify(
  (
    JSON.parse(
      readFileSync(join(INVICTUS, '218007301253_CloudTrail_us-east-1_20230710T1200Z_iLj9fb7yyUG9X4Bf.json'), 'utf8'),
    ) as { Records: Record<string, unknown>[] }
  ).Records[3],
)
const [before, after] = template.split(/"eventID":"[^"]+"/) as [string, string]

/** A `{"Records":[...]}` file of about `size` bytes, made on the fly in 1 MB chunks: never whole in memory. */
async function* syntheticFile(size: number, counter: { records: number; bytes: number }): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder()
  let text = '{"Records":['
  while (counter.bytes < size) {
    const parts: string[] = []
    let length = 0
    while (length < 1 << 20) {
      const record = `${counter.records === 0 ? '' : ','}${before}"eventID":"synthetic-${counter.records}"${after}`
      parts.push(record)
      length += record.length
      counter.records++
    }
    text += parts.join('')
    const chunk = encoder.encode(text)
    counter.bytes += chunk.length
    text = ''
    yield chunk
  }
  const end = encoder.encode(']}')
  counter.bytes += end.length
  yield end
}

async function* gzipped(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = []
  const gzip = new Gzip({ level: 1 }, (data) => out.push(data))
  for await (const chunk of source) {
    gzip.push(chunk)
    yield* out.splice(0)
  }
  gzip.push(new Uint8Array(0), true)
  yield* out.splice(0)
}

describe('a large input', () => {
  it('streams 200 MB of records through with memory bounded far below the file size', { timeout: 60_000 }, async () => {
    const counter = { records: 0, bytes: 0 }
    const baseline = memory()
    let peak = 0
    let rows = 0
    let nextCheck = 0
    let end: { rows: number; bytesIn: number } | undefined
    for await (const item of readCloudTrail({ location: 'big.json', chunks: syntheticFile(200e6, counter) }, context)) {
      if (item.kind === 'row') rows++
      else if (item.kind === 'end') end = item
      else throw new Error(`unexpected ${item.kind}`)
      if (counter.bytes >= nextCheck) {
        peak = Math.max(peak, memory() - baseline)
        nextCheck += 20e6
      }
    }
    expect(counter.bytes).toBeGreaterThan(200e6)
    expect(rows).toBe(counter.records)
    expect(end).toMatchObject({ rows: counter.records, bytesIn: counter.bytes })
    // A 1 MB input chunk, its rows and the reader's state: a few MB, nowhere near the 200 MB read.
    expect(peak).toBeLessThan(24e6)
  })

  it('streams a gzip input the same way', { timeout: 60_000 }, async () => {
    const counter = { records: 0, bytes: 0 }
    const baseline = memory()
    let peak = 0
    let rows = 0
    let nextCheck = 0
    for await (const item of readCloudTrail(
      { location: 'big.json.gz', chunks: gzipped(syntheticFile(150e6, counter)) },
      context,
    )) {
      if (item.kind === 'row') rows++
      if (counter.bytes >= nextCheck) {
        peak = Math.max(peak, memory() - baseline)
        nextCheck += 10e6
      }
    }
    expect(counter.bytes).toBeGreaterThan(150e6)
    expect(rows).toBe(counter.records)
    // the inflater's window and output chunks come on top of the plain reader's few MB; still a fifth of the input
    expect(peak).toBeLessThan(32e6)
  })

  it('drops an oversized record without holding it, then reads on', { timeout: 60_000 }, async () => {
    const baseline = memory()
    let peak = 0
    async function* chunks(): AsyncGenerator<Uint8Array> {
      const encoder = new TextEncoder()
      yield encoder.encode(`[${template},{"eventID":"huge","blob":"`)
      const blob = encoder.encode('x'.repeat(1 << 20))
      for (let i = 0; i < 40; i++) {
        yield blob
        if (i % 10 === 0) peak = Math.max(peak, memory() - baseline)
      }
      yield encoder.encode(`"},${template}]`)
    }
    const items = []
    for await (const item of readCloudTrail({ location: 'huge.json', chunks: chunks() }, context, {
      maxRecordBytes: 8 << 20,
    })) {
      items.push(item.kind === 'rejected' ? item.rejection.reason : item.kind)
    }
    expect(items).toEqual(['row', 'record-too-large', 'row', 'end'])
    expect(peak).toBeLessThan(20e6)
  })
})

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { bytesOf, chunksOf, INVICTUS, readAll, readText, reasons, sampleEvent } from './helpers.js'

const event = (id: string) => JSON.stringify(sampleEvent({ eventID: id }))
const ids = (result: { rows: { event_id: string }[] }) => result.rows.map((row) => row.event_id)
const REAL_FILE = join(INVICTUS, '218007301253_CloudTrail_us-east-1_20230710T1200Z_iLj9fb7yyUG9X4Bf.json')

/** Reads `text` whole and in 1-byte chunks, checks both give the same items, returns the first. */
async function readEveryWay(location: string, text: string, options?: { maxRecordBytes?: number }) {
  const whole = await readText(location, text, options)
  const bytes = await readAll(location, chunksOf(bytesOf(text), 1), options)
  expect(bytes.items).toEqual(whole.items)
  const odd = await readAll(location, chunksOf(bytesOf(text), 5), options)
  expect(odd.items).toEqual(whole.items)
  return whole
}

describe('invalid JSON', () => {
  it('NDJSON: a bad line is rejected, the lines after it are read', async () => {
    const result = await readEveryWay('x.ndjson', `${event('1')}\n{"eventID":"2",oops}\n${event('3')}\n`)
    expect(ids(result)).toEqual(['1', '3'])
    expect(result.rejections).toMatchObject([
      { reason: 'invalid-json', record: 2, line: 2, excerpt: '{"eventID":"2",oops}' },
    ])
    expect(result.rejections[0]?.message).toMatch(/^x\.ndjson record 2 \(line 2\): invalid JSON: .+ — record skipped$/)
    expect(result.end).toMatchObject({ records: 3, rows: 2, rejected: 1 })
  })

  it('NDJSON: a line missing its closing brace does not swallow the next line', async () => {
    const result = await readEveryWay(
      'x.ndjson',
      `${event('1')}\n{"eventID":"2","a":{"b":1}\n${event('3')}\n${event('4')}`,
    )
    expect(ids(result)).toEqual(['1', '3', '4'])
    expect(result.rejections).toMatchObject([{ reason: 'invalid-json', record: 2, line: 2 }])
  })

  it('NDJSON: a line with an unterminated string does not swallow the next line', async () => {
    const result = await readEveryWay('x.ndjson', `${event('1')}\n{"eventID":"2","a":"open\n${event('3')}\n`)
    expect(ids(result)).toEqual(['1', '3'])
    expect(result.rejections).toMatchObject([{ reason: 'invalid-json', record: 2, line: 2 }])
  })

  it('NDJSON: a line that is not JSON at all', async () => {
    const result = await readEveryWay('x.ndjson', `${event('1')}\nthis is not json\n${event('3')}`)
    expect(ids(result)).toEqual(['1', '3'])
    expect(result.rejections).toMatchObject([
      { reason: 'invalid-json', record: 2, line: 2, excerpt: 'this is not json' },
    ])
  })

  it('Records array: a bad record whose brackets balance is skipped, reading goes on', async () => {
    const text = `{"Records":[${event('1')},{"eventID":"2","readOnly":tru,"a":[{}]},${event('3')}]}`
    const result = await readEveryWay('AWSLogs/x.json', text)
    expect(ids(result)).toEqual(['1', '3'])
    expect(result.rejections).toMatchObject([{ reason: 'invalid-json', record: 2, line: 1 }])
    expect(result.rejections[0]?.excerpt).toBe('{"eventID":"2","readOnly":tru,"a":[{}]}')
  })

  it('Records array: a record missing its closing brace ends where the next record starts', async () => {
    const broken = event('2').slice(0, -1)
    const text = `{"Records":[${event('1')},${broken},${event('3')},${event('4')}]}`
    const result = await readEveryWay('x.json', text)
    expect(ids(result)).toEqual(['1', '3', '4'])
    expect(result.rejections).toMatchObject([{ reason: 'invalid-json', record: 2, excerpt: broken }])
  })

  it('Records array: records swallowed by a record missing a `]` are cut out again', async () => {
    const broken =
      '{"eventVersion":"1.08","eventID":"2","resources":[{"ARN":"arn:x"},"eventTime":"2023-07-10T11:42:18Z"}'
    const text = `{"Records":[${event('1')},${broken},${event('3')},${event('4')}]}`
    const result = await readText('x.json', text)
    expect(result.rejections).toMatchObject([{ reason: 'invalid-json', record: 2 }])
    expect(ids(result)).toEqual(['1', '3', '4'])
  })

  it('a file cut inside a record: the records before it, and a truncated-json rejection', async () => {
    const text = `{"Records":[${event('1')},${event('2')},${event('3').slice(0, 100)}`
    const result = await readEveryWay('cut.json', text)
    expect(ids(result)).toEqual(['1', '2'])
    expect(result.rejections).toMatchObject([{ reason: 'truncated-json', record: 3, line: 1 }])
    expect(result.rejections[0]?.excerpt).toBe(event('3').slice(0, 100))
  })

  it('a file cut between records says the wrapper never closed', async () => {
    const result = await readEveryWay('cut.json', `{"Records":[${event('1')},`)
    expect(ids(result)).toEqual(['1'])
    expect(result.rejections).toMatchObject([{ reason: 'truncated-json', line: 1 }])
    expect(result.rejections[0]?.record).toBeUndefined()
    expect(result.rejections[0]?.message).toContain('before its {"Records":[…]} wrapper closes')
  })
})

describe('records the table cannot take', () => {
  it('rejects records without eventTime, eventID or with an unparseable eventTime', async () => {
    const lines = [
      sampleEvent({ eventID: 'ok-1' }),
      sampleEvent({ eventID: 'no-time', eventTime: undefined }),
      sampleEvent({ eventID: 'null-time', eventTime: null }),
      sampleEvent({ eventID: 'bad-time', eventTime: '2023-02-30T00:00:00Z' }),
      sampleEvent({ eventID: 'number-time', eventTime: 1688989338000 }),
      sampleEvent({ eventID: undefined }),
      sampleEvent({ eventID: '' }),
      sampleEvent({ eventID: { id: 1 } }),
      sampleEvent({ eventID: 12345 }),
    ].map((record) => JSON.stringify(record))
    const result = await readText('x.ndjson', lines.join('\n'))
    expect(reasons(result)).toEqual([
      'missing-event-time',
      'missing-event-time',
      'invalid-event-time',
      'invalid-event-time',
      'missing-event-id',
      'missing-event-id',
      'missing-event-id',
    ])
    expect(ids(result)).toEqual(['ok-1', '12345'])
    expect(result.rejections.map((rejection) => rejection.message.split(': ').slice(1).join(': '))).toEqual([
      'no eventTime — record skipped',
      'eventTime is null — record skipped',
      'eventTime "2023-02-30T00:00:00Z" is not an ISO-8601 date-time — record skipped',
      'eventTime is a number, not an ISO-8601 date-time — record skipped',
      'no eventID (CloudTrail sets one on every event since eventVersion 1.01; rows need it to deduplicate) — record skipped',
      'eventID is empty (CloudTrail sets one on every event since eventVersion 1.01; rows need it to deduplicate) — record skipped',
      'eventID is an object (CloudTrail sets one on every event since eventVersion 1.01; rows need it to deduplicate) — record skipped',
    ])
  })

  it('rejects a record over the size cap, unread, and goes on', async () => {
    const big = JSON.stringify(sampleEvent({ eventID: 'big', requestParameters: { blob: 'x'.repeat(10_000) } }))
    const text = `{"Records":[${event('1')},${big},${event('3')}]}`
    const result = await readEveryWay('x.json', text, { maxRecordBytes: 5000 })
    expect(ids(result)).toEqual(['1', '3'])
    expect(result.rejections).toMatchObject([{ reason: 'record-too-large', record: 2, line: 1 }])
    expect(result.rejections[0]?.excerpt).toBe(big.slice(0, 2048))
    expect(result.rejections[0]?.message).toContain(`record of ${big.length} bytes is larger than the 5000-byte cap`)
    const lines = await readEveryWay('x.ndjson', `${event('1')}\n${big}\n${event('3')}\n`, { maxRecordBytes: 5000 })
    expect(ids(lines)).toEqual(['1', '3'])
    expect(reasons(lines)).toEqual(['record-too-large'])
  })

  it('keeps excerpts to 2 KB', async () => {
    const result = await readText('x.ndjson', `{"eventID":"1","x":"${'y'.repeat(5000)}",}`)
    expect(result.rejections[0]?.excerpt).toHaveLength(2048)
  })
})

describe('bad gzip', () => {
  const plain = readFileSync(REAL_FILE)
  const gz = gzipSync(plain)

  it('a gzip file cut midway yields the records before the cut, then truncated-gzip', async () => {
    const full = await readAll('AWSLogs/x.json.gz', [gz])
    expect(full.rows).toHaveLength(394)
    const cut = await readAll('AWSLogs/x.json.gz', chunksOf(gz.subarray(0, gz.length >> 1), 4096))
    expect(cut.rows.length).toBeGreaterThan(50)
    expect(cut.rows.length).toBeLessThan(394)
    expect(cut.rows).toEqual(full.rows.slice(0, cut.rows.length))
    expect(cut.rejections).toHaveLength(1)
    const [rejection] = cut.rejections
    expect(rejection).toMatchObject({ reason: 'truncated-gzip', record: cut.rows.length + 1, line: 1 })
    expect(rejection?.message).toMatch(
      /^AWSLogs\/x\.json\.gz record \d+ \(line 1\): gzip stream ends early .* — the records before it were read, anything after the cut is lost$/,
    )
    expect(rejection?.excerpt).toMatch(/^\{"eventVersion":/)
    expect(cut.items.at(-2)).toMatchObject({ kind: 'rejected' })
  })

  it('a gzip file cut inside its header or trailer', async () => {
    expect(reasons(await readAll('x.gz', [gz.subarray(0, 5)]))).toEqual(['truncated-gzip'])
    const trailerCut = await readAll('x.gz', [gz.subarray(0, gz.length - 3)])
    expect(trailerCut.rows).toHaveLength(394)
    expect(reasons(trailerCut)).toEqual(['invalid-gzip'])
    expect(trailerCut.rejections[0]?.message).toContain('gzip trailer says')
  })

  it('corrupt gzip data stops reading with invalid-gzip, keeping the records before', async () => {
    const corrupt = new Uint8Array(gz)
    for (let i = gz.length >> 1; i < (gz.length >> 1) + 64; i++) corrupt[i] = (corrupt[i] as number) ^ 0x5a
    const result = await readAll('x.gz', chunksOf(corrupt, 1024))
    expect(result.rows.length).toBeLessThan(394)
    expect(result.rows).toEqual((await readAll('x.gz', [gz])).rows.slice(0, result.rows.length))
    expect(reasons(result).at(-1)).toMatch(/^(invalid|truncated)-gzip$/)
    const badHeader = await readAll('x.gz', [new Uint8Array([0x1f, 0x8b, 0x09, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3])])
    expect(reasons(badHeader)).toEqual(['invalid-gzip'])
  })
})

describe('never throwing for bad data', () => {
  it('survives random bytes and random damage to a real file', async () => {
    let seed = 7
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
      return seed / 2 ** 32
    }
    const text = readFileSync(REAL_FILE)
    for (let round = 0; round < 40; round++) {
      const damaged = new Uint8Array(round % 4 === 0 ? gzipSync(text) : text)
      for (let k = 0; k < 1 + round; k++) damaged[Math.floor(random() * damaged.length)] = Math.floor(random() * 256)
      const cut = damaged.subarray(0, damaged.length - Math.floor(random() * 1000))
      const result = await readAll('damaged', chunksOf(cut, 1 + Math.floor(random() * 5000)))
      expect(result.end.records).toBe(
        result.rows.length +
          result.end.duplicates +
          result.end.digests +
          result.rejections.filter((r) => r.record !== undefined).length,
      )
    }
    const noise = new Uint8Array(100_000).map(() => Math.floor(random() * 256))
    noise[0] = 0x7b
    const result = await readAll('noise', chunksOf(noise, 333))
    expect(result.rows).toEqual([])
  })
})

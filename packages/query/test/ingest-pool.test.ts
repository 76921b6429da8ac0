import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type IngestResult, LakeIngestPool, openLocalLake, WorkerHeapExhausted } from '../src/node.js'

const ACCOUNTS = ['111111111111', '222222222222', '333333333333']

function event(i: number) {
  const account = ACCOUNTS[i % ACCOUNTS.length]!
  return {
    eventVersion: '1.08',
    eventID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    eventTime: new Date(Date.UTC(2025, 0, 1) + i * 97_000).toISOString().replace(/\.\d+Z$/, 'Z'),
    eventSource: 'iam.amazonaws.com',
    eventName: i % 5 === 0 ? 'CreateUser' : 'ListUsers',
    awsRegion: 'us-east-1',
    sourceIPAddress: `192.0.2.${i % 250}`,
    userIdentity: { type: 'IAMUser', userName: `user${i % 7}`, accountId: account },
    recipientAccountId: account,
    eventType: 'AwsApiCall',
  }
}

/** Files of 40 events each; every tenth file is delivered twice (CloudTrail delivers at least once). */
function deliveries(total: number): { name: string; body: Uint8Array }[] {
  const files: { name: string; body: Uint8Array }[] = []
  for (let start = 0; start < total; start += 40) {
    const records = Array.from({ length: Math.min(40, total - start) }, (_, k) => event(start + k))
    const body = gzipSync(JSON.stringify({ Records: records }))
    files.push({ name: `file-${start}.json.gz`, body: new Uint8Array(body) })
    if ((start / 40) % 10 === 0) files.push({ name: `file-${start}-again.json.gz`, body: new Uint8Array(body) })
  }
  return files
}

async function ingest(dataDir: string, workers: number, hint: (i: number) => { index: string; day: string } | undefined) {
  const results: IngestResult[] = []
  const pool = new LakeIngestPool({ dataDir, runId: `t${workers}`, workers, onResult: (r) => results.push(r) })
  const files = deliveries(4_000)
  for (const [i, file] of files.entries()) {
    await pool.submit({
      location: file.name,
      chunks: [file.body.slice(0, 100), file.body.slice(100)],
      context: { partition: 'p', sourceType: 'file', ingestTime: 0 },
      folder: hint(i),
    })
    if (i === 37) await pool.checkpoint()
  }
  const summary = await pool.close()
  return { summary, results }
}

async function table(dataDir: string) {
  const lake = await openLocalLake(dataDir)
  const result = await lake.query(
    'select tp_index, tp_date, count(*) n, count(distinct event_id) ids from aws_cloudtrail_log group by all order by all',
  )
  return result.rows
}

describe('LakeIngestPool', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-ingest-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('writes the same table with one worker and with three, whatever worker reads an input', async () => {
    const one = await ingest(join(dir, 'one'), 1, () => undefined)
    // wrong hints: every input goes to a worker that owns none of its rows, so all rows are routed
    const three = await ingest(join(dir, 'three'), 3, (i) => ({ index: `x${i % 3}`, day: '1999-01-01' }))
    expect(one.summary.rowsWritten).toBe(4_000)
    expect(three.summary.rowsWritten).toBe(4_000)
    expect(three.summary.duplicates).toBe(one.summary.duplicates)
    expect(one.summary.duplicates).toBe(400)
    expect(three.results).toHaveLength(one.results.length)
    expect(three.results.reduce((n, r) => n + r.rows, 0)).toBe(4_400)
    const expected = await table(join(dir, 'one'))
    expect(await table(join(dir, 'three'))).toEqual(expected)
    for (const r of expected) expect(r.n).toBe(r.ids)
  }, 120_000)

  it('adds nothing when the same inputs are collected again', async () => {
    const again = await ingest(join(dir, 'three'), 2, () => undefined)
    expect(again.summary.rowsWritten).toBe(0)
    expect(again.summary.duplicates).toBe(4_400)
  }, 120_000)

  it('reads local files on the workers into the same table, and names a file it cannot read', async () => {
    const files = join(dir, 'files-in')
    await mkdir(files, { recursive: true })
    const results: IngestResult[] = []
    const pool = new LakeIngestPool({ dataDir: join(dir, 'files'), runId: 'f', workers: 2, onResult: (r) => results.push(r) })
    const context = { partition: 'p', sourceType: 'file', ingestTime: 0 }
    for (const file of deliveries(4_000)) {
      const path = join(files, file.name)
      await writeFile(path, file.body)
      await pool.submit({ location: path, path, context })
    }
    const missing = join(files, 'gone.json.gz')
    await pool.submit({ location: missing, path: missing, context })
    const summary = await pool.close()
    expect(summary.rowsWritten).toBe(4_000)
    expect(summary.duplicates).toBe(400)
    expect(await table(join(dir, 'files'))).toEqual(await table(join(dir, 'one')))
    const rejected = results.flatMap((r) => r.rejections)
    expect(rejected).toMatchObject([{ location: missing, reason: 'unreadable-input' }])
    expect(rejected[0]!.message).toContain(`${missing}: cannot read the file: ENOENT`)
  }, 120_000)

  it('holds back local files whose owner is busy, lets an idle worker take them, and loses none at a checkpoint', async () => {
    const files = join(dir, 'files-in')
    const results: IngestResult[] = []
    const dataDir = join(dir, 'backlog')
    // every file hinted to one folder, and a queue of 2 per worker: most files wait in the owner's backlog
    const pool = new LakeIngestPool({ dataDir, runId: 'b', workers: 2, maxPendingInputsPerWorker: 2, onResult: (r) => results.push(r) })
    const context = { partition: 'p', sourceType: 'file', ingestTime: 0 }
    const all = deliveries(4_000)
    for (const [i, file] of all.entries()) {
      const path = join(files, file.name)
      await pool.submit({ location: path, path, context, folder: { index: ACCOUNTS[0]!, day: '2025-01-01' } })
      if (i === 60) {
        const partial = await pool.checkpoint()
        expect(results).toHaveLength(61)
        expect(partial.rowsWritten).toBe(results.reduce((n, r) => n + r.rows, 0) - partial.duplicates)
      }
    }
    const summary = await pool.close()
    expect(results).toHaveLength(all.length)
    expect(summary.rowsWritten + summary.duplicates).toBe(4_400)
    expect(await table(dataDir)).toEqual(await table(join(dir, 'one')))
  }, 120_000)

  it('reports rejected records with the input and record they came from', async () => {
    const results: IngestResult[] = []
    const pool = new LakeIngestPool({ dataDir: join(dir, 'bad'), runId: 'bad', workers: 2, onResult: (r) => results.push(r) })
    const good = JSON.stringify(event(1))
    const { eventID: _, ...withoutId } = event(2)
    await pool.submit({
      location: 'mixed.json',
      chunks: [new TextEncoder().encode(`{"Records":[${good},${JSON.stringify(withoutId)}]}`)],
      context: { partition: 'p', sourceType: 'file' },
    })
    const summary = await pool.close()
    expect(summary.rowsWritten).toBe(1)
    expect(results[0]!.rejections).toMatchObject([{ location: 'mixed.json', record: 2, reason: 'missing-event-id' }])
  }, 60_000)

  it('fails with WorkerHeapExhausted, naming the worker and its limit, when a worker runs out of its heap', async () => {
    const pool = new LakeIngestPool({ dataDir: join(dir, 'heap'), runId: 'heap', workers: 1, workerHeapMb: 16 })
    // four events of 8 MB each in one file: its text alone is twice what a 16 MB heap holds
    const policy = 'x'.repeat(8 << 20)
    const records = Array.from({ length: 4 }, (_, i) => ({ ...event(i), requestParameters: { policyDocument: `${i}${policy}` } }))
    const body = new Uint8Array(gzipSync(JSON.stringify({ Records: records })))
    const run = (async () => {
      await pool.submit({ location: 'big.json.gz', chunks: [body], context: { partition: 'p', sourceType: 'file' } })
      return pool.close()
    })()
    await expect(run).rejects.toBeInstanceOf(WorkerHeapExhausted)
    await expect(run).rejects.toMatchObject({ worker: 0, limitMb: 16, message: expect.stringMatching(/worker 0 ran out of its 16 MB heap/) })
    await pool.terminate()
  }, 60_000)
})

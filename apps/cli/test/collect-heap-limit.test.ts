import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCairn as cairn } from './support/run-cairn.js'

describe('cairn collect with CAIRN_COLLECT_WORKER_HEAP_MB', () => {
  let dir: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-heap-'))
    // four events of 24 MB each in one file: its text alone is beyond a 64 MB worker heap
    const policy = 'x'.repeat(24 << 20)
    const records = Array.from({ length: 4 }, (_, i) => ({
      eventVersion: '1.08',
      eventID: `00000000-0000-4000-8000-00000000000${i}`,
      eventTime: '2025-01-01T00:00:00Z',
      eventSource: 'iam.amazonaws.com',
      eventName: 'PutUserPolicy',
      awsRegion: 'us-east-1',
      recipientAccountId: '111111111111',
      requestParameters: { policyDocument: `${i}${policy}` },
    }))
    await writeFile(join(dir, 'big.json.gz'), gzipSync(JSON.stringify({ Records: records })))
  })

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('fails naming the worker, its limit and how to raise it when a worker runs out of that heap', async () => {
    const run = await cairn(['collect', '--source', 'file', '--path', join(dir, 'big.json.gz'), '--data-dir', join(dir, 'data')], {
      CAIRN_COLLECT_WORKER_HEAP_MB: '64',
    })
    expect(run.code).not.toBe(0)
    expect(run.stderr).toMatch(/collect worker \d ran out of its 64 MB heap/)
    expect(run.stderr).toMatch(/set CAIRN_COLLECT_WORKER_HEAP_MB above 64, or unset it/)
  })

  it('collects the same file without the limit', async () => {
    const run = await cairn(['collect', '--source', 'file', '--path', join(dir, 'big.json.gz'), '--data-dir', join(dir, 'unbounded')])
    expect(`${run.stdout}${run.stderr}`).toMatch(/Collected 4 events/)
    expect(run.code).toBe(0)
  })
})

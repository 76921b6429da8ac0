import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { gunzipSync, gzipSync } from 'node:zlib'
import { join, relative, sep } from 'node:path'
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { type FaultProxy, S3RVER_CREDENTIALS, type S3rverProcess, startFaultProxy, startS3rver } from '@cairn/test-servers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateTrail } from '../src/generate/index.js'
import { killCairnWhen, runCairn } from './support/run-cairn.js'

const BUCKET = 'org-trail'
const PREFIX = 'trails/team-a'
const env = { AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey }

const cairn = (args: string[]) => runCairn(args, env)

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
}

/** Every event of the lake as `event_id|event_time|tp_index|tp_date`, sorted: equal lakes give equal lists. */
async function lakeEvents(data: string, where = 'true'): Promise<string[]> {
  const sql = `select event_id || '|' || epoch_ms(event_time) || '|' || tp_index || '|' || tp_date::varchar as e from aws_cloudtrail_log where ${where} order by 1`
  const q = await cairn(['query', '--data-dir', data, '--output', 'json', sql])
  expect(q.code, q.stderr).toBe(0)
  return (JSON.parse(q.stdout) as { e: string }[]).map((r) => r.e)
}

describe('cairn collect --source s3 (s3rver, with faults injected by a proxy)', () => {
  let dir: string
  let logs: string
  let server: S3rverProcess
  let proxy: FaultProxy
  let reference: string[]
  let keys: string[]
  const s3Flags = () => ['--source', 's3', '--bucket', BUCKET, '--prefix', PREFIX, '--endpoint', proxy.endpoint, '--force-path-style']

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-s3-'))
    logs = join(dir, 'logs')
    await generateTrail({ outDir: logs, events: 12_000, seed: 11 })
    server = await startS3rver(join(dir, 's3rver'))
    proxy = await startFaultProxy(server.endpoint)
    const client = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3RVER_CREDENTIALS })
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }))
    const files = filesUnder(logs)
    keys = files.map((f) => relative(logs, f).split(sep).join('/'))
    let next = 0
    const upload = async () => {
      while (next < files.length) {
        const i = next++
        const key = keys[i]!
        const digest = key.includes('/CloudTrail-Digest/')
        await client.send(
          new PutObjectCommand({
            Bucket: BUCKET,
            Key: `${PREFIX}/${key}`,
            Body: await readFile(files[i]!),
            Metadata: digest ? { signature: `sig-${i}`, 'signature-algorithm': 'SHA256withRSA' } : undefined,
          }),
        )
      }
    }
    await Promise.all(Array.from({ length: 16 }, upload))
    client.destroy()
    const local = await cairn(['collect', '--path', logs, '--data-dir', join(dir, 'reference'), '--output', 'json'])
    expect(local.code, local.stderr).toBe(0)
    reference = await lakeEvents(join(dir, 'reference'))
    expect(reference.length).toBeGreaterThan(10_000)
  }, 240_000)

  afterAll(async () => {
    await proxy?.close()
    await server?.stop()
    await rm(dir, { recursive: true, force: true })
  })

  it('collects the bucket through 500s, throttling, resets and truncated bodies into the same table as the files', async () => {
    const logKeys = keys.filter((k) => k.includes('/CloudTrail/'))
    proxy.setRules([
      { fault: 'internal-error', target: `${PREFIX}/${logKeys[3]}`, times: 2 },
      { fault: 'slow-down', target: `${PREFIX}/${logKeys[40]}`, times: 2 },
      { fault: 'reset', target: `${PREFIX}/${logKeys[77]}`, times: 1 },
      { fault: 'truncate', target: `${PREFIX}/${logKeys[120]}`, times: 1 },
      { fault: 'internal-error', operation: 'list', target: `${PREFIX}/AWSLogs/`, times: 1 },
    ])
    const data = join(dir, 'faults')
    const run = await cairn(['collect', ...s3Flags(), '--data-dir', data, '--output', 'json'])
    expect(run.code, run.stderr + run.stdout).toBe(0)
    // the SDK's Node 20 deprecation notice is not the user's business
    expect(run.stderr).not.toContain('NodeVersionSupportWarning')
    const summary = JSON.parse(run.stdout)
    expect(summary.rejected).toEqual([])
    expect(summary.source.objects.failed).toBe(0)
    expect(await lakeEvents(data)).toEqual(reference)
    // digests are kept aside with their S3 signature, never as events
    const digestLines = readdirSync(join(data, 'digests')).flatMap((f) =>
      readFileSync(join(data, 'digests', f), 'utf8').trim().split('\n'),
    )
    expect(digestLines.length).toBe(summary.digests)
    expect(summary.digests).toBeGreaterThan(0)
    expect(JSON.parse(digestLines[0]!).metadata.signature).toMatch(/^sig-\d+$/)

    // a rerun lists the bucket again but downloads nothing it has taken
    proxy.setRules([])
    const before = proxy.requests.length
    const again = await cairn(['collect', ...s3Flags(), '--data-dir', data, '--output', 'json'])
    expect(again.code, again.stderr).toBe(0)
    const second = JSON.parse(again.stdout)
    expect(second.events).toBe(0)
    expect(second.source.objects.alreadyTaken).toBe(second.source.objects.listed)
    expect(proxy.requests.slice(before).filter((r) => r.operation === 'get')).toEqual([])

    // a new object adds exactly its events
    const template = keys.find((k) => k.includes('/CloudTrail/') && k.endsWith('.json.gz'))!
    const doc = JSON.parse(gunzipSync(readFileSync(join(logs, template))).toString('utf8'))
    const fresh = doc.Records.slice(0, 7).map((r: { eventID: string }, i: number) => ({ ...r, eventID: `new-object-event-${i}` }))
    const newKey = `${PREFIX}/${template.replace(/_[A-Za-z0-9]+\.json\.gz$/, '_NewObject0001.json.gz')}`
    const client = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3RVER_CREDENTIALS })
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: newKey, Body: gzipSync(JSON.stringify({ Records: fresh })) }))
    const third = await cairn(['collect', ...s3Flags(), '--data-dir', data, '--output', 'json'])
    expect(third.code, third.stderr).toBe(0)
    expect(JSON.parse(third.stdout).events).toBe(fresh.length)
    expect(JSON.parse(third.stdout).source.objects.alreadyTaken).toBe(second.source.objects.listed)
    const withNew = await lakeEvents(data)
    expect(withNew.length).toBe(reference.length + fresh.length)
    expect(withNew.filter((e) => e.startsWith('new-object-event-'))).toHaveLength(fresh.length)
    await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: newKey }))
    client.destroy()
  }, 240_000)

  it('an object that keeps failing is reported (exit 2) and taken by the next run', async () => {
    const victim = `${PREFIX}/${keys.find((k) => k.includes('/CloudTrail/'))}`
    proxy.setRules([{ fault: 'internal-error', target: victim, times: Number.POSITIVE_INFINITY }])
    const data = join(dir, 'failing')
    const run = await cairn(['collect', ...s3Flags(), '--data-dir', data, '--output', 'json', '--concurrency', '4'])
    expect(run.code).toBe(2)
    const summary = JSON.parse(run.stdout)
    expect(summary.source.objects.failed).toBe(1)
    expect(summary.rejected[0].location).toBe(`s3://${BUCKET}/${victim}`)
    expect((await lakeEvents(data)).length).toBeLessThan(reference.length)
    proxy.setRules([])
    const rerun = await cairn(['collect', ...s3Flags(), '--data-dir', data, '--output', 'json'])
    expect(rerun.code, rerun.stderr).toBe(0)
    expect(JSON.parse(rerun.stdout).source.objects.alreadyTaken).toBe(JSON.parse(rerun.stdout).source.objects.listed - 1)
    expect(await lakeEvents(data)).toEqual(reference)
  }, 240_000)

  it('a window takes exactly its events and lists only its days', async () => {
    proxy.setRules([])
    const all = await lakeEvents(join(dir, 'reference'), 'true')
    const days = [...new Set(all.map((e) => e.split('|')[3]!))].sort()
    const day = days[Math.floor(days.length / 2)]!
    const from = `${day}T06:30:00Z`
    const to = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000 + 3_600_000).toISOString()
    const data = join(dir, 'window')
    const run = await cairn(['collect', ...s3Flags(), '--data-dir', data, '--from', from, '--to', to, '--output', 'json'])
    expect(run.code, run.stderr).toBe(0)
    const expected = all.filter((e) => {
      const t = Number(e.split('|')[1])
      return t >= Date.parse(from) && t < Date.parse(to)
    })
    expect(await lakeEvents(data)).toEqual(expected)
    const listCalls = JSON.parse(run.stdout).source.objects.listCalls
    const full = await cairn(['collect', ...s3Flags(), '--data-dir', join(dir, 'full-count'), '--output', 'json'])
    expect(listCalls).toBeLessThan(JSON.parse(full.stdout).source.objects.listCalls / 3)
  }, 240_000)

  it('killed at any moment and rerun, gives exactly the uninterrupted table', async () => {
    proxy.setRules([])
    const data = join(dir, 'killed')
    for (const gets of [20, 120]) {
      const before = proxy.requests.filter((r) => r.operation === 'get').length
      const due = () => proxy.requests.filter((r) => r.operation === 'get').length >= before + gets
      expect(await killCairnWhen(['collect', ...s3Flags(), '--data-dir', data], env, due)).toBe(true)
    }
    expect(existsSync(data)).toBe(true)
    const rerun = await cairn(['collect', ...s3Flags(), '--data-dir', data, '--output', 'json'])
    expect(rerun.code, rerun.stderr).toBe(0)
    expect(await lakeEvents(data)).toEqual(reference)
  }, 240_000)

  it('--overwrite recollects a window after deleting its rows', async () => {
    proxy.setRules([])
    const data = join(dir, 'overwrite')
    const first = await cairn(['collect', ...s3Flags(), '--data-dir', data, '--output', 'json'])
    expect(first.code, first.stderr).toBe(0)
    const days = [...new Set(reference.map((e) => e.split('|')[3]!))].sort()
    const from = `${days[1]}T00:00:00Z`
    const to = `${days[3]}T00:00:00Z`
    const run = await cairn(['collect', ...s3Flags(), '--data-dir', data, '--from', from, '--to', to, '--overwrite', '--output', 'json'])
    expect(run.code, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout).events).toBeGreaterThan(0)
    expect(await lakeEvents(data)).toEqual(reference)
  }, 240_000)
})

import { readdirSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { type FaultProxy, S3RVER_CREDENTIALS, type S3rverProcess, startFaultProxy, startS3rver } from '@cairn/test-servers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseShard, shardOfAccount } from '../src/collect/collect-shard.js'
import { generateTrail } from '../src/generate/index.js'
import { runCairn } from './support/run-cairn.js'

const BUCKET = 'org-trail'
const PREFIX = 'trails/org'
const env = { AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey }
const cairn = (args: string[]) => runCairn(args, env)
const SHARDS = [1, 2, 3] as const

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
}

/** The account of a trail key or file path: the 12 digits before `_CloudTrail`. */
const accountOf = (key: string) => /(\d{12})_CloudTrail[^/]*$/.exec(key)?.[1]

/** Every event of the lake as `event_id|event_time|tp_index|tp_date`, sorted: equal lakes give equal lists. */
async function lakeEvents(data: string): Promise<string[]> {
  const sql = `select event_id || '|' || epoch_ms(event_time) || '|' || tp_index || '|' || tp_date::varchar as e from aws_cloudtrail_log order by 1`
  const q = await cairn(['query', '--data-dir', data, '--output', 'json', sql])
  expect(q.code, q.stderr).toBe(0)
  return (JSON.parse(q.stdout) as { e: string }[]).map((r) => r.e)
}

describe('shard assignment', () => {
  it('is fixed by the account id alone', () => {
    // SHA-256 based: these hold on any engine and machine, and must never change (old and new shards would overlap)
    expect(['111122223333', '444455556666', '777788889999'].map((a) => shardOfAccount(a, 3))).toEqual([2, 1, 3])
    expect(shardOfAccount('123456789012', 7)).toBe(7)
    expect(shardOfAccount('111122223333', 1)).toBe(1)
  })

  it('spreads accounts evenly over the shards', () => {
    // account ids as AWS hands them out: 12 digits, not consecutive
    const accounts = Array.from({ length: 3000 }, (_, i) => String(100_000_000_000 + ((i * 2_654_435_761) % 900_000_000_000)).padStart(12, '0'))
    for (const count of [2, 3, 5, 8]) {
      const per = new Array<number>(count).fill(0)
      for (const account of accounts) per[shardOfAccount(account, count) - 1]!++
      const expected = accounts.length / count
      for (const n of per) expect(Math.abs(n - expected) / expected).toBeLessThan(0.12)
    }
  })

  it('reads <i>/<n>, 1-based, and names what is wrong otherwise', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 })
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 })
    expect(() => parseShard('0/3')).toThrow("'0/3': shards are numbered from 1 to 3")
    expect(() => parseShard('4/3')).toThrow("'4/3': shards are numbered from 1 to 3")
    expect(() => parseShard('x')).toThrow("'x' is not <i>/<n>")
    expect(() => parseShard('1/0')).toThrow('the number of shards must be 1 to 1024')
  })
})

describe('cairn collect --shard (s3rver)', () => {
  let dir: string
  let logs: string
  let server: S3rverProcess
  /** One proxy per shard, so that each shard's LIST and GET requests are seen apart. */
  const proxies: FaultProxy[] = []
  let whole: FaultProxy
  let keys: string[]
  let owner: Map<string, number>
  const s3Flags = (proxy: FaultProxy) => ['--source', 's3', '--bucket', BUCKET, '--prefix', PREFIX, '--endpoint', proxy.endpoint, '--force-path-style']
  const gets = (proxy: FaultProxy) => proxy.requests.filter((r) => r.operation === 'get').map((r) => r.target)
  const lists = (proxy: FaultProxy) => proxy.requests.filter((r) => r.operation === 'list').map((r) => r.target)
  const upload = async (key: string, body: Uint8Array) => {
    const client = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3RVER_CREDENTIALS })
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }))
    client.destroy()
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-shard-'))
    logs = join(dir, 'logs')
    // a fixed end: with the default (now) the days, and so the events in a two-day window, move with the clock
    // (a weekend window holds a third fewer events)
    await generateTrail({ outDir: logs, events: 8_000, seed: 5, days: 6, accounts: 9, end: new Date('2026-11-15T12:00:00Z') })
    server = await startS3rver(join(dir, 's3rver'))
    whole = await startFaultProxy(server.endpoint)
    for (const _ of SHARDS) proxies.push(await startFaultProxy(server.endpoint))
    const client = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3RVER_CREDENTIALS })
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }))
    const files = filesUnder(logs)
    keys = files.map((f) => relative(logs, f).split(sep).join('/'))
    let next = 0
    const put = async () => {
      while (next < files.length) {
        const i = next++
        await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}/${keys[i]}`, Body: await readFile(files[i]!) }))
      }
    }
    await Promise.all(Array.from({ length: 8 }, put))
    client.destroy()
    owner = new Map(keys.map((k) => accountOf(k)!).map((a) => [a, shardOfAccount(a, 3)]))
  }, 240_000)

  afterAll(async () => {
    for (const proxy of [whole, ...proxies]) await proxy?.close()
    await server?.stop()
    await rm(dir, { recursive: true, force: true })
  })

  it('three shards side by side in one data dir make the lake one unsharded collect makes, each object read once', async () => {
    expect(new Set(owner.values())).toEqual(new Set(SHARDS)) // this org gives every shard accounts

    const reference = join(dir, 'unsharded')
    const one = await cairn(['collect', ...s3Flags(whole), '--data-dir', reference, '--output', 'json'])
    expect(one.code, one.stderr).toBe(0)
    const unsharded = JSON.parse(one.stdout)
    expect(unsharded.shard).toBeUndefined()

    const data = join(dir, 'sharded')
    const runs = await Promise.all(
      SHARDS.map((i) => cairn(['collect', ...s3Flags(proxies[i - 1]!), '--shard', `${i}/3`, '--data-dir', data, '--output', 'json'])),
    )
    const summaries = runs.map((run) => {
      expect(run.code, run.stderr).toBe(0)
      return JSON.parse(run.stdout)
    })

    const events = await lakeEvents(data)
    expect(events.length).toBeGreaterThan(7_000)
    expect(events).toEqual(await lakeEvents(reference))

    // each shard downloaded exactly its accounts' objects, none twice, and together every object once
    const all = SHARDS.flatMap((i) => gets(proxies[i - 1]!))
    expect(new Set(all).size).toBe(all.length)
    expect([...all].sort()).toEqual([...gets(whole)].sort())
    for (const i of SHARDS) {
      const mine = gets(proxies[i - 1]!)
      expect(mine.length).toBeGreaterThan(0)
      expect(mine.every((key) => owner.get(accountOf(key)!) === i)).toBe(true)
      // and never listed inside another shard's account folders: `AWSLogs/<number>/` alone is listed, as that
      // number may be an org id (it is the standalone account's folder here), but none of the folders below it
      const others = [...owner].filter(([, o]) => o !== i).map(([a]) => a)
      const intoOthers = lists(proxies[i - 1]!).filter((prefix) => others.some((a) => prefix.includes(`/${a}/`)))
      expect(intoOthers.every((prefix) => /^trails\/org\/AWSLogs\/\d{12}\/$/.test(prefix))).toBe(true)
    }

    expect(summaries.map((s) => s.shard.shard)).toEqual(['1/3', '2/3', '3/3'])
    expect(summaries.reduce((n, s) => n + s.files, 0)).toBe(unsharded.files)
    expect(summaries.reduce((n, s) => n + s.events, 0)).toBe(unsharded.events)
    for (const s of summaries) {
      expect(s.files).toBe(gets(proxies[summaries.indexOf(s)]!).length)
      expect(s.shard.skippedFolders).toBeGreaterThan(0)
      expect(s.source.objects.listCalls).toBeLessThan(unsharded.source.objects.listCalls)
    }
    // other shards' objects go with their folders: none is even listed
    expect(summaries.map((s) => s.shard.skippedObjects)).toEqual([0, 0, 0])
    expect(summaries.reduce((n, s) => n + s.source.objects.listed, 0)).toBe(unsharded.source.objects.listed)
  }, 300_000)

  it('a shard rerun takes only what is new for it; an unsharded rerun reads every shard state', async () => {
    const data = join(dir, 'sharded')
    const template = keys.find((k) => k.includes('/CloudTrail/') && k.endsWith('.json.gz'))!
    const doc = JSON.parse(gunzipSync(readFileSync(join(logs, template))).toString('utf8'))
    const accounts = [...owner.keys()]
    const newObject = async (shard: number) => {
      const account = accounts.find((a) => owner.get(a) === shard)!
      const key = keys.find((k) => k.includes('/CloudTrail/') && accountOf(k) === account)!
      const records = doc.Records.slice(0, 5).map((r: { eventID: string }, i: number) => ({
        ...r,
        eventID: `new-${shard}-${i}`,
        recipientAccountId: account,
      }))
      await upload(`${PREFIX}/${key.replace(/_[A-Za-z0-9]+\.json\.gz$/, `_NewObject000${shard}.json.gz`)}`, gzipSync(JSON.stringify({ Records: records })))
      return records.length
    }
    const forShard2 = await newObject(2)
    const forShard1 = await newObject(1)

    proxies[1]!.setRules([])
    const rerun = await cairn(['collect', ...s3Flags(proxies[1]!), '--shard', '2/3', '--data-dir', data, '--output', 'json'])
    expect(rerun.code, rerun.stderr).toBe(0)
    const second = JSON.parse(rerun.stdout)
    expect(second.files).toBe(1)
    expect(second.events).toBe(forShard2)
    expect(gets(proxies[1]!)).toHaveLength(1)

    // the unsharded collect skips what the shards took: only shard 1's new object is left
    whole.setRules([])
    const after = await cairn(['collect', ...s3Flags(whole), '--data-dir', data, '--output', 'json'])
    expect(after.code, after.stderr).toBe(0)
    const unsharded = JSON.parse(after.stdout)
    expect(unsharded.files).toBe(1)
    expect(unsharded.events).toBe(forShard1)
    expect(unsharded.source.objects.alreadyTaken).toBe(unsharded.source.objects.listed - 1)
    const again = JSON.parse((await cairn(['collect', ...s3Flags(whole), '--data-dir', data, '--output', 'json'])).stdout)
    expect(again.files).toBe(0)
    expect(again.events).toBe(0)
    expect((await lakeEvents(data)).filter((e) => e.startsWith('new-'))).toHaveLength(forShard1 + forShard2)
  }, 300_000)

  it('a file trail splits the same way', async () => {
    const reference = join(dir, 'files-unsharded')
    const one = await cairn(['collect', '--path', logs, '--data-dir', reference, '--output', 'json'])
    expect(one.code, one.stderr).toBe(0)
    const data = join(dir, 'files-sharded')
    const runs = await Promise.all(SHARDS.map((i) => cairn(['collect', '--path', logs, '--shard', `${i}/3`, '--data-dir', data, '--output', 'json'])))
    const summaries = runs.map((run) => {
      expect(run.code, run.stderr).toBe(0)
      return JSON.parse(run.stdout)
    })
    expect(await lakeEvents(data)).toEqual(await lakeEvents(reference))
    const files = summaries.map((s) => s.files)
    expect(files.every((n) => n > 0)).toBe(true)
    expect(files.reduce((a, b) => a + b, 0)).toBe(JSON.parse(one.stdout).files)
    // each shard's files are those of its accounts
    for (const [i, s] of summaries.entries()) {
      const expected = keys.filter((k) => owner.get(accountOf(k)!) === i + 1).length
      expect(s.files).toBe(expected)
      expect(s.shard.skippedObjects).toBe(keys.length - expected)
    }

    // an unsharded --overwrite forgets what every shard took in its window, and takes it again
    const lake = await lakeEvents(data)
    const days = [...new Set(lake.map((e) => e.split('|')[3]!))].sort()
    const window = ['--from', `${days[1]}T00:00:00Z`, '--to', `${days[3]}T00:00:00Z`]
    const overwrite = await cairn(['collect', '--path', logs, '--overwrite', ...window, '--data-dir', data, '--output', 'json'])
    expect(overwrite.code, overwrite.stderr).toBe(0)
    expect(JSON.parse(overwrite.stdout).events).toBeGreaterThan(1_000)
    expect(await lakeEvents(data)).toEqual(lake)
    const state = readdirSync(join(data, 'state', 'default'))
    expect(state.filter((name) => name.includes('.shard-'))).toEqual([])
    const rerun = JSON.parse((await cairn(['collect', '--path', logs, '--shard', '3/3', '--data-dir', data, '--output', 'json'])).stdout)
    expect(rerun.files).toBe(0)
  }, 300_000)
})

describe('cairn collect --shard: what it refuses', () => {
  let dir: string
  let trail: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-shard-refuse-'))
    trail = join(dir, 'trail')
    await generateTrail({ outDir: trail, events: 300, seed: 3, days: 2 })
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('bad shard numbers are usage errors', async () => {
    for (const [shard, message] of [
      ['0/3', "'0/3': shards are numbered from 1 to 3"],
      ['4/3', "'4/3': shards are numbered from 1 to 3"],
      ['x', "'x' is not <i>/<n>"],
    ]) {
      const run = await cairn(['collect', '--path', trail, '--shard', shard!, '--data-dir', join(dir, 'bad')])
      expect(run.code).toBe(1)
      expect(run.stderr).toContain(`option '--shard <i/n>' argument '${shard}' is invalid. ${message}`)
    }
  })

  it('a CloudWatch log group and --overwrite are not sharded', async () => {
    const cw = await cairn(['collect', '--source', 'cloudwatch', '--log-group', 'trail', '--shard', '1/2', '--data-dir', join(dir, 'cw')])
    expect(cw.code).toBe(1)
    expect(cw.stderr).toContain('reads a CloudWatch log group, which is not split: collect it without --shard')
    const overwrite = await cairn(['collect', '--path', trail, '--shard', '1/2', '--overwrite', '--data-dir', join(dir, 'ow')])
    expect(overwrite.code).toBe(1)
    expect(overwrite.stderr).toContain('--overwrite deletes the rows of every account: run it without --shard')
  })

  it('shards of one split share a data dir; an unsharded collect or another split does not', async () => {
    const data = join(dir, 'locks')
    await mkdir(data, { recursive: true })
    // a lock held by a live process (this test's): the collect must wait for it, or, for a sibling shard, not
    const held = async (name: string, args: string[]) => {
      await writeFile(join(data, name), String(process.pid))
      try {
        return await cairn(['collect', '--path', trail, '--data-dir', data, ...args])
      } finally {
        await rm(join(data, name), { force: true })
      }
    }
    const sibling = await held('.collect.shard-1-of-3.lock', ['--shard', '2/3'])
    expect(sibling.code, sibling.stderr).toBe(0)
    const whole = await held('.collect.lock', ['--shard', '2/3'])
    expect(whole.code).toBe(1)
    expect(whole.stderr).toContain(`another cairn collect (an unsharded collect, pid ${process.pid}) is writing to ${data}`)
    const otherSplit = await held('.collect.shard-1-of-4.lock', ['--shard', '2/3'])
    expect(otherSplit.code).toBe(1)
    expect(otherSplit.stderr).toContain('(shard 1/4, pid')
    expect(otherSplit.stderr).toContain('shards of different splits may share accounts')
    const unsharded = await held('.collect.shard-3-of-3.lock', [])
    expect(unsharded.code).toBe(1)
    expect(unsharded.stderr).toContain('an unsharded collect writes every account')
    expect(readdirSync(data).filter((n) => n.endsWith('.lock'))).toEqual([])
  })
})

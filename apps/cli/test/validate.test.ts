import { readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCairn } from './support/run-cairn.js'
import {
  type BuiltChain,
  buildSignedChain,
  type ChainSpec,
  newSigningKey,
  publicKeyList,
  S3RVER_CREDENTIALS,
  type S3rverProcess,
  type SigningKey,
  startS3rver,
} from '@cairn/test-servers'

const env = { AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey }
const cairn = (args: string[]) => runCairn(args, env)
const START = '2026-03-01T10:00:00Z'
const END = '2026-03-01T16:00:00Z'

interface CloudTrailCall {
  target?: string
  body: Record<string, unknown>
}

/** A CloudTrail endpoint speaking the JSON 1.1 protocol, answering ListPublicKeys in two pages. */
function fakeCloudTrail(keys: SigningKey[]): Promise<{ server: Server; endpoint: string; calls: CloudTrailCall[] }> {
  const calls: CloudTrailCall[] = []
  const server = createServer((req, res) => {
    let text = ''
    req.setEncoding('utf8').on('data', (d: string) => {
      text += d
    })
    req.on('end', () => {
      const target = req.headers['x-amz-target'] as string | undefined
      const body = JSON.parse(text || '{}') as Record<string, unknown>
      calls.push({ target, body })
      res.setHeader('content-type', 'application/x-amz-json-1.1')
      if (target !== 'CloudTrail_20131101.ListPublicKeys') {
        res.statusCode = 400
        res.end(JSON.stringify({ __type: 'UnknownOperationException', message: `unknown ${target}` }))
        return
      }
      const page = body.NextToken === 'page-2' ? 1 : 0
      const key = keys[page]!
      res.end(
        JSON.stringify({
          PublicKeyList: [{ Value: key.publicKeyBase64, ValidityStartTime: 1577836800, ValidityEndTime: 1893456000, Fingerprint: key.fingerprint }],
          ...(page === 0 ? { NextToken: 'page-2' } : {}),
        }),
      )
    })
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls })),
  )
}

describe('cairn validate (s3rver, signed chains made in the test)', () => {
  let dir: string
  let server: S3rverProcess
  let client: S3Client
  let signingKey: SigningKey
  let spec: ChainSpec
  let chain: BuiltChain
  let keysFile: string
  let cloudTrail: Awaited<ReturnType<typeof fakeCloudTrail>>
  const s3Flags = () => ['--bucket', spec.bucket, '--prefix', spec.prefix!, '--endpoint', server.endpoint, '--force-path-style']
  const range = () => ['--trail-arn', chain.trailArn, '--start-time', START, '--end-time', END]

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-validate-'))
    server = await startS3rver(join(dir, 's3rver'))
    client = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3RVER_CREDENTIALS })
    signingKey = newSigningKey()
    spec = {
      bucket: 'trail-bucket',
      prefix: 'logs',
      accountId: '111122223333',
      region: 'eu-west-1',
      trailName: 'main',
      homeRegion: 'us-east-1',
      start: new Date(START),
      hours: 6,
      logsPerHour: 3,
    }
    chain = buildSignedChain(spec, signingKey)
    await client.send(new CreateBucketCommand({ Bucket: spec.bucket }))
    for (const o of chain.objects) {
      await client.send(new PutObjectCommand({ Bucket: spec.bucket, Key: o.key, Body: o.body, Metadata: o.metadata }))
    }
    keysFile = join(dir, 'keys.json')
    await writeFile(keysFile, publicKeyList([signingKey]))
    cloudTrail = await fakeCloudTrail([newSigningKey(), signingKey])
  }, 60_000)

  afterAll(async () => {
    client?.destroy()
    await new Promise((r) => cloudTrail?.server.close(r))
    await server?.stop()
    await rm(dir, { recursive: true, force: true })
  })

  it('an intact trail: the AWS CLI summary, --verbose lines, exit 0', async () => {
    const run = await cairn(['validate', ...range(), ...s3Flags(), '--public-keys', keysFile, '--verbose'])
    expect(run.code, run.stderr).toBe(0)
    const lines = run.stdout.split('\n')
    expect(lines[0]).toBe(`Validating log files for trail ${chain.trailArn} between 2026-03-01T10:00:00Z and 2026-03-01T16:00:00Z`)
    expect(lines.filter((l) => l.startsWith('Digest file\t') && l.endsWith('\tvalid'))).toHaveLength(6)
    expect(lines.filter((l) => l.startsWith('Log file\t') && l.endsWith('\tvalid'))).toHaveLength(18)
    expect(run.stdout).toContain(
      'Results requested for 2026-03-01T10:00:00Z to 2026-03-01T16:00:00Z\nResults found for 2026-03-01T10:00:00Z to 2026-03-01T16:00:00Z:\n\n6/6 digest files valid\n18/18 log files valid\n',
    )
    expect(run.stderr).toBe('')
  })

  it('ListPublicKeys through a local CloudTrail endpoint (the real SDK client, every page)', async () => {
    cloudTrail.calls.length = 0
    const run = await cairn(['validate', ...range(), ...s3Flags(), '--cloudtrail-endpoint', cloudTrail.endpoint, '--output', 'json'])
    expect(run.code, run.stderr).toBe(0)
    expect(cloudTrail.calls.map((c) => c.target)).toEqual(['CloudTrail_20131101.ListPublicKeys', 'CloudTrail_20131101.ListPublicKeys'])
    expect(cloudTrail.calls[0]!.body).toMatchObject({ StartTime: Date.parse(START) / 1000, EndTime: Date.parse(END) / 1000 })
    const report = JSON.parse(run.stdout) as { valid: boolean; totals: unknown; records: { type: string }[] }
    expect(report.valid).toBe(true)
    expect(report.totals).toEqual({ digestFiles: { valid: 6, invalid: 0 }, logFiles: { valid: 18, invalid: 0 }, gaps: 0 })
    expect(report.records).toHaveLength(24)
  })

  it('tampering found online and, from a data dir made by cairn collect --source s3, offline', async () => {
    const modified = chain.logs[1]![2]!
    const body = chain.objects.find((o) => o.key === modified)!.body
    const records = JSON.parse(gunzipSync(body).toString()) as { Records: { eventName: string }[] }
    records.Records[1]!.eventName = 'DeleteTrail'
    await client.send(new PutObjectCommand({ Bucket: spec.bucket, Key: modified, Body: gzipSync(JSON.stringify(records)) }))
    const deletedDigest = chain.digests[3]!
    await client.send(new DeleteObjectCommand({ Bucket: spec.bucket, Key: deletedDigest }))
    const expected = [
      `Digest file\ts3://${spec.bucket}/${deletedDigest}\tINVALID: not found`,
      `Log file\ts3://${spec.bucket}/${modified}\tINVALID: hash value doesn't match`,
    ]

    const online = await cairn(['validate', ...range(), ...s3Flags(), '--public-keys', keysFile])
    expect(online.code).toBe(1)
    expect(online.stderr.split('\n').filter(Boolean)).toEqual(expected)
    expect(online.stdout).toContain('\n5/6 digest files valid, 1/6 digest files INVALID\n14/15 log files valid, 1/15 log files INVALID\n')

    const data = join(dir, 'lake')
    const collect = await cairn(['collect', '--source', 's3', ...s3Flags(), '--from', START, '--to', END, '--data-dir', data, '--output', 'json'])
    expect(collect.code, collect.stderr).toBe(0)
    const hashLines = readdirSync(join(data, 'hashes')).flatMap((f) => readFileSync(join(data, 'hashes', f), 'utf8').trim().split('\n'))
    expect(hashLines).toHaveLength(chain.objects.length - 1)
    const offline = await cairn(['validate', ...range(), '--data-dir', data, '--endpoint', cloudTrail.endpoint])
    expect(offline.code).toBe(1)
    expect(offline.stderr.split('\n').filter(Boolean)).toEqual(
      expected.map((l) => l.replace('INVALID: not found', 'INVALID: not found (not in the data dir)')),
    )
    expect(offline.stdout).toContain('\n5/6 digest files valid, 1/6 digest files INVALID\n14/15 log files valid, 1/15 log files INVALID\n')
  }, 60_000)

  it('names what is wrong with its arguments', async () => {
    const both = await cairn(['validate', ...range(), ...s3Flags(), '--data-dir', dir, '--public-keys', keysFile])
    expect(both.code).toBe(1)
    expect(both.stderr).toContain('give either --bucket')
    const arn = await cairn(['validate', '--trail-arn', 'nope', '--start-time', START, ...s3Flags(), '--public-keys', keysFile])
    expect(arn.stderr).toContain("'nope' is not a trail ARN")
  })
})

// The S3 part of `pnpm bench` (issue 3): collect throughput from a trail bucket on s3rver beside the same files
// collected from disk, and the LIST calls a one-day window makes in buckets of one month and one year of history.
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { gzipSync } from 'node:zlib'
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { S3RVER_CREDENTIALS, startS3rver } from '@cairn/test-servers'

const DAY_MS = 86_400_000
const env = { ...process.env, AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey }

function collect(cli, args) {
  const started = performance.now()
  const result = spawnSync(process.execPath, [cli, 'collect', ...args, '--output', 'json'], { encoding: 'utf8', env, maxBuffer: 1 << 28 })
  const seconds = (performance.now() - started) / 1000
  if (result.status !== 0) throw new Error(`cairn collect ${args.join(' ')} exited ${result.status}: ${result.stderr}`)
  return { summary: JSON.parse(result.stdout), seconds }
}

async function putAll(client, bucket, objects, concurrency = 16) {
  let next = 0
  const worker = async () => {
    while (next < objects.length) {
      const { key, body } = objects[next++]
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body() }))
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
}

/** A bucket of `days` days of history: one small log file per account, region and day, as a quiet org delivers. */
function historyObjects(days, end) {
  const accounts = [
    ['o-bench1', '111111111111'],
    ['o-bench1', '222222222222'],
    ['o-bench1', '333333333333'],
    [undefined, '444444444444'],
  ]
  const regions = ['us-east-1', 'eu-west-1', 'ap-southeast-2']
  const objects = []
  for (let d = 0; d < days; d++) {
    const time = new Date(end - (d + 1) * DAY_MS + 12 * 3_600_000)
    const [y, m, dd] = time.toISOString().slice(0, 10).split('-')
    for (const [org, account] of accounts) {
      for (const region of regions) {
        const base = `AWSLogs/${org ? `${org}/` : ''}${account}/CloudTrail/${region}/${y}/${m}/${dd}/`
        const name = `${account}_CloudTrail_${region}_${y}${m}${dd}T1200Z_bench${d}.json.gz`
        const record = {
          eventVersion: '1.11',
          eventTime: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
          eventSource: 's3.amazonaws.com',
          eventName: 'GetBucketAcl',
          awsRegion: region,
          sourceIPAddress: '203.0.113.7',
          userIdentity: { type: 'AWSService', invokedBy: 'cloudtrail.amazonaws.com' },
          eventID: `${account}-${region}-${d}`,
          eventType: 'AwsApiCall',
          recipientAccountId: account,
          readOnly: true,
          managementEvent: true,
          eventCategory: 'Management',
        }
        objects.push({ key: base + name, body: () => gzipSync(JSON.stringify({ Records: [record] })) })
      }
    }
  }
  return objects
}

/**
 * Runs the S3 benchmarks against a fresh s3rver under `work`. `logs` is a generated trail (S3 layout) that is
 * also collected from disk in the same run, so the two throughputs are side by side.
 */
export async function benchS3({ cli, work, logs, events }) {
  const root = join(work, 's3')
  rmSync(root, { recursive: true, force: true })
  const server = await startS3rver(join(root, 's3rver'))
  const client = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3RVER_CREDENTIALS })
  try {
    const s3Flags = (bucket) => ['--source', 's3', '--bucket', bucket, '--endpoint', server.endpoint, '--force-path-style', '--region', 'us-east-1']

    process.stderr.write(`s3: uploading the ${events}-event trail to s3rver\n`)
    await client.send(new CreateBucketCommand({ Bucket: 'trail' }))
    const files = readdirSync(logs, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name))
    await putAll(
      client,
      'trail',
      files.map((file) => ({ key: relative(logs, file).split(sep).join('/'), body: () => readFileSync(file) })),
    )
    process.stderr.write('s3: collecting from s3rver and from disk\n')
    const fromS3 = collect(cli, [...s3Flags('trail'), '--data-dir', join(root, 'data-s3')])
    const fromDisk = collect(cli, ['--source', 'file', '--path', logs, '--data-dir', join(root, 'data-disk')])

    const end = Date.parse('2026-11-30T00:00:00Z')
    const windows = []
    for (const days of [30, 365]) {
      const bucket = `history-${days}`
      process.stderr.write(`s3: a bucket of ${days} days of history\n`)
      await client.send(new CreateBucketCommand({ Bucket: bucket }))
      const objects = historyObjects(days, end)
      await putAll(client, bucket, objects)
      const from = new Date(end - 3 * DAY_MS).toISOString()
      const to = new Date(end - 2 * DAY_MS).toISOString()
      const day = collect(cli, [...s3Flags(bucket), '--from', from, '--to', to, '--data-dir', join(root, `data-${bucket}-day`)])
      const all = collect(cli, [...s3Flags(bucket), '--data-dir', join(root, `data-${bucket}-all`)])
      windows.push({ days, objects: objects.length, day, all })
    }
    return { fromS3, fromDisk, windows }
  } finally {
    client.destroy()
    await server.stop()
    rmSync(root, { recursive: true, force: true })
  }
}

/** BENCHMARKS.md lines for `benchS3`'s figures. */
export function s3Section(r, fmt) {
  const eps = (run) => run.summary.events / run.seconds
  const mbps = (run) => run.summary.bytes / 2 ** 20 / run.seconds
  const [month, year] = r.windows
  const listGrowth = year.day.summary.source.objects.listCalls / month.day.summary.source.objects.listCalls
  return [
    '## S3 trail bucket (s3rver on 127.0.0.1) — issue 3',
    '',
    'The same generated trail, uploaded to s3rver and collected with `cairn collect --source s3`, beside the files',
    'collected from disk in the same run. s3rver is a single Node process serving files from disk, so this measures',
    'the collector against a slow S3, not S3 itself.',
    '',
    '| source | events | objects | wall s | events/s | MB/s | peak RSS | LIST calls |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...[
      ['s3 (s3rver)', r.fromS3],
      ['local files', r.fromDisk],
    ].map(
      ([name, run]) =>
        `| ${name} | ${fmt(run.summary.events)} | ${fmt(run.summary.files)} | ${fmt(run.seconds, 1)} | ${fmt(eps(run))} | ${fmt(mbps(run), 1)} | ${fmt(run.summary.peakRssBytes / 2 ** 20)} MB | ${fmt(run.summary.source?.objects?.listCalls ?? 0)} |`,
    ),
    '',
    `S3 / local throughput: ${fmt(eps(r.fromS3) / eps(r.fromDisk), 2)}x.`,
    '',
    'LIST calls for a one-day `--from/--to` window, in buckets of 4 accounts (3 under an org id) × 3 regions with one',
    'log file per account, region and day, beside a collect of the whole bucket:',
    '',
    '| history | objects | one-day window: LIST calls | objects listed | events | whole bucket: LIST calls |',
    '|---:|---:|---:|---:|---:|---:|',
    ...r.windows.map(
      (w) =>
        `| ${w.days} days | ${fmt(w.objects)} | ${fmt(w.day.summary.source.objects.listCalls)} | ${fmt(w.day.summary.source.objects.listed)} | ${fmt(w.day.summary.events)} | ${fmt(w.all.summary.source.objects.listCalls)} |`,
    ),
    '',
    `One-day window, 365 days of history / 30 days: ${fmt(listGrowth, 2)}x the LIST calls (target: does not grow with history: ${listGrowth <= 1 ? 'met' : '**falls short**'}).`,
    '',
  ]
}

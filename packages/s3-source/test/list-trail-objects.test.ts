import { afterAll, describe, expect, inject, it } from 'vitest'
import { listTrailObjects, type S3TrailObject } from '../src/index.js'
import { testS3Client } from './support/s3-clients.js'
import {
  expectedKeys,
  ORG_ACCOUNTS,
  ORG_ID,
  PAGED_EXTRA_LOGS,
  PAGED_FOLDER,
  PLAIN_ACCOUNT,
  TRAIL_BUCKET,
  TRAIL_PREFIX,
  trailBucketObjects,
} from './support/trail-bucket.js'

const client = testS3Client(inject('s3Endpoint'), 3)
const seeded = trailBucketObjects()
afterAll(() => client.destroy())

async function list(options: Omit<Parameters<typeof listTrailObjects>[1], 'bucket'>) {
  const listCalls: string[] = []
  const objects: S3TrailObject[] = []
  for await (const object of listTrailObjects(client, {
    bucket: TRAIL_BUCKET,
    ...options,
    onListCall: (prefix) => listCalls.push(prefix),
  })) {
    objects.push(object)
  }
  return { objects, keys: objects.map((object) => object.key), listCalls }
}

const day = (text: string) => new Date(`${text}T00:00:00Z`)

describe('listTrailObjects', () => {
  it('lists every log, Insights file and digest below the prefix, in key order, and nothing else', async () => {
    const { keys, objects } = await list({ prefix: TRAIL_PREFIX })
    expect(keys.length).toBeGreaterThan(2800)
    expect(keys).toEqual(expectedKeys(seeded, { prefix: TRAIL_PREFIX }))
    expect([...keys].sort()).toEqual(keys)
    const ofKind = (kind: string) => objects.filter((object) => object.kind === kind).map((object) => object.key)
    expect(ofKind('log').every((key) => key.includes('/CloudTrail/'))).toBe(true)
    expect(ofKind('digest').every((key) => key.includes('/CloudTrail-Digest/'))).toBe(true)
    expect(ofKind('insight').map((key) => key.includes('/CloudTrail-Insight/'))).toEqual([true, true, true, true])
    expect(ofKind('log').length + ofKind('digest').length + 4).toBe(keys.length)
  })

  it('describes each object: size, ETag, date, kind, fields and time span', async () => {
    const { objects } = await list({ prefix: TRAIL_PREFIX, from: day('2024-02-01'), to: day('2024-02-02') })
    const log = objects.find((object) => object.kind === 'log' && object.fields.account_id === '222222222222')!
    const seededLog = seeded.find((object) => object.key === log.key)!
    expect(log).toMatchObject({
      bucket: TRAIL_BUCKET,
      size: seededLog.body.byteLength,
      fields: { org_id: ORG_ID, account_id: '222222222222', year: '2024', month: '02', day: '01' },
      time: { start: day('2024-02-01'), end: day('2024-02-02') },
    })
    expect(log.etag).toMatch(/^"[0-9a-f]{32}"$/)
    expect(log.lastModified).toBeInstanceOf(Date)
    const plain = objects.find((object) => object.fields.account_id === '444444444444')!
    expect(plain.fields).not.toHaveProperty('org_id')
    expect(plain.fields.region).toBe('ap-southeast-2')
  })

  it('lists a one-day window with a few LIST calls, none outside the window', async () => {
    const from = day('2024-01-31')
    const to = day('2024-02-01')
    const { keys, listCalls } = await list({ prefix: TRAIL_PREFIX, from, to })
    expect(keys).toEqual(expectedKeys(seeded, { prefix: TRAIL_PREFIX, from, to }))
    expect(keys.length).toBe(7 * (4 + 24) + 2)
    // The prefix, AWSLogs/, the org, 4 accounts, their 9 kind folders (CloudTrail, -Digest, -Insight) that exist,
    // then one day folder per account, kind and region: 7 logs + 7 digests + 1 Insights. No year is ever listed.
    expect(listCalls).toHaveLength(3 + 4 + 9 + 15)
    expect(new Set(listCalls).size).toBe(listCalls.length)
    const dated = listCalls.filter((prefix) => /\/\d{4}\//.test(prefix))
    expect(dated.length).toBeGreaterThan(0)
    for (const prefix of dated) expect(prefix).toMatch(/\/2024\/01\/31\/$/)
    expect(listCalls.filter((prefix) => /\/(Config|vpcflowlogs|elasticloadbalancing)\//.test(prefix))).toEqual([])
  })

  it('lists a window across a month boundary', async () => {
    const from = new Date('2024-01-31T12:00:00Z')
    const to = new Date('2024-02-01T06:00:00Z')
    const { keys, listCalls } = await list({ prefix: TRAIL_PREFIX, from, to })
    expect(keys).toEqual(expectedKeys(seeded, { prefix: TRAIL_PREFIX, from, to }))
    expect(new Set(keys.map((key) => key.match(/\/(\d{4}\/\d{2}\/\d{2})\//)?.[1]))).toEqual(
      new Set(['2024/01/31', '2024/02/01']),
    )
    for (const prefix of listCalls.filter((prefix) => /\/\d{4}\//.test(prefix))) {
      expect(prefix).toMatch(/\/(2024\/01\/31|2024\/02\/01)\/$/)
    }
  })

  it('prunes years and months by an open-ended window', async () => {
    const from = day('2024-03-01')
    const { keys, listCalls } = await list({ prefix: TRAIL_PREFIX, from })
    expect(keys).toEqual(expectedKeys(seeded, { prefix: TRAIL_PREFIX, from }))
    expect(keys.every((key) => key.includes('/2024/03/10/'))).toBe(true)
    expect(listCalls.some((prefix) => prefix.includes('/2023/') || prefix.includes('/2024/01/'))).toBe(false)
  })

  it('takes the prefix with or without its trailing slash, and only the keys below it', async () => {
    const withSlash = await list({ prefix: 'org-trails/', from: day('2024-01-30'), to: day('2024-01-31') })
    const withoutSlash = await list({ prefix: 'org-trails', from: day('2024-01-30'), to: day('2024-01-31') })
    expect(withoutSlash.keys).toEqual(withSlash.keys)
    expect(withSlash.keys.every((key) => key.startsWith('org-trails/AWSLogs/'))).toBe(true)
    const root = await list({})
    expect(root.keys).toEqual(expectedKeys(seeded, { prefix: '' }))
    expect(root.keys).toHaveLength(2)
    expect(root.listCalls).not.toContain('org-trails/')
    expect(root.listCalls).not.toContain('other-trails/')
  })

  it('pages through a folder of more than 1000 keys', async () => {
    const { keys, listCalls } = await list({
      prefix: TRAIL_PREFIX,
      from: day('2024-01-30'),
      to: day('2024-01-31'),
      kinds: ['log'],
    })
    const paged = keys.filter((key) => key.startsWith(PAGED_FOLDER))
    expect(paged).toHaveLength(PAGED_EXTRA_LOGS + 4)
    expect(new Set(paged).size).toBe(paged.length)
    expect(listCalls.filter((prefix) => prefix === PAGED_FOLDER)).toHaveLength(2)
    expect(keys).toEqual(
      expectedKeys(seeded, { prefix: TRAIL_PREFIX, from: day('2024-01-30'), to: day('2024-01-31'), kinds: ['log'] }),
    )
    expect(listCalls.some((prefix) => prefix.includes('CloudTrail-Digest/'))).toBe(false)
  })

  it('follows a custom log layout, pruning the folders it cannot match', async () => {
    const fileLayout =
      'AWSLogs/(%{DATA:org_id}/)?%{NUMBER:account_id}/CloudTrail/us-east-1/%{YEAR:year}/%{MONTHNUM:month}/%{MONTHDAY:day}/%{DATA}.json.gz'
    const { objects, listCalls } = await list({
      prefix: TRAIL_PREFIX,
      fileLayout,
      kinds: ['log'],
      from: day('2024-02-01'),
      to: day('2024-02-02'),
    })
    const keys = objects.map((object) => object.key)
    expect(keys).toEqual(
      expectedKeys(seeded, {
        prefix: TRAIL_PREFIX,
        from: day('2024-02-01'),
        to: day('2024-02-02'),
        kinds: ['log'],
      }).filter((key) => key.includes('/CloudTrail/us-east-1/')),
    )
    expect(keys).toHaveLength(ORG_ACCOUNTS.length * 4)
    expect(objects.every((object) => object.fields.region === undefined)).toBe(true)
    expect(listCalls.some((prefix) => prefix.includes('eu-west-1') || prefix.includes('CloudTrail-Digest'))).toBe(false)
  })

  it('skips the folders keepFolder refuses by their fields, without listing them', async () => {
    const kept = new Set(['222222222222', PLAIN_ACCOUNT])
    const asked: string[] = []
    const window = { from: day('2024-02-01'), to: day('2024-02-02') }
    const { objects, listCalls } = await list({
      prefix: TRAIL_PREFIX,
      ...window,
      keepFolder: (fields, folder) => {
        asked.push(folder)
        return fields.account_id === undefined || kept.has(fields.account_id)
      },
    })
    expect(objects.map((object) => object.key)).toEqual(
      expectedKeys(seeded, { prefix: TRAIL_PREFIX, ...window }).filter((key) => [...kept].some((a) => key.includes(`/${a}/`))),
    )
    expect(objects.some((object) => object.fields.account_id === PLAIN_ACCOUNT)).toBe(true)
    for (const skipped of ['111111111111', '333333333333']) {
      expect(asked).toContain(`${TRAIL_PREFIX}AWSLogs/${ORG_ID}/${skipped}/`)
      expect(listCalls.some((prefix) => prefix.includes(`/${skipped}/`))).toBe(false)
    }
  })

  it('names the prefix when a listing fails', async () => {
    const missing = listTrailObjects(client, { bucket: 'no-such-bucket', prefix: 'logs' })
    await expect(missing.next()).rejects.toThrow(/Listing s3:\/\/no-such-bucket\/logs\/ failed: NoSuchBucket/)
  })

  it('stops when its signal is aborted', async () => {
    const controller = new AbortController()
    const seen: string[] = []
    const run = async () => {
      for await (const object of listTrailObjects(client, {
        bucket: TRAIL_BUCKET,
        prefix: TRAIL_PREFIX,
        signal: controller.signal,
      })) {
        seen.push(object.key)
        if (seen.length === 10) controller.abort(new Error('enough'))
      }
    }
    await expect(run()).rejects.toThrow('enough')
    expect(seen).toHaveLength(10)
  })
})

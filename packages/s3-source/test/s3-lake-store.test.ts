import { CreateBucketCommand } from '@aws-sdk/client-s3'
import { type FaultProxy, startFaultProxy } from '@cairn/test-servers'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { parseS3Url, S3LakeStore } from '../src/index.js'
import { testS3Client } from './support/s3-clients.js'

const BUCKET = 'lake-store-test'
const endpoint = inject('s3Endpoint')
const bytesOf = (text: string) => new TextEncoder().encode(text)
const textOf = (buffer: ArrayBuffer) => new TextDecoder().decode(buffer)

describe('S3LakeStore (s3rver)', () => {
  let proxy: FaultProxy
  let store: S3LakeStore

  beforeAll(async () => {
    const client = testS3Client(endpoint)
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }))
    client.destroy()
    proxy = await startFaultProxy(endpoint)
    store = new S3LakeStore({ bucket: BUCKET, prefix: 'lakes/prod', listPageSize: 2 }, testS3Client(proxy.endpoint, 3))
    for (const day of ['2024-05-01', '2024-05-02', '2024-05-03']) {
      for (const n of [0, 1, 2]) {
        await store.writeFileAtomic(`t/tp_partition=p/tp_index=1/tp_date=${day}/data_${n}.parquet`, bytesOf(`${day}#${n}:0123456789`))
      }
    }
    await store.writeFileAtomic('t/tp_partition=p/tp_index=1/top.txt', bytesOf('x'))
  })

  afterAll(async () => {
    store?.destroy()
    await proxy?.close()
  })

  it('lists one level below a path, over pages, as the lake readers expect', async () => {
    proxy.setRules([])
    const index = await store.listDirectory('t/tp_partition=p/tp_index=1')
    expect(index.directories).toEqual([1, 2, 3].map((d) => `t/tp_partition=p/tp_index=1/tp_date=2024-05-0${d}`))
    expect(index.files).toEqual([{ path: 't/tp_partition=p/tp_index=1/top.txt', size: 1 }])
    const day = await store.listDirectory('t/tp_partition=p/tp_index=1/tp_date=2024-05-02')
    expect(day.directories).toEqual([])
    expect(day.files.map((f) => f.path.split('/').at(-1))).toEqual(['data_0.parquet', 'data_1.parquet', 'data_2.parquet'])
    expect(day.files.every((f) => f.size === bytesOf('2024-05-02#0:0123456789').byteLength)).toBe(true)
    // pages of 2 keys: the day's 3 files took 2 ListObjectsV2 requests, each with delimiter /
    expect(proxy.requests.filter((r) => r.operation === 'list' && r.target.endsWith('tp_date=2024-05-02/'))).toHaveLength(2)
    expect((await store.listDirectory('')).directories).toEqual(['t'])
    expect(await store.listDirectory('t/nothing-here')).toEqual({ directories: [], files: [] })
  })

  it('reads whole objects and byte ranges, also from a server that ignores Range', async () => {
    const path = 't/tp_partition=p/tp_index=1/tp_date=2024-05-03/data_1.parquet'
    expect(textOf(await store.readFile(path))).toBe('2024-05-03#1:0123456789')
    proxy.setRules([])
    expect(textOf(await store.readRange(path, 14, 18))).toBe('1234')
    expect(proxy.requests).toEqual([{ operation: 'get', target: `lakes/prod/${path}`, range: 'bytes=14-17' }])
    proxy.setRules([{ fault: 'ignore-range', target: `lakes/prod/${path}`, times: 1 }])
    expect(textOf(await store.readRange(path, 14, 18))).toBe('1234')
  })

  it('retries a read whose body was cut, and names the key when an object is missing', async () => {
    const path = 't/tp_partition=p/tp_index=1/tp_date=2024-05-01/data_2.parquet'
    proxy.setRules([{ fault: 'reset', target: `lakes/prod/${path}`, times: 1 }])
    expect(textOf(await store.readFile(path))).toBe('2024-05-01#2:0123456789')
    await expect(store.readFile('t/missing.parquet')).rejects.toThrow(`s3://${BUCKET}/lakes/prod/t/missing.parquet`)
  })

  it('replaces and deletes objects', async () => {
    const path = 't/tp_partition=p/tp_index=1/tp_date=2024-05-01/data_0.parquet'
    await store.writeFileAtomic(path, bytesOf('new'))
    expect(textOf(await store.readFile(path))).toBe('new')
    await store.deleteFile(path)
    const day = await store.listDirectory('t/tp_partition=p/tp_index=1/tp_date=2024-05-01')
    expect(day.files.map((f) => f.path.split('/').at(-1))).toEqual(['data_1.parquet', 'data_2.parquet'])
  })

  it('parses s3:// URLs and refuses others', () => {
    expect(parseS3Url('s3://bucket/a/b')).toEqual({ bucket: 'bucket', prefix: 'a/b/' })
    expect(parseS3Url('s3://bucket')).toEqual({ bucket: 'bucket', prefix: '' })
    expect(() => parseS3Url('/tmp/lake')).toThrow("'/tmp/lake' is not an S3 URL")
    expect(() => new S3LakeStore({ bucket: 'Bad_Bucket' })).toThrow("'Bad_Bucket' is not a valid S3 bucket name")
  })
})

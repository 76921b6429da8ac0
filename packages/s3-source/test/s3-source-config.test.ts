import { describe, expect, it } from 'vitest'
import { createS3Client, describeS3Source, normalizePrefix, validateS3SourceConfig } from '../src/index.js'

describe('S3 source config', () => {
  it('accepts a prefix with or without a trailing slash', () => {
    expect(normalizePrefix('logs/org')).toBe('logs/org/')
    expect(normalizePrefix('logs/org/')).toBe('logs/org/')
    expect(normalizePrefix('/logs')).toBe('logs/')
    expect(normalizePrefix(undefined)).toBe('')
    expect(describeS3Source({ bucket: 'trail-bucket', prefix: 'org' })).toBe('s3://trail-bucket/org/')
  })
  it('rejects configs that cannot work, naming the problem', () => {
    expect(() => validateS3SourceConfig({ bucket: 'Bad_Bucket' })).toThrow(/not a valid S3 bucket name/)
    expect(() => validateS3SourceConfig({ bucket: 'ok-bucket', endpoint: '127.0.0.1:9000' })).toThrow(/http/)
    expect(() => validateS3SourceConfig({ bucket: 'ok-bucket', from: new Date(2), to: new Date(1) })).toThrow(
      /not before/,
    )
    expect(() => validateS3SourceConfig({ bucket: 'ok-bucket', endpoint: 'http://127.0.0.1:9000' })).not.toThrow()
  })
  it('builds a path-style client for a custom endpoint', async () => {
    const client = createS3Client({ bucket: 'b', endpoint: 'http://127.0.0.1:9000', region: 'eu-west-1' })
    expect(client.config.forcePathStyle).toBe(true)
    expect(await client.config.region()).toBe('eu-west-1')
    client.destroy()
  })
})

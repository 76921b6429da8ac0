import { describe, expect, it } from 'vitest'
import { CLOUDTRAIL_DIGEST_LAYOUT, compileLayout, DEFAULT_LAYOUT } from '../src/index.js'

describe('fieldsFixedBy', () => {
  const layout = compileLayout(DEFAULT_LAYOUT, { prefix: 'trails/team-a' })

  it('reads the account of an organization folder', () => {
    expect(layout.fieldsFixedBy('trails/team-a/AWSLogs/o-abc123/111122223333/')).toEqual({
      org_id: 'o-abc123',
      account_id: '111122223333',
    })
  })

  it('leaves a bare number below AWSLogs/ open: it may be an org id with accounts below', () => {
    expect(layout.fieldsFixedBy('trails/team-a/AWSLogs/111122223333/')).toEqual({})
    expect(layout.fieldsFixedBy('trails/team-a/AWSLogs/111122223333/CloudTrail/')).toEqual({ account_id: '111122223333' })
  })

  it('fixes nothing that the prefix cuts off, and nothing when no key can follow', () => {
    expect(layout.fieldsFixedBy('trails/team-a/AWSLogs/o-abc123/1111')).toEqual({ org_id: 'o-abc123' })
    expect(layout.fieldsFixedBy('trails/team-a/AWSLogs/o-abc123/111122223333/CloudTrail/us-east-1/2024/0')).toEqual({
      org_id: 'o-abc123',
      account_id: '111122223333',
      region: 'us-east-1',
      year: '2024',
    })
    expect(layout.fieldsFixedBy('trails/team-a/AWSLogs/o-abc123/111122223333/Config/')).toEqual({})
    expect(layout.fieldsFixedBy('other/')).toEqual({})
  })

  it('reads every field of a day folder', () => {
    const digests = compileLayout(CLOUDTRAIL_DIGEST_LAYOUT)
    expect(digests.fieldsFixedBy('AWSLogs/o-abc123/111122223333/CloudTrail-Digest/eu-west-1/2024/03/05/')).toEqual({
      org_id: 'o-abc123',
      account_id: '111122223333',
      region: 'eu-west-1',
      year: '2024',
      month: '03',
      day: '05',
    })
  })
})

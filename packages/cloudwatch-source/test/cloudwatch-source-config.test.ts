import { describe, expect, it } from 'vitest'
import {
  createCloudWatchLogsClient,
  selectStreams,
  streamMatches,
  validateCloudWatchSourceConfig,
} from '../src/index.js'

describe('CloudWatch source config', () => {
  it('selects streams by glob', () => {
    expect(streamMatches('111122223333_CloudTrail_*', '111122223333_CloudTrail_us-east-1')).toBe(true)
    expect(streamMatches('111122223333_CloudTrail_us-?ast-1', '111122223333_CloudTrail_us-east-1')).toBe(true)
    expect(streamMatches('*_eu-*', '111122223333_CloudTrail_us-east-1')).toBe(false)
    const names = ['a_CloudTrail_us-east-1', 'b_CloudTrail_eu-west-1']
    expect(selectStreams({}, names)).toEqual(names)
    expect(selectStreams({ logStreams: ['*eu-*'] }, names)).toEqual(['b_CloudTrail_eu-west-1'])
  })
  it('rejects bad configs with a clear message', () => {
    expect(() => validateCloudWatchSourceConfig({ logGroup: 'bad group name!' })).toThrow(/not a valid log group/)
    expect(() =>
      validateCloudWatchSourceConfig({ logGroup: 'aws-cloudtrail-logs', from: new Date(5), to: new Date(1) }),
    ).toThrow(/not before/)
  })
  it('builds a client for a local endpoint', async () => {
    const client = createCloudWatchLogsClient({ logGroup: 'g', endpoint: 'http://127.0.0.1:9001', region: 'eu-west-1' })
    expect(await client.config.region()).toBe('eu-west-1')
    client.destroy()
  })
})

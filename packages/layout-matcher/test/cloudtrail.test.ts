import { describe, expect, it } from 'vitest'
import { CLOUDTRAIL_DIGEST_LAYOUT, CLOUDTRAIL_INSIGHT_LAYOUT, compileLayout, DEFAULT_LAYOUT } from '../src/index.js'

const ACCOUNT_KEY =
  'AWSLogs/111122223333/CloudTrail/us-east-1/2024/03/05/111122223333_CloudTrail_us-east-1_20240305T0000Z_AbCdEf0123456789.json.gz'
const ORG_KEY =
  'AWSLogs/o-xxxxxxxxxx/111122223333/CloudTrail/eu-west-1/2024/03/05/111122223333_CloudTrail_eu-west-1_20240305T0000Z_AbCdEf0123456789.json.gz'
const DIGEST_KEY =
  'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/03/05/111122223333_CloudTrail-Digest_us-east-1_management_us-east-1_20240305T010203Z.json.gz'
const ORG_DIGEST_KEY =
  'AWSLogs/o-xxxxxxxxxx/111122223333/CloudTrail-Digest/us-east-1/2024/03/05/111122223333_CloudTrail-Digest_us-east-1_org_us-east-1_20240305T010203Z.json.gz'
const INSIGHT_KEY =
  'AWSLogs/111122223333/CloudTrail-Insight/us-east-1/2024/03/05/111122223333_CloudTrail-Insight_us-east-1_20240305T0000Z_AbCdEf0123456789.json.gz'
const CONFIG_KEYS = [
  'AWSLogs/111122223333/Config/us-east-1/2024/3/5/ConfigHistory/111122223333_Config_us-east-1_ConfigHistory_AWS::EC2::Instance_20240305T000000Z_20240305T060000Z_1.json.gz',
  'AWSLogs/111122223333/Config/ConfigWritabilityCheckFile',
  'AWSLogs/o-xxxxxxxxxx/111122223333/Config/us-east-1/2024/3/5/ConfigSnapshot/111122223333_Config_us-east-1_ConfigSnapshot_20240305T000000Z_abc.json.gz',
]
const MARCH_5 = { start: new Date('2024-03-05T00:00:00Z'), end: new Date('2024-03-06T00:00:00Z') }

describe('DEFAULT_LAYOUT', () => {
  const layout = compileLayout(DEFAULT_LAYOUT)

  it('matches a single-account trail key without an org id', () => {
    expect(layout.match(ACCOUNT_KEY)).toEqual({
      fields: { account_id: '111122223333', region: 'us-east-1', year: '2024', month: '03', day: '05' },
      time: MARCH_5,
    })
  })

  it('matches an organization trail key with its org id', () => {
    expect(layout.match(ORG_KEY)).toEqual({
      fields: {
        org_id: 'o-xxxxxxxxxx',
        account_id: '111122223333',
        region: 'eu-west-1',
        year: '2024',
        month: '03',
        day: '05',
      },
      time: MARCH_5,
    })
  })

  it('lists its fields', () => {
    expect(layout.fieldNames).toEqual(['org_id', 'account_id', 'region', 'year', 'month', 'day'])
    expect(layout.source).toBe(DEFAULT_LAYOUT)
  })

  it.each([
    ['digest', DIGEST_KEY],
    ['org digest', ORG_DIGEST_KEY],
    ['insight', INSIGHT_KEY],
    ...CONFIG_KEYS.map((key) => ['Config', key]),
    [
      'vpc flow log',
      'AWSLogs/111122223333/vpcflowlogs/us-east-1/2024/03/05/111122223333_vpcflowlogs_us-east-1_fl-1_20240305T0000Z_1.log.gz',
    ],
    ['uncompressed', ACCOUNT_KEY.replace('.json.gz', '.json')],
    ['month 13', ACCOUNT_KEY.replace('/2024/03/', '/2024/13/')],
    ['two-digit year', ACCOUNT_KEY.replace('/2024/', '/24/')],
    ['region spanning folders', ACCOUNT_KEY.replace('us-east-1', 'us/east')],
    ['missing AWSLogs', ACCOUNT_KEY.slice('AWSLogs/'.length)],
  ])('does not match a %s key', (_kind, key) => {
    expect(layout.match(key)).toBeUndefined()
  })

  it('matches a key with an invalid calendar date but gives it no time', () => {
    expect(layout.match(ACCOUNT_KEY.replace('/03/05/', '/02/30/'))).toEqual({
      fields: { account_id: '111122223333', region: 'us-east-1', year: '2024', month: '02', day: '30' },
    })
  })

  it.each(['cloudtrail-bucket/team-a/', 'cloudtrail-bucket/team-a'])('matches below bucket prefix %j', (prefix) => {
    const prefixed = compileLayout(DEFAULT_LAYOUT, { prefix })
    expect(prefixed.match(`cloudtrail-bucket/team-a/${ORG_KEY}`)?.fields.org_id).toBe('o-xxxxxxxxxx')
    expect(prefixed.match(`cloudtrail-bucket/team-a/${ACCOUNT_KEY}`)?.time).toEqual(MARCH_5)
    expect(prefixed.match(ACCOUNT_KEY)).toBeUndefined()
    expect(prefixed.match(`cloudtrail-bucket/team-b/${ACCOUNT_KEY}`)).toBeUndefined()
    expect(prefixed.canMatchBelow('cloudtrail-bucket/')).toBe(true)
    expect(prefixed.canMatchBelow('cloudtrail-bucket/team-a/AWSLogs/111122223333/')).toBe(true)
    expect(prefixed.canMatchBelow('cloudtrail-bucket/team-b/')).toBe(false)
    expect(prefixed.canMatchBelow('AWSLogs/')).toBe(false)
  })
})

describe('sibling layouts', () => {
  it('CLOUDTRAIL_DIGEST_LAYOUT matches digests only', () => {
    const layout = compileLayout(CLOUDTRAIL_DIGEST_LAYOUT)
    expect(layout.match(DIGEST_KEY)).toEqual({
      fields: { account_id: '111122223333', region: 'us-east-1', year: '2024', month: '03', day: '05' },
      time: MARCH_5,
    })
    expect(layout.match(ORG_DIGEST_KEY)?.fields.org_id).toBe('o-xxxxxxxxxx')
    expect(layout.match(ACCOUNT_KEY)).toBeUndefined()
    expect(layout.match(INSIGHT_KEY)).toBeUndefined()
    expect(layout.canMatchBelow('AWSLogs/111122223333/CloudTrail/')).toBe(false)
    expect(layout.canMatchBelow('AWSLogs/111122223333/CloudTrail-Digest/')).toBe(true)
  })

  it('CLOUDTRAIL_INSIGHT_LAYOUT matches insights only', () => {
    const layout = compileLayout(CLOUDTRAIL_INSIGHT_LAYOUT)
    expect(layout.match(INSIGHT_KEY)?.fields).toEqual({
      account_id: '111122223333',
      region: 'us-east-1',
      year: '2024',
      month: '03',
      day: '05',
    })
    expect(layout.match(ACCOUNT_KEY)).toBeUndefined()
    expect(layout.match(DIGEST_KEY)).toBeUndefined()
    expect(layout.canMatchBelow('AWSLogs/111122223333/CloudTrail-Insight/')).toBe(true)
    expect(layout.canMatchBelow('AWSLogs/111122223333/CloudTrail-Digest/')).toBe(false)
  })
})

import { readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EventIdSet } from '../src/index.js'
import {
  chunksOf,
  DIGESTS,
  EDGE_CASES,
  FIXTURES,
  fixtureName,
  INVICTUS,
  listFiles,
  readAll,
  readFixture,
  reasons,
  STRATUS,
} from './helpers.js'

// Counted independently (Python: json.load of each file, records with a non-empty eventID and an ISO eventTime, or
// Logstash's @timestamp): 2,900 + 310 + 103 + 6 events, all eventIDs distinct.
const INVICTUS_ROWS: Record<string, number> = {
  '218007301253_CloudTrail_us-east-1_20230710T1145Z_7xgocspSowgK0Gto.json': 29,
  '218007301253_CloudTrail_us-east-1_20230710T1145Z_s7dpHbl38neqZbm2.json': 51,
  '218007301253_CloudTrail_us-east-1_20230710T1150Z_1vnLavRRp0ek1mP4.json': 2,
  '218007301253_CloudTrail_us-east-1_20230710T1200Z_iLj9fb7yyUG9X4Bf.json': 394,
  '218007301253_CloudTrail_us-east-1_20230710T1200Z_x9kHmzMa7cx6l9wM.json': 132,
  '218007301253_CloudTrail_us-east-1_20230710T1205Z_1dM7GQM67kudSyGD.json': 13,
  '218007301253_CloudTrail_us-east-1_20230710T1205Z_86g9Vok9HiUCgSI7.json': 19,
  '218007301253_CloudTrail_us-east-1_20230710T1205Z_SjF3IkuNXJkoHyar.json': 26,
  '218007301253_CloudTrail_us-east-1_20230710T1205Z_UljXNp9xLp8nsAGc.json': 55,
  '218007301253_CloudTrail_us-east-1_20230710T1205Z_dOIWyEekdNWhkpqY.json': 26,
  '218007301253_CloudTrail_us-east-1_20230710T1205Z_lKy08gyrqqRJyzsn.json': 1,
  '218007301253_CloudTrail_us-east-1_20230710T1205Z_nx9Yx1FyJdBaTqKj.json': 10,
  '218007301253_CloudTrail_us-east-1_20230710T1205Z_zs3JGxETHr59VpkX.json': 196,
  '218007301253_CloudTrail_us-east-1_20230710T1210Z_2ru8PrDKZmsO3yWC.json': 3,
  '218007301253_CloudTrail_us-east-1_20230710T1210Z_6CICdbJQM3beT7n3.json': 246,
  '218007301253_CloudTrail_us-east-1_20230710T1210Z_QY5iPRtGUt0EpVaH.json': 69,
  '218007301253_CloudTrail_us-east-1_20230710T1210Z_RBxlxVrF890sGHGg.json': 20,
  '218007301253_CloudTrail_us-east-1_20230710T1210Z_ZgEBhdXGdLTXGoIe.json': 1,
  '218007301253_CloudTrail_us-east-1_20230710T1210Z_bXGZYqBeCCsqWq1U.json': 6,
  '218007301253_CloudTrail_us-east-1_20230710T1210Z_vj0QE0Tf5ZmzMsCo.json': 149,
  '218007301253_CloudTrail_us-east-1_20230710T1215Z_5f9a6SYejzdNeREZ.json': 31,
  '218007301253_CloudTrail_us-east-1_20230710T1215Z_MifI13MOmOjRfXzJ.json': 59,
  '218007301253_CloudTrail_us-east-1_20230710T1215Z_P0WZuP2zvLW2RcUo.json': 33,
  '218007301253_CloudTrail_us-east-1_20230710T1215Z_YMDRJwtmC82bUwAo.json': 156,
  '218007301253_CloudTrail_us-east-1_20230710T1215Z_YxpR6PTmNBivhnJJ.json': 26,
  '218007301253_CloudTrail_us-east-1_20230710T1215Z_Z8x5aqgtcXn5NEG9.json': 117,
  '218007301253_CloudTrail_us-east-1_20230710T1215Z_dTTFsx4I2m3om5Oy.json': 1,
  '218007301253_CloudTrail_us-east-1_20230710T1215Z_nBsuPO1qSTEVerMD.json': 222,
  '218007301253_CloudTrail_us-east-1_20230710T1220Z_8sBQhbu5YO94UV8p.json': 6,
  '218007301253_CloudTrail_us-east-1_20230710T1220Z_AkYyuTYmKtOUB1Lx.json': 12,
  '218007301253_CloudTrail_us-east-1_20230710T1220Z_WMiHxZgr5Hdd6UDc.json': 13,
  '218007301253_CloudTrail_us-east-1_20230710T1220Z_ovtmbuX3ENJ119uH.json': 56,
  '218007301253_CloudTrail_us-east-1_20230710T1220Z_r7NFD65BgeDMqD23.json': 71,
  '218007301253_CloudTrail_us-east-1_20230710T1220Z_sM25jC0Ku0QcGkDa.json': 10,
  '218007301253_CloudTrail_us-east-1_20230710T1225Z_4iD2boYSOwmb6sWd.json': 12,
  '218007301253_CloudTrail_us-east-1_20230710T1225Z_QqgbBkK0L13H8Wbv.json': 3,
  '218007301253_CloudTrail_us-east-1_20230710T1225Z_RL8g7SsRoNFvvVBW.json': 5,
  '218007301253_CloudTrail_us-east-1_20230710T1225Z_qWyTCPHzELqDMshA.json': 4,
  '218007301253_CloudTrail_us-east-1_20230710T1225Z_vMAR90Iiaqr6M5sR.json': 16,
  '218007301253_CloudTrail_us-east-1_20230710T1230Z_04rtp9DpvIpSZzMr.json': 17,
  '218007301253_CloudTrail_us-east-1_20230710T1230Z_9JM8uKEITHqwJKXr.json': 22,
  '218007301253_CloudTrail_us-east-1_20230710T1230Z_9SJSsrxJ0ChF5VFb.json': 84,
  '218007301253_CloudTrail_us-east-1_20230710T1230Z_9dKPuRzdLzqZRjqm.json': 2,
  '218007301253_CloudTrail_us-east-1_20230710T1230Z_AvIajGd5rkz6vTy4.json': 63,
  '218007301253_CloudTrail_us-east-1_20230710T1230Z_GyyPwrInk2rgv8V0.json': 2,
  '218007301253_CloudTrail_us-east-1_20230710T1230Z_KV9LZlfXqBel7nqf.json': 47,
  '218007301253_CloudTrail_us-east-1_20230710T1230Z_OU6Ha25B4GGhUIMr.json': 5,
  '218007301253_CloudTrail_us-east-1_20230710T1230Z_ZtUNbBkwAu98FPZb.json': 68,
  '218007301253_CloudTrail_us-east-1_20230710T1230Z_lHgkh3VeI3XnjZSL.json': 92,
  '218007301253_CloudTrail_us-east-1_20230710T1230Z_s2m4APJ8BhmXSIE6.json': 2,
  '218007301253_CloudTrail_us-east-1_20230710T1230Z_soULWstxp7lqsODg.json': 3,
  '218007301253_CloudTrail_us-east-1_20230710T1235Z_Vp7r3boWJKtPb3wM.json': 1,
  '218007301253_CloudTrail_us-east-1_20230710T1235Z_YbVFCP9AYzJDhHV9.json': 185,
  '218007301253_CloudTrail_us-east-1_20230710T1235Z_kboLbHJlz2H6cLyo.json': 4,
  '218007301253_CloudTrail_us-east-1_20230710T1240Z_C1qUFaqvZS64BcIN.json': 2,
}

const STRATUS_ROWS: Record<string, number> = {
  'aws.credential-access.ec2-get-password-data.json': 34,
  'aws.credential-access.ec2-steal-instance-credentials.json': 45,
  'aws.credential-access.secretsmanager-batch-retrieve-secrets.json': 5,
  'aws.credential-access.secretsmanager-retrieve-secrets.json': 21,
  'aws.credential-access.ssm-retrieve-securestring-parameters.json': 10,
  'aws.defense-evasion.cloudtrail-delete.json': 1,
  'aws.defense-evasion.cloudtrail-event-selectors.json': 1,
  'aws.defense-evasion.cloudtrail-stop.json': 1,
  'aws.defense-evasion.dns-delete-logs.json': 1,
  'aws.defense-evasion.organizations-leave.json': 3,
  'aws.defense-evasion.vpc-remove-flow-logs.json': 1,
  'aws.discovery.ec2-download-user-data.json': 19,
  'aws.execution.ec2-launch-unusual-instances.json': 3,
  'aws.execution.ec2-user-data.json': 35,
  'aws.execution.ssm-send-command.json': 56,
  'aws.execution.ssm-start-session.json': 29,
  'aws.exfiltration.ec2-security-group-open-port-22-ingress.json': 1,
  'aws.exfiltration.ec2-share-ami.json': 1,
  'aws.exfiltration.ec2-share-ebs-snapshot.json': 1,
  'aws.exfiltration.rds-share-snapshot.json': 1,
  'aws.impact.bedrock-invoke-model.json': 15,
  'aws.initial-access.console-login-without-mfa.json': 1,
  'aws.lateral-movement.ec2-instance-connect.json': 3,
  'aws.lateral-movement.ec2-serial-console-send-ssh-public-key.json': 4,
  'aws.persistence.iam-backdoor-role.json': 1,
  'aws.persistence.iam-backdoor-user.json': 1,
  'aws.persistence.iam-create-admin-user.json': 3,
  'aws.persistence.iam-create-backdoor-role.json': 2,
  'aws.persistence.iam-create-user-login-profile.json': 3,
  'aws.persistence.lambda-backdoor-function.json': 1,
  'aws.persistence.lambda-layer-extension.json': 1,
  'aws.persistence.lambda-overwrite-code.json': 1,
  'aws.persistence.rolesanywhere-create-trust-anchor.json': 2,
  'aws.persistence.sts-federation-token.json': 2,
  'aws.privilege-escalation.iam-update-user-login-profile.json': 1,
}

const OTRF = join(FIXTURES, 'otrf-security-datasets', 'datasets', 'atomic')
const LOOKUP_EVENTS = join(FIXTURES, 'lookup-events-format', 'aws_cloudtrail.jsonl')

const missingIds = (n: number) => Array<string>(n).fill('missing-event-id')

/**
 * The AWS parser's edge cases carry synthetic records without eventID (none of them has one), so each record is
 * rejected, and for the reason its defect names first.
 */
const EDGE_CASE_REJECTIONS: Record<string, string[]> = {
  SQSMessageBody: ['not-cloudtrail'],
  SQSMessageBodyWrongFormat: ['not-cloudtrail'],
  'SerializerAllFieldsNull.json': ['missing-event-time', 'missing-event-id'],
  'SerializerTestFile.json': missingIds(6),
  'SerializerTestFileBadFieldName.json': ['not-cloudtrail', 'missing-event-id'],
  // The first record lacks a `}`: it is invalid JSON, and the second, swallowed by it, is cut out again.
  'SerializerTestFileBadJsonFormat.json': ['invalid-json', 'missing-event-id'],
  'SerializerTestFileCompact.json': missingIds(6),
  'SerializerTestFileCompact.json.gz': missingIds(6),
  'SerializerTestFileLocation.json': missingIds(6),
  'SerializerTestFileMissField.json': [...missingIds(3), 'invalid-event-time'],
  'SerializerTestFileNewFieldAtRandomPlaces.json': missingIds(2),
  'SerializerTestFileNewFieldName.json': ['not-cloudtrail', 'missing-event-id'],
  'SerializerTestFileNewFieldsInRoot.json': missingIds(2),
  'SerializerTestFileNewFieldsInUserIdentity.json': missingIds(2),
  'SerializerVariousUserIdentityTestFile.json': missingIds(1),
}

function expectedRows(path: string): number | undefined {
  const name = basename(path)
  if (path.startsWith(INVICTUS)) return INVICTUS_ROWS[name]
  if (path.startsWith(STRATUS)) return STRATUS_ROWS[name]
  if (path === LOOKUP_EVENTS) return 6
  if (name === 'ec2_proxy_s3_exfiltration_2020-09-14011940.json') return 103
  if (path.startsWith(EDGE_CASES)) return 0
  return undefined
}

describe('every fixture', () => {
  const files = listFiles(FIXTURES)

  it('finds them all', () => {
    expect(files).toHaveLength(137)
    expect(Object.keys(INVICTUS_ROWS)).toHaveLength(55)
    expect(Object.keys(STRATUS_ROWS)).toHaveLength(35)
  })

  it.each(files.map((path) => [fixtureName(path), path]))(
    '%s reads without a throw, to the counted rows',
    async (_, path) => {
      const result = await readFixture(path)
      const expected = expectedRows(path)
      expect(result.rows).toHaveLength(expected ?? 0)
      expect(result.end.rows).toBe(result.rows.length)
      expect(result.end.rejected).toBe(result.rejections.length)
      if (expected !== undefined && !path.startsWith(EDGE_CASES)) expect(result.rejections).toEqual([])
      for (const rejection of result.rejections) {
        expect(rejection.location).toBe(fixtureName(path))
        expect(rejection.message.startsWith(fixtureName(path))).toBe(true)
      }
    },
  )

  it('adds up: 3,319 events, all distinct', async () => {
    const deduplicator = new EventIdSet()
    let rows = 0
    for (const path of files) rows += (await readFixture(path, 65536, { deduplicator })).rows.length
    expect(rows).toBe(2900 + 310 + 103 + 6)
    expect(deduplicator.size).toBe(rows)
  })

  it('re-reading everything with the same deduplicator yields no new row', async () => {
    const deduplicator = new EventIdSet()
    for (const path of files) await readFixture(path, 65536, { deduplicator })
    let rows = 0
    let duplicates = 0
    for (const path of files) {
      const again = await readFixture(path, 65536, { deduplicator })
      rows += again.rows.length
      duplicates += again.duplicates.length
      expect(again.end.duplicates).toBe(again.duplicates.length)
    }
    expect(rows).toBe(0)
    expect(duplicates).toBe(3319)
  })
})

describe('the parser edge cases from aws-cloudtrail-processing-library', () => {
  const files = listFiles(EDGE_CASES).filter((path) => !path.endsWith('LICENSE.txt'))

  it.each(files.map((path) => [fixtureName(path), path]))('%s gives its documented rejections', async (_, path) => {
    const result = await readFixture(path)
    expect(reasons(result)).toEqual(EDGE_CASE_REJECTIONS[basename(path)])
    const numbers = result.rejections.map((rejection) => rejection.record)
    expect(numbers).toEqual(numbers.map((_, i) => i + 1))
    for (const rejection of result.rejections) {
      expect(rejection.line).toBeGreaterThanOrEqual(1)
      expect(rejection.excerpt?.length).toBeGreaterThan(0)
    }
  })

  it('names record and line in the messages', async () => {
    const result = await readFixture(join(EDGE_CASES, 'SerializerTestFileMissField.json'))
    const last = result.rejections.at(-1)
    expect(last).toMatchObject({ reason: 'invalid-event-time', record: 4 })
    expect(last?.message).toMatch(
      /SerializerTestFileMissField\.json record 4 \(line \d+\): eventTime "ThisIsAWrongEventTime" is not an ISO-8601 date-time — record skipped$/,
    )
    const bad = await readFixture(join(EDGE_CASES, 'SerializerTestFileBadJsonFormat.json'))
    expect(bad.rejections[0]).toMatchObject({ reason: 'invalid-json', record: 1, line: 3 })
    expect(bad.rejections[0]?.message).toContain('invalid JSON:')
    // The record the broken one ran into is read on its own again, at its own line.
    expect(bad.rejections[1]).toMatchObject({ reason: 'missing-event-id', record: 2, line: 37 })
    expect(bad.rejections[1]?.excerpt).toMatch(/^{\s*"eventVersion": "1.2"/)
  })

  it('recognises SNS notifications of log delivery', async () => {
    const result = await readFixture(join(EDGE_CASES, 'SQSMessageBody'))
    expect(result.rejections[0]?.message).toContain('an SNS notification from arn:aws:sns:us-east-1:950229139741')
    expect(result.rejections[0]?.message).toContain('announcing log files to read')
    expect(result.end.format).toBe('object')
  })

  it('reads the gzip variant exactly like the plain one', async () => {
    const plain = await readFixture(join(EDGE_CASES, 'SerializerTestFileCompact.json'))
    const gzip = await readFixture(join(EDGE_CASES, 'SerializerTestFileCompact.json.gz'))
    expect(gzip.end.compression).toBe('gzip')
    expect(plain.end.compression).toBe('none')
    expect(gzip.rejections.map(({ location: _, message: __, ...rest }) => rest)).toEqual(
      plain.rejections.map(({ location: _, message: __, ...rest }) => rest),
    )
  })
})

describe('other files met in a fixture tree', () => {
  it('reports text that is not JSON once, as not CloudTrail', async () => {
    const result = await readFixture(join(FIXTURES, 'stratus-red-team', 'LICENSE'))
    expect(result.rejections).toHaveLength(1)
    expect(result.rejections[0]).toMatchObject({ reason: 'not-cloudtrail' })
    expect(result.rejections[0]?.record).toBeUndefined()
    expect(result.rejections[0]?.message).toMatch(/not a JSON object or array \(it starts with ".*Apache License.*"\)/s)
    expect(result.end.format).toBe('not-json')
  })

  it('reports zip archives as unsupported compression', async () => {
    const result = await readFixture(join(OTRF, 'aws', 'collection', 'ec2_proxy_s3_exfiltration.zip'))
    expect(reasons(result)).toEqual(['unsupported-compression'])
    expect(result.rejections[0]?.message).toContain('a ZIP archive')
  })

  it('reads the digest as a digest, never as events', async () => {
    const [path] = listFiles(DIGESTS)
    const result = await readAll('digest.json', [readFileSync(path as string)])
    expect(result.rows).toEqual([])
    expect(result.digests).toHaveLength(1)
    expect(result.digests[0]).toMatchObject({
      awsAccountId: '327878933619',
      digestStartTime: '2023-10-15T22:04:04Z',
      digestS3Object: expect.stringMatching(/^AWSLogs\/327878933619\/CloudTrail-Digest\//),
    })
    expect(Array.isArray(result.digests[0]?.logFiles)).toBe(true)
    expect(result.items[0]).toMatchObject({ kind: 'digest', location: 'digest.json', record: 1 })
    expect(result.end).toMatchObject({ digests: 1, records: 1, rows: 0 })
  })

  it('reads the lookup-events output (one Event per line) from its CloudTrailEvent strings', async () => {
    const result = await readFixture(LOOKUP_EVENTS)
    expect(result.end.format).toBe('lines')
    expect(result.rows.map((row) => row.event_name)).toContain('TerminateInstances')
    const first = result.rows[0]
    expect(first).toMatchObject({
      event_id: '0828c0d2-3589-4390-b954-c78b4a7df44b',
      event_time: Date.UTC(2022, 1, 7, 22, 23, 37),
      user_name: 'fakeusername',
      read_only: true,
      session_credential_from_console: true,
    })
  })

  it('takes eventTime from Logstash @timestamp and keeps @timestamp and @version', async () => {
    const result = await readFixture(join(OTRF, 'aws', 'collection', 'ec2_proxy_s3_exfiltration_2020-09-14011940.json'))
    const first = result.rows[0]
    expect(first?.event_time).toBe(Date.parse('2020-09-14T00:44:23.000Z'))
    expect(JSON.parse(first?.unmapped_fields ?? '{}')).toEqual({
      '@version': '1',
      '@timestamp': '2020-09-14T00:44:23.000Z',
    })
  })
})

describe('chunking', () => {
  const small = [
    ...listFiles(EDGE_CASES),
    LOOKUP_EVENTS,
    join(STRATUS, 'aws.persistence.iam-create-admin-user.json'),
    join(INVICTUS, '218007301253_CloudTrail_us-east-1_20230710T1230Z_9dKPuRzdLzqZRjqm.json'),
    ...listFiles(DIGESTS),
  ]
  const larger = [
    join(INVICTUS, '218007301253_CloudTrail_us-east-1_20230710T1200Z_iLj9fb7yyUG9X4Bf.json'),
    join(OTRF, 'aws', 'collection', 'ec2_proxy_s3_exfiltration_2020-09-14011940.json'),
    join(STRATUS, 'aws.execution.ssm-send-command.json'),
  ]

  it.each(small.map((path) => [fixtureName(path), path]))(
    '%s reads the same in 1- and 7-byte chunks',
    async (_, path) => {
      const whole = await readAll('x', [readFileSync(path)])
      for (const size of [1, 7]) {
        const chunked = await readAll('x', chunksOf(readFileSync(path), size))
        expect(chunked.items).toEqual(whole.items)
      }
    },
  )

  it.each(larger.map((path) => [fixtureName(path), path]))('%s reads the same in odd chunk sizes', async (_, path) => {
    const whole = await readAll('x', [readFileSync(path)])
    for (const size of [13, 509, 4093, 70_001]) {
      const chunked = await readAll('x', chunksOf(readFileSync(path), size))
      expect(chunked.items).toEqual(whole.items)
    }
  })
})

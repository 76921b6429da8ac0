import { createHash, generateKeyPairSync, sign } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  type DigestDocument,
  digestSigningString,
  loadPublicKey,
  PublicKeyRing,
  parseDigestBytes,
  parseDigestKey,
  parsePublicKeyList,
  parseTrailArn,
  verifyDigestSignature,
} from '../src/index.js'

const digest: DigestDocument = {
  digestStartTime: '2026-03-01T10:00:00Z',
  digestEndTime: '2026-03-01T11:00:00Z',
  digestS3Bucket: 'trail-bucket',
  digestS3Object: 'AWSLogs/111122223333/CloudTrail-Digest/eu-west-1/2026/03/01/111122223333_CloudTrail-Digest_eu-west-1_main_us-east-1_20260301T110000Z.json.gz',
  digestPublicKeyFingerprint: 'ab12',
  previousDigestSignature: null,
  logFiles: [],
}

describe('digest parsing, signing string and signatures', () => {
  it('the signing string has the literal null for a chain start', () => {
    expect(digestSigningString(digest, 'f'.repeat(64))).toBe(
      `2026-03-01T11:00:00Z\ntrail-bucket/${digest.digestS3Object}\n${'f'.repeat(64)}\nnull`,
    )
    expect(digestSigningString({ ...digest, previousDigestSignature: 'beef' }, 'aa').endsWith('\naa\nbeef')).toBe(true)
  })

  it('verifies an RSA-SHA256 signature with a PKCS#1 or an SPKI key, and rejects a changed digest or a non-hex signature', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const hash = createHash('sha256').update('content').digest('hex')
    const signature = sign('sha256', Buffer.from(digestSigningString(digest, hash)), privateKey).toString('hex')
    for (const type of ['pkcs1', 'spki'] as const) {
      const key = loadPublicKey(publicKey.export({ format: 'der', type }))
      expect(verifyDigestSignature(key, digest, hash, signature)).toBe(true)
      expect(verifyDigestSignature(key, { ...digest, digestEndTime: '2026-03-01T11:00:01Z' }, hash, signature)).toBe(false)
      expect(verifyDigestSignature(key, digest, hash, 'not hex')).toBe(false)
    }
  })

  it('parses digest keys, backfill and org keys included, and trail ARNs', () => {
    expect(parseDigestKey('b', `ct/${digest.digestS3Object}`)).toMatchObject({
      accountId: '111122223333',
      region: 'eu-west-1',
      trailName: 'main',
      homeRegion: 'us-east-1',
      time: new Date('2026-03-01T11:00:00Z'),
      backfill: false,
    })
    const org = parseDigestKey(
      'b',
      'AWSLogs/o-abc123/444455556666/CloudTrail-Digest/ap-southeast-2/2026/03/01/444455556666_CloudTrail-Digest_ap-southeast-2_my_org_trail_us-east-1_20260301T110503Z_backfill.json.gz',
    )
    expect(org).toMatchObject({ orgId: 'o-abc123', trailName: 'my_org_trail', backfill: true, time: new Date('2026-03-01T11:05:03Z') })
    expect(parseDigestKey('b', 'AWSLogs/111122223333/CloudTrail/eu-west-1/2026/03/01/x.json.gz')).toBeUndefined()
    expect(parseTrailArn('arn:aws:cloudtrail:us-east-1:111122223333:trail/main')).toEqual({
      partition: 'aws',
      homeRegion: 'us-east-1',
      accountId: '111122223333',
      trailName: 'main',
    })
    expect(() => parseTrailArn('arn:aws:s3:::bucket')).toThrow(/not a trail ARN/)
  })

  it('names what is wrong with a digest and with a key list', () => {
    expect(parseDigestBytes(new TextEncoder().encode('{"digestStartTime": 1}'))).toEqual({ problem: 'digestStartTime is missing or not a string' })
    expect(parseDigestBytes(new TextEncoder().encode('nope'))).toMatchObject({ problem: expect.stringMatching(/^not JSON/) })
    expect(parseDigestBytes(new TextEncoder().encode(JSON.stringify(digest)))).toEqual({ digest })
    expect(() => parsePublicKeyList('{"PublicKeyList":[{"Value":"AAAA"}]}', 'keys.json')).toThrow('keys.json: PublicKeyList[0] lacks a Fingerprint')
    const ring = new PublicKeyRing(parsePublicKeyList('{"PublicKeyList":[{"Value":"AAAA","Fingerprint":"AB"}]}'))
    expect(ring.find('ab')).toBeInstanceOf(Error)
    expect(ring.find('cd')).toBeUndefined()
  })
})

import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'

/** Minimal but complete CloudTrail API-call records, as S3 delivery writes them. */
export function apiCallRecord(eventId: string, eventTime: Date, account: string, region: string) {
  return {
    eventVersion: '1.08',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLE',
      arn: `arn:aws:iam::${account}:user/alice`,
      accountId: account,
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      userName: 'alice',
    },
    eventTime: eventTime.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: 's3.amazonaws.com',
    eventName: 'GetObject',
    awsRegion: region,
    sourceIPAddress: '198.51.100.7',
    userAgent: 'aws-cli/2.15.0',
    requestParameters: { bucketName: 'data', key: 'report.csv' },
    responseElements: null,
    requestID: `req-${eventId}`,
    eventID: eventId,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: false,
    recipientAccountId: account,
    eventCategory: 'Data',
  }
}

export function insightRecord(eventId: string, eventTime: Date, account: string, region: string, state: string) {
  return {
    eventVersion: '1.08',
    eventTime: eventTime.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    awsRegion: region,
    eventID: eventId,
    eventType: 'AwsCloudTrailInsight',
    recipientAccountId: account,
    sharedEventID: `shared-${eventId.slice(0, 8)}`,
    insightDetails: {
      state,
      eventSource: 'ec2.amazonaws.com',
      eventName: 'RunInstances',
      insightType: 'ApiCallRateInsight',
      insightContext: { statistics: { baseline: { average: 0.1 }, insight: { average: 2.5 } } },
    },
    eventCategory: 'Insight',
  }
}

export function gzipRecords(records: unknown[]): Buffer {
  return gzipSync(JSON.stringify({ Records: records }))
}

export function digestFile(options: {
  account: string
  bucket: string
  key: string
  start: Date
  end: Date
  logKeys: string[]
}): Buffer {
  const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z')
  return gzipSync(
    JSON.stringify({
      awsAccountId: options.account,
      digestStartTime: iso(options.start),
      digestEndTime: iso(options.end),
      digestS3Bucket: options.bucket,
      digestS3Object: options.key,
      digestPublicKeyFingerprint: '0123456789abcdef0123456789abcdef',
      digestSignatureAlgorithm: 'SHA256withRSA',
      newestEventTime: null,
      oldestEventTime: null,
      previousDigestS3Bucket: null,
      previousDigestS3Object: null,
      previousDigestHashValue: null,
      previousDigestHashAlgorithm: null,
      previousDigestSignature: null,
      logFiles: options.logKeys.map((s3Object) => ({
        s3Bucket: options.bucket,
        s3Object,
        hashValue: createHash('sha256').update(s3Object).digest('hex'),
        hashAlgorithm: 'SHA-256',
        newestEventTime: iso(options.end),
        oldestEventTime: iso(options.start),
      })),
    }),
  )
}

/** 16 letters and digits derived from `seed`, like the random tail of a CloudTrail file name. */
export function fileSuffix(seed: string): string {
  return createHash('sha256')
    .update(seed)
    .digest('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 16)
}

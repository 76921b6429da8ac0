/** Storage and data calls: S3 (management and data events), KMS, DynamoDB, RDS, Secrets Manager. */
import {
  arn,
  type CallContext,
  type CallParts,
  def,
  NO_PARAMS,
  type ResourceRef,
  type Template,
} from './catalog-types.js'
import type { Bucket } from './org.js'
import type { ActorClass, JsonObject } from './principals.js'
import { javaDate } from './time-format.js'

const S3 = 's3.amazonaws.com'
const KMS = 'kms.amazonaws.com'

export function bucketHost(bucket: string, region: string): string {
  return `${bucket}.s3.${region}.amazonaws.com`
}

export function s3Transfer(c: CallContext, bytesOut: number, bytesIn: number): JsonObject {
  return {
    SignatureVersion: 'SigV4',
    CipherSuite: 'TLS_AES_128_GCM_SHA256',
    bytesTransferredIn: bytesIn,
    AuthenticationMethod: 'AuthHeader',
    'x-amz-id-2': c.rng.base64(76),
    bytesTransferredOut: bytesOut,
  }
}

export function bucketResource(c: CallContext, bucket: string): ResourceRef {
  return { accountId: c.account.id, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` }
}

function pickBucket(c: CallContext): Bucket {
  return c.rng.pick(c.res.buckets)
}

/** A bucket-level management call (GetBucketAcl, PutBucketPolicy, DeleteBucket...). */
export function bucketCall(c: CallContext, bucket: string, params: JsonObject = {}): CallParts {
  const host = bucketHost(bucket, c.region)
  return {
    requestParameters: { bucketName: bucket, Host: host, ...params },
    additionalEventData: s3Transfer(c, 0, 0),
    resources: [bucketResource(c, bucket)],
    host,
    errorResource: `arn:aws:s3:::${bucket}`,
  }
}

/** An object-level data event (GetObject, PutObject...). */
export function objectCall(
  c: CallContext,
  bucket: Bucket,
  key: string,
  bytesOut: number,
  bytesIn: number,
  extra: JsonObject = {},
): CallParts {
  const host = bucketHost(bucket.name, c.region)
  return {
    requestParameters: { bucketName: bucket.name, Host: host, key, ...extra },
    additionalEventData: s3Transfer(c, bytesOut, bytesIn),
    resources: [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${bucket.name}/${key}` }, bucketResource(c, bucket.name)],
    host,
    errorResource: `arn:aws:s3:::${bucket.name}/${key}`,
  }
}

type Actors = Partial<Record<ActorClass, number>>

function bucketManagement(
  name: string,
  weight: number,
  params: (c: CallContext) => JsonObject = () => ({ [name.slice(9).toLowerCase()]: '' }),
  actors: Actors = { automation: 2, service: 2, 'aws-service': 1, human: 0.5 },
): Template {
  return def(
    S3,
    name,
    weight,
    {
      actors,
      version: '1.09',
      errors: [
        ['denied', 3],
        ['not-found', 2],
      ],
    },
    (c) => bucketCall(c, pickBucket(c).name, params(c)),
  )
}

function keyArn(c: CallContext, keyId: string): string {
  return arn('kms', c.region, c.account.id, `key/${keyId}`)
}

function keyResource(c: CallContext, keyId: string): ResourceRef[] {
  return [{ accountId: c.account.id, type: 'AWS::KMS::Key', ARN: keyArn(c, keyId) }]
}

function encryptionContext(c: CallContext): JsonObject {
  switch (c.rng.int(4)) {
    case 0:
      return {
        'aws:lambda:FunctionArn': arn('lambda', c.region, c.account.id, `function:${c.rng.pick(c.res.functions)}`),
      }
    case 1: {
      const bucket = pickBucket(c)
      return { 'aws:s3:arn': `arn:aws:s3:::${bucket.name}/${c.rng.pick(bucket.keys)}` }
    }
    case 2:
      return {
        SecretARN: arn('secretsmanager', c.region, c.account.id, `secret:${c.rng.pick(c.res.secrets)}`),
        SecretVersionId: c.rng.uuid(),
      }
    default:
      return { 'aws:ebs:id': c.rng.pick(c.res.volumeIds) }
  }
}

function kmsCall(
  name: string,
  weight: number,
  actors: Actors,
  params: (c: CallContext) => JsonObject | null,
): Template {
  return def(
    KMS,
    name,
    weight,
    {
      actors,
      errors: [
        ['denied', 3],
        ['throttled', 2],
      ],
    },
    (c) => {
      const keyId = c.rng.pick(c.res.kmsKeyIds)
      return { requestParameters: params(c), resources: keyResource(c, keyId), errorResource: keyArn(c, keyId) }
    },
  )
}

function secretArn(c: CallContext): string {
  return arn('secretsmanager', c.region, c.account.id, `secret:${c.rng.pick(c.res.secrets)}`)
}

export const STORAGE_TEMPLATES: Template[] = [
  def(
    S3,
    'ListBuckets',
    6,
    { scope: 'home', version: '1.09', actors: { human: 1, automation: 2, service: 0.5 } },
    (c) => ({
      requestParameters: { Host: 's3.amazonaws.com' },
      additionalEventData: s3Transfer(c, c.rng.range(2000, 9000), 0),
      host: 's3.amazonaws.com',
    }),
  ),
  bucketManagement('GetBucketAcl', 8, () => ({ acl: '' }), { 'aws-service': 2, service: 2, automation: 1, human: 0.3 }),
  bucketManagement('GetBucketLocation', 6, () => ({ location: '' })),
  bucketManagement('GetBucketPolicy', 4, () => ({ policy: '' })),
  bucketManagement('GetBucketVersioning', 3),
  bucketManagement('GetBucketEncryption', 3),
  bucketManagement('GetBucketPublicAccessBlock', 3, () => ({ publicAccessBlock: '' })),
  bucketManagement('GetBucketTagging', 3),
  bucketManagement('GetBucketLogging', 2),
  bucketManagement('GetBucketPolicyStatus', 2, () => ({ policyStatus: '' })),
  bucketManagement('GetBucketOwnershipControls', 2, () => ({ ownershipControls: '' })),
  bucketManagement('PutBucketTagging', 0.1, () => ({ tagging: '' }), { automation: 3 }),
  bucketManagement(
    'PutBucketVersioning',
    0.02,
    () => ({
      versioning: '',
      VersioningConfiguration: { Status: 'Enabled', xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/' },
    }),
    { automation: 3 },
  ),
  bucketManagement(
    'PutBucketPolicy',
    0.04,
    (c) => ({
      policy: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: `arn:aws:s3:::${c.res.buckets[0]!.name}/*`,
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      },
    }),
    { automation: 3, human: 0.3 },
  ),
  bucketManagement(
    'PutBucketPublicAccessBlock',
    0.03,
    () => ({
      publicAccessBlock: '',
      PublicAccessBlockConfiguration: {
        xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/',
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
    }),
    { automation: 3 },
  ),
  def(S3, 'CreateBucket', 0.04, { version: '1.09', actors: { automation: 3, human: 0.5 } }, (c) => {
    const name = `acme-${c.account.env}-${c.rng.hex(8)}`
    return bucketCall(c, name, {
      CreateBucketConfiguration: { LocationConstraint: c.region, xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/' },
    })
  }),
  def(S3, 'DeleteBucket', 0.03, { version: '1.09', actors: { automation: 3, human: 0.5 } }, (c) =>
    bucketCall(c, `acme-${c.account.env}-tmp-${c.rng.hex(6)}`),
  ),

  def(
    S3,
    'GetObject',
    70,
    {
      category: 'Data',
      actors: { automation: 6, human: 0.3, foreign: 0.15, 'aws-service': 0.3 },
      errors: [
        ['denied', 3],
        ['not-found', 3],
        ['throttled', 0.5],
      ],
    },
    (c) => {
      const bucket = pickBucket(c)
      return objectCall(c, bucket, c.rng.pick(bucket.keys), c.rng.range(200, 5_000_000), 0)
    },
  ),
  def(
    S3,
    'HeadObject',
    25,
    {
      category: 'Data',
      actors: { automation: 6, human: 0.2 },
      errors: [
        ['not-found', 4],
        ['denied', 1],
      ],
    },
    (c) => {
      const bucket = pickBucket(c)
      return objectCall(c, bucket, c.rng.pick(bucket.keys), 0, 0)
    },
  ),
  def(
    S3,
    'PutObject',
    25,
    {
      category: 'Data',
      actors: { automation: 6, human: 0.2, 'aws-service': 0.5 },
      errors: [
        ['denied', 3],
        ['throttled', 1],
      ],
    },
    (c) => {
      const bucket = pickBucket(c)
      const parts = objectCall(c, bucket, c.rng.pick(bucket.keys), 0, c.rng.range(200, 2_000_000))
      parts.responseElements = c.failed
        ? null
        : { 'x-amz-server-side-encryption': 'AES256', 'x-amz-version-id': c.rng.base64(32).replace(/[+/]/g, '.') }
      return parts
    },
  ),
  def(S3, 'ListObjects', 10, { category: 'Data', actors: { automation: 4, human: 0.5, foreign: 0.3 } }, (c) => {
    const bucket = pickBucket(c)
    const host = bucketHost(bucket.name, c.region)
    return {
      requestParameters: {
        bucketName: bucket.name,
        Host: host,
        prefix: c.rng.pick(['uploads/', 'exports/', 'raw/events/', '']),
        delimiter: '/',
        'encoding-type': 'url',
        'max-keys': 1000,
      },
      additionalEventData: s3Transfer(c, c.rng.range(500, 40_000), 0),
      resources: [bucketResource(c, bucket.name)],
      host,
    }
  }),
  def(S3, 'CopyObject', 2, { category: 'Data', actors: { automation: 4 } }, (c) => {
    const bucket = pickBucket(c)
    const key = c.rng.pick(bucket.keys)
    return objectCall(c, bucket, `archive/${key}`, 0, 0, { 'x-amz-copy-source': `${bucket.name}/${key}` })
  }),
  def(S3, 'DeleteObject', 3, { category: 'Data', actors: { automation: 6, human: 0.3 } }, (c) => {
    const bucket = pickBucket(c)
    return objectCall(c, bucket, c.rng.pick(bucket.keys), 0, 0)
  }),

  kmsCall('Decrypt', 45, { automation: 3, 'aws-service': 2, service: 0.5 }, (c) => ({
    encryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    encryptionContext: encryptionContext(c),
  })),
  kmsCall('GenerateDataKey', 25, { automation: 3, 'aws-service': 2 }, (c) => ({
    keyId: `alias/${c.account.env}-data`,
    encryptionContext: encryptionContext(c),
    keySpec: 'AES_256',
  })),
  kmsCall('Encrypt', 5, { automation: 3 }, (c) => ({
    keyId: `alias/${c.account.env}-data`,
    encryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    encryptionContext: encryptionContext(c),
  })),
  kmsCall('DescribeKey', 4, { automation: 2, service: 1, human: 0.5 }, (c) => ({
    keyId: keyArn(c, c.rng.pick(c.res.kmsKeyIds)),
  })),
  def(KMS, 'ListAliases', 2, { actors: { automation: 2, service: 1, human: 0.5 } }, NO_PARAMS),
  def(KMS, 'ListKeys', 1, { actors: { automation: 2, service: 1 } }, NO_PARAMS),
  kmsCall('GetKeyPolicy', 1, { service: 2, automation: 1 }, (c) => ({
    keyId: c.rng.pick(c.res.kmsKeyIds),
    policyName: 'default',
  })),
  kmsCall('GetKeyRotationStatus', 1, { service: 2, automation: 1 }, (c) => ({ keyId: c.rng.pick(c.res.kmsKeyIds) })),
  kmsCall('CreateGrant', 0.5, { 'aws-service': 2, automation: 1 }, (c) => ({
    keyId: keyArn(c, c.rng.pick(c.res.kmsKeyIds)),
    granteePrincipal: `arn:aws:sts::${c.account.id}:assumed-role/${c.account.env}-lambda-exec/${c.rng.pick(c.res.functions)}`,
    operations: ['Decrypt', 'GenerateDataKey'],
    retiringPrincipal: 'lambda.amazonaws.com',
  })),
  kmsCall('RetireGrant', 0.3, { 'aws-service': 2 }, (c) => ({
    grantId: c.rng.hex(64),
    keyId: c.rng.pick(c.res.kmsKeyIds),
  })),
  def(KMS, 'ScheduleKeyDeletion', 0.004, { actors: { automation: 2, human: 1 } }, (c) =>
    scheduleKeyDeletionCall(c, c.rng.pick(c.res.kmsKeyIds)),
  ),
  kmsCall('DisableKey', 0.004, { automation: 2, human: 1 }, (c) => ({ keyId: c.rng.pick(c.res.kmsKeyIds) })),
  def(
    KMS,
    'RotateKey',
    0.1,
    { actors: { 'aws-service': 1 }, eventType: 'AwsServiceEvent', readOnly: false, errorRate: 0 },
    (c) => {
      const keyId = c.rng.pick(c.res.kmsKeyIds)
      return {
        requestParameters: null,
        responseElements: null,
        additionalEventData: { keyId: keyArn(c, keyId) },
        resources: keyResource(c, keyId),
        identity: { accountId: c.account.id, invokedBy: 'AWS Internal' },
        sourceIPAddress: 'AWS Internal',
        userAgent: 'AWS Internal',
        host: null,
        shared: false,
      }
    },
  ),

  def('dynamodb.amazonaws.com', 'DescribeTable', 4, { actors: { automation: 3, service: 1 } }, (c) => ({
    requestParameters: { tableName: c.rng.pick(c.res.tables) },
  })),
  def('dynamodb.amazonaws.com', 'ListTables', 1, { actors: { automation: 2, human: 0.5 } }, NO_PARAMS),
  def('dynamodb.amazonaws.com', 'DescribeContinuousBackups', 0.5, { actors: { service: 2, automation: 1 } }, (c) => ({
    requestParameters: { tableName: c.rng.pick(c.res.tables) },
  })),
  def('dynamodb.amazonaws.com', 'UpdateTable', 0.02, { actors: { automation: 3 } }, (c) => ({
    requestParameters: { tableName: c.rng.pick(c.res.tables), billingMode: 'PAY_PER_REQUEST' },
  })),

  def('rds.amazonaws.com', 'DescribeDBInstances', 3, { actors: { automation: 2, service: 1, human: 0.5 } }, (c) => ({
    requestParameters: c.rng.chance(0.5) ? { dBInstanceIdentifier: c.rng.pick(c.res.dbInstances) } : null,
  })),
  def('rds.amazonaws.com', 'DescribeDBClusters', 1, { actors: { automation: 2, service: 1 } }, NO_PARAMS),
  def('rds.amazonaws.com', 'DescribeDBSnapshots', 1, { actors: { automation: 2, service: 1 } }, (c) => ({
    requestParameters: {
      dBInstanceIdentifier: c.rng.pick(c.res.dbInstances),
      includeShared: false,
      includePublic: false,
    },
  })),
  def('rds.amazonaws.com', 'DescribeDBEngineVersions', 0.5, { actors: { automation: 2 } }, () => ({
    requestParameters: { engine: 'postgres', defaultOnly: true },
  })),
  def('rds.amazonaws.com', 'CreateDBSnapshot', 0.1, { actors: { automation: 2, service: 1 } }, (c) => ({
    requestParameters: {
      dBSnapshotIdentifier: `manual-${c.rng.hex(8)}`,
      dBInstanceIdentifier: c.rng.pick(c.res.dbInstances),
    },
  })),
  def('rds.amazonaws.com', 'DeleteDBSnapshot', 0.03, { actors: { automation: 2 } }, (c) => {
    const id = `manual-${c.rng.hex(8)}`
    return {
      requestParameters: { dBSnapshotIdentifier: id },
      resources: [
        {
          accountId: c.account.id,
          type: 'AWS::RDS::DBSnapshot',
          ARN: arn('rds', c.region, c.account.id, `snapshot:${id}`),
        },
      ],
    }
  }),

  def('secretsmanager.amazonaws.com', 'GetSecretValue', 6, { actors: { automation: 4, human: 0.2 } }, (c) => ({
    requestParameters: { secretId: secretArn(c) },
  })),
  def('secretsmanager.amazonaws.com', 'DescribeSecret', 2, { actors: { automation: 2, service: 1 } }, (c) => ({
    requestParameters: { secretId: secretArn(c) },
  })),
  def(
    'secretsmanager.amazonaws.com',
    'ListSecrets',
    1,
    { actors: { automation: 1, service: 1, human: 0.5 } },
    NO_PARAMS,
  ),
  def('secretsmanager.amazonaws.com', 'PutSecretValue', 0.1, { actors: { automation: 2 } }, (c) => ({
    requestParameters: { secretId: secretArn(c), clientRequestToken: c.rng.uuid() },
  })),
  def('secretsmanager.amazonaws.com', 'RotateSecret', 0.05, { actors: { 'aws-service': 1, automation: 1 } }, (c) => ({
    requestParameters: { secretId: secretArn(c), clientRequestToken: c.rng.uuid() },
  })),
  def('secretsmanager.amazonaws.com', 'DeleteSecret', 0.01, { actors: { automation: 2, human: 0.5 } }, (c) => {
    const secretId = secretArn(c)
    return {
      requestParameters: { secretId, recoveryWindowInDays: 30 },
      resources: [{ accountId: c.account.id, type: 'AWS::SecretsManager::Secret', ARN: secretId }],
    }
  }),
]

export function scheduleKeyDeletionCall(c: CallContext, keyId: string): CallParts {
  return {
    requestParameters: { keyId, pendingWindowInDays: 30 },
    responseElements: c.failed
      ? null
      : {
          keyId: keyArn(c, keyId),
          deletionDate: javaDate(c.timeMs + 30 * 86_400_000),
          keyState: 'PendingDeletion',
          pendingWindowInDays: 30,
        },
    resources: keyResource(c, keyId),
  }
}

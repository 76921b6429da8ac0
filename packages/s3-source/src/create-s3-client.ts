import { S3Client } from '@aws-sdk/client-s3'
import type { S3SourceConfig } from './s3-source-config.js'

/** An S3 client for the source, with the SDK's standard credential chain and adaptive retries. */
export function createS3Client(config: S3SourceConfig): S3Client {
  return new S3Client({
    region: config.region ?? process.env.AWS_REGION ?? 'us-east-1',
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle ?? config.endpoint !== undefined,
    retryMode: 'adaptive',
    maxAttempts: 6,
    ...(config.profile ? { profile: config.profile } : {}),
  })
}

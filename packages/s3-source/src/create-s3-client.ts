import { S3Client } from '@aws-sdk/client-s3'
import type { S3SourceConfig } from './s3-source-config.js'

/**
 * An S3 client for the source, with the SDK's standard credential chain and standard retries (exponential backoff
 * per request). Not adaptive: its client-wide rate limiter, once a few objects were throttled, paces every later
 * request of a run over thousands of objects; readTrailObjects retries an object on top of this.
 */
export function createS3Client(config: Partial<S3SourceConfig>): S3Client {
  return new S3Client({
    region: config.region ?? process.env.AWS_REGION ?? 'us-east-1',
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle ?? config.endpoint !== undefined,
    retryMode: 'standard',
    maxAttempts: 4,
    // Without a socket timeout a connection that stalls in the middle of a body waits forever; with one, the body
    // fails and readTrailObjects resumes it from the byte it had reached.
    requestHandler: { connectionTimeout: 10_000, socketTimeout: 60_000 },
    ...(config.profile ? { profile: config.profile } : {}),
  })
}

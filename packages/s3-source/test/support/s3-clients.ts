import { S3Client } from '@aws-sdk/client-s3'
import { S3RVER_CREDENTIALS } from '@cairn/test-servers'

/** A path-style client of the local server with fake credentials; `maxAttempts: 1` leaves retrying to the code under test. */
export function testS3Client(endpoint: string, maxAttempts = 1): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: S3RVER_CREDENTIALS,
    maxAttempts,
  })
}

export { createS3Client } from './create-s3-client.js'
export { describeS3Source, normalizePrefix, type S3SourceConfig, validateS3SourceConfig } from './s3-source-config.js'

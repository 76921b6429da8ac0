export { createS3Client } from './create-s3-client.js'
export { createS3LakeStore, type S3LakeConfig, type S3LakeFile, S3LakeStore } from './lake/s3-lake-store.js'
export { isS3Url, parseS3Url } from './lake/s3-url.js'
export { listTrailObjects, type ListTrailObjectsOptions, S3ListingError } from './list-trail-objects.js'
export { S3ObjectReadError } from './object-download.js'
export {
  DEFAULT_BUFFER_LIMIT_BYTES,
  DEFAULT_CONCURRENCY,
  DEFAULT_MAX_ATTEMPTS,
  type ReadTrailObjectsOptions,
  readTrailObjects,
  type S3ObjectRead,
  type S3TrailInput,
} from './read-trail-objects.js'
export {
  describeS3Source,
  normalizePrefix,
  type S3BucketAccess,
  type S3SourceConfig,
  validateS3SourceConfig,
} from './s3-source-config.js'
export type { S3TrailObject, TrailObjectKind } from './trail-object.js'
export * from './validate/index.js'

export { type DigestDocument, parseDigestBytes } from './digest-document.js'
export { type DigestKey, parseDigestKey, parseTrailArn, type TrailArn } from './digest-key.js'
export { digestSigningString, loadPublicKey, verifyDigestSignature } from './digest-signature.js'
export { type ListPublicKeysOptions, listTrailPublicKeys } from './list-public-keys.js'
export { PublicKeyRing, parsePublicKeyList, type TrailPublicKey } from './public-keys.js'
export { S3TrailStore, type S3TrailStoreOptions } from './s3-trail-store.js'
export type { DigestRead, LogFileRead, TrailStore } from './trail-store.js'
export { type ValidateTrailOptions, validateTrail } from './validate-trail.js'
export {
  type DigestProblem,
  type DigestRecord,
  type GapRecord,
  isInvalid,
  type LogFileProblem,
  type LogFileRecord,
  type MissingDigestsRecord,
  ValidationTally,
  type ValidationRecord,
  validationLine,
} from './validation-record.js'

export type { CollectionContext } from './context.js'
export type { CloudTrailDigest, DigestLogFile } from './digest.js'
export { EventIdSet } from './event-id-set.js'
export type { Compression } from './input-decoder.js'
export {
  type MessageItem,
  type MessageOptions,
  normalizeMessage,
  normalizeRecord,
  type RecordPosition,
} from './normalize.js'
export {
  type CloudTrailInput,
  DEFAULT_MAX_RECORD_BYTES,
  type InputFormat,
  type NormalizerItem,
  type ReadOptions,
  type ReadSummary,
  readCloudTrail,
} from './read-cloudtrail.js'
export { RejectedRecordError, type Rejection, type RejectionReason } from './rejection.js'
export { ownCopy } from './value-interner.js'

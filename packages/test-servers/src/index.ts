export { type Fault, type FaultProxy, type FaultRule, type ProxiedRequest, startFaultProxy } from './fault-proxy.js'
export { S3RVER_CREDENTIALS, type S3rverProcess, startS3rver } from './s3rver-process.js'
export {
  FakeCloudWatchLogs,
  type FakeCloudWatchLogsOptions,
  type Fault as CloudWatchFault,
  type FaultKind as CloudWatchFaultKind,
  type Operation as CloudWatchOperation,
  type RecordedCall,
  type StoredLogEvent,
} from './fake-cloudwatch-logs.js'
export {
  type BuiltChain,
  buildSignedChain,
  type ChainSpec,
  digestKeyFor,
  newSigningKey,
  publicKeyList,
  type SigningKey,
  signedDigestObject,
  type TrailObjectSpec,
} from './signed-trail.js'

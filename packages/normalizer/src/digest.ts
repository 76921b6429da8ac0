/** One log file listed in a CloudTrail digest. */
export interface DigestLogFile {
  s3Bucket: string
  s3Object: string
  /** Hex SHA-256 of the uncompressed log file. */
  hashValue: string
  hashAlgorithm: string
  newestEventTime: string
  oldestEventTime: string
}

/**
 * A CloudTrail log-file integrity digest (`CloudTrail-Digest/…json.gz`), as parsed: the hourly list of delivered log
 * files with their hashes, chained to the previous digest. Keys not listed here are kept as they were.
 */
export interface CloudTrailDigest {
  awsAccountId?: string
  digestStartTime?: string
  digestEndTime?: string
  digestS3Bucket?: string
  digestS3Object?: string
  digestPublicKeyFingerprint?: string
  digestSignatureAlgorithm?: string
  newestEventTime?: string | null
  oldestEventTime?: string | null
  previousDigestS3Bucket?: string | null
  previousDigestS3Object?: string | null
  previousDigestHashValue?: string | null
  previousDigestHashAlgorithm?: string | null
  previousDigestSignature?: string | null
  logFiles?: DigestLogFile[]
  [key: string]: unknown
}

/** Where validation reads a trail from: S3 itself, or what `cairn collect` kept in a data dir. */
export interface TrailStore {
  /** Every digest object whose key's date folders may fall inside [from, to]; filtered by key again afterwards. */
  listDigests(window: { from: Date; to: Date }): AsyncIterable<{ bucket: string; key: string }>
  readDigest(bucket: string, key: string): Promise<DigestRead>
  /** The hex SHA-256 of a log file's uncompressed bytes. */
  hashLogFile(bucket: string, key: string): Promise<LogFileRead>
}

export type DigestRead =
  | { found: false; detail?: string }
  | {
      found: true
      /** The digest as JSON (parsed), or why it is not JSON. */
      content: { value: unknown } | { problem: string }
      /** Hex SHA-256 of the uncompressed digest file; undefined when it is not known (offline, not recorded). */
      sha256?: string
      /** S3 user metadata: signature, signature-algorithm, backfill-generation-timestamp. */
      metadata: Record<string, string>
    }

export type LogFileRead = { found: false; detail?: string } | { found: true; sha256: string } | { found: true; problem: string }

import type { CloudTrailDigest, DigestLogFile } from '@cairn/normalizer'

/** A digest whose fields validation depends on are all there and of the right type. */
export interface DigestDocument extends CloudTrailDigest {
  digestStartTime: string
  digestEndTime: string
  digestS3Bucket: string
  digestS3Object: string
  digestPublicKeyFingerprint: string
  previousDigestSignature: string | null
  logFiles: DigestLogFile[]
}

const REQUIRED_STRINGS = [
  'digestStartTime',
  'digestEndTime',
  'digestS3Bucket',
  'digestS3Object',
  'digestPublicKeyFingerprint',
] as const

/** The digest, or what is wrong with it (a missing or mistyped field). */
export function checkDigestDocument(value: unknown): { digest: DigestDocument } | { problem: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: 'not a JSON object' }
  const fields = value as Record<string, unknown>
  for (const name of REQUIRED_STRINGS) {
    if (typeof fields[name] !== 'string') return { problem: `${name} is missing or not a string` }
  }
  for (const name of ['digestStartTime', 'digestEndTime'] as const) {
    if (Number.isNaN(Date.parse(fields[name] as string))) return { problem: `${name} is not a time` }
  }
  if (!('previousDigestSignature' in fields)) return { problem: 'previousDigestSignature is missing' }
  const previous = fields.previousDigestSignature
  if (previous !== null && typeof previous !== 'string') return { problem: 'previousDigestSignature is not a string' }
  const logFiles = fields.logFiles ?? []
  if (!Array.isArray(logFiles)) return { problem: 'logFiles is not an array' }
  for (const [i, file] of logFiles.entries()) {
    const f = file as Partial<DigestLogFile> | null
    if (typeof f?.s3Bucket !== 'string' || typeof f.s3Object !== 'string' || typeof f.hashValue !== 'string') {
      return { problem: `logFiles[${i}] lacks s3Bucket, s3Object or hashValue` }
    }
  }
  return { digest: { ...(fields as unknown as DigestDocument), logFiles: logFiles as DigestLogFile[] } }
}

/** Parses a digest's uncompressed bytes. */
export function parseDigestBytes(bytes: Uint8Array): { digest: DigestDocument } | { problem: string } {
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch (error) {
    return { problem: `not JSON: ${(error as Error).message}` }
  }
  return checkDigestDocument(value)
}

import { createPublicKey, type KeyObject, verify } from 'node:crypto'
import type { DigestDocument } from './digest-document.js'

/**
 * What CloudTrail signs: `digestEndTime \n bucket/key \n hex(sha256(uncompressed digest)) \n previousDigestSignature`,
 * with the literal `null` for the first digest of a chain.
 */
export function digestSigningString(digest: DigestDocument, digestSha256: string): string {
  return `${digest.digestEndTime}\n${digest.digestS3Bucket}/${digest.digestS3Object}\n${digestSha256}\n${digest.previousDigestSignature ?? 'null'}`
}

/** RSASSA-PKCS1-v1_5 with SHA-256 over the signing string; false for a signature that is not even hex. */
export function verifyDigestSignature(
  publicKey: KeyObject,
  digest: DigestDocument,
  digestSha256: string,
  signatureHex: string,
): boolean {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(signatureHex)) return false
  const data = Buffer.from(digestSigningString(digest, digestSha256), 'utf8')
  return verify('sha256', data, publicKey, Buffer.from(signatureHex, 'hex'))
}

/** A DER public key as ListPublicKeys gives it: PKCS#1 as documented, SubjectPublicKeyInfo accepted too. */
export function loadPublicKey(der: Uint8Array): KeyObject {
  const key = Buffer.from(der.buffer, der.byteOffset, der.byteLength)
  try {
    return createPublicKey({ key, format: 'der', type: 'pkcs1' })
  } catch {
    return createPublicKey({ key, format: 'der', type: 'spki' })
  }
}

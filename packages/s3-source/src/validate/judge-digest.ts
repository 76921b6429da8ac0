import { checkDigestDocument, type DigestDocument } from './digest-document.js'
import { verifyDigestSignature } from './digest-signature.js'
import type { PublicKeyRing } from './public-keys.js'
import type { DigestRead } from './trail-store.js'
import type { DigestProblem } from './validation-record.js'

export interface DigestJudgement {
  /** The digest's content, when it could be read (whether or not it may be trusted). */
  digest?: DigestDocument
  problem?: DigestProblem
  status: string
}

/** The newer digest of the chain that names this one as its previous digest. */
export interface NewerLink {
  digest: DigestDocument
  location: string
}

/**
 * The checks of one digest that was found, first failure wins: its format, that it lies where it says it was
 * written, its signature in S3 metadata against the public key its fingerprint names, and then what the AWS CLI
 * never checks: that the newer digest's previousDigestHashValue and previousDigestSignature are this digest's.
 */
export function judgeDigest(
  bucket: string,
  key: string,
  read: Extract<DigestRead, { found: true }>,
  keys: PublicKeyRing,
  newer?: NewerLink,
): DigestJudgement {
  if ('problem' in read.content) return { problem: 'invalid-format', status: 'INVALID: invalid format' }
  const checked = checkDigestDocument(read.content.value)
  if ('problem' in checked) return { problem: 'invalid-format', status: `INVALID: invalid format (${checked.problem})` }
  const digest = checked.digest
  if (digest.digestS3Bucket !== bucket || digest.digestS3Object !== key) {
    return { digest, problem: 'moved', status: 'INVALID: has been moved from its original location' }
  }
  const signature = read.metadata.signature
  const algorithm = read.metadata['signature-algorithm']
  if (!signature || !algorithm) {
    return { digest, problem: 'signature-missing', status: 'INVALID: signature verification failed (no signature in S3 metadata)' }
  }
  if (algorithm !== 'SHA256withRSA' || (digest.digestSignatureAlgorithm ?? algorithm) !== algorithm) {
    return { digest, problem: 'signature-failed', status: `INVALID: signature verification failed (algorithm ${algorithm})` }
  }
  const publicKey = keys.find(digest.digestPublicKeyFingerprint)
  if (publicKey === undefined) {
    return {
      digest,
      problem: 'public-key-not-found',
      status: `INVALID: public key not found for fingerprint ${digest.digestPublicKeyFingerprint}`,
    }
  }
  if (publicKey instanceof Error) return { digest, problem: 'public-key-unusable', status: `INVALID: ${publicKey.message}` }
  if (read.sha256 === undefined) {
    return { digest, problem: 'hash-unknown', status: 'INVALID: the digest file\'s hash was not recorded, its signature cannot be checked' }
  }
  if (!verifyDigestSignature(publicKey, digest, read.sha256, signature)) {
    return { digest, problem: 'signature-failed', status: 'INVALID: signature verification failed' }
  }
  if (newer) {
    if ((newer.digest.previousDigestHashValue ?? '').toLowerCase() !== read.sha256.toLowerCase()) {
      return {
        digest,
        problem: 'previous-hash-mismatch',
        status: `INVALID: hash value doesn't match the previousDigestHashValue of ${newer.location}`,
      }
    }
    if ((newer.digest.previousDigestSignature ?? '').toLowerCase() !== signature.toLowerCase()) {
      return {
        digest,
        problem: 'previous-signature-mismatch',
        status: `INVALID: signature doesn't match the previousDigestSignature of ${newer.location}`,
      }
    }
  }
  return { digest, status: 'valid' }
}

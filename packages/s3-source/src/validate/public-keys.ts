import type { KeyObject } from 'node:crypto'
import { loadPublicKey } from './digest-signature.js'

/** One entry of ListPublicKeys' `PublicKeyList`. */
export interface TrailPublicKey {
  fingerprint: string
  /** DER bytes. */
  value: Uint8Array
  validityStartTime?: Date
  validityEndTime?: Date
}

/** The keys that may have signed digests, by fingerprint; a key that does not load is reported when it is needed. */
export class PublicKeyRing {
  private readonly keys = new Map<string, TrailPublicKey>()
  private readonly loaded = new Map<string, KeyObject | Error>()

  constructor(keys: Iterable<TrailPublicKey>) {
    for (const key of keys) this.keys.set(key.fingerprint.toLowerCase(), key)
  }

  get size(): number {
    return this.keys.size
  }

  /** The key, undefined when no key has this fingerprint, or why it cannot be used. */
  find(fingerprint: string): KeyObject | Error | undefined {
    const id = fingerprint.toLowerCase()
    const cached = this.loaded.get(id)
    if (cached) return cached
    const entry = this.keys.get(id)
    if (!entry) return undefined
    let key: KeyObject | Error
    try {
      key = loadPublicKey(entry.value)
    } catch (error) {
      key = new Error(`Unable to load PKCS #1 key with fingerprint ${fingerprint}: ${(error as Error).message}`)
    }
    this.loaded.set(id, key)
    return key
  }
}

/**
 * Reads what `aws cloudtrail list-public-keys` prints: `{"PublicKeyList":[{"Value": base64 DER, "Fingerprint",
 * "ValidityStartTime", "ValidityEndTime"}]}` (a bare list is accepted too). Throws naming the entry that is wrong.
 */
export function parsePublicKeyList(json: string, source = 'public keys'): TrailPublicKey[] {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch (error) {
    throw new Error(`${source}: not JSON: ${(error as Error).message}`)
  }
  const list = Array.isArray(value) ? value : (value as { PublicKeyList?: unknown } | null)?.PublicKeyList
  if (!Array.isArray(list)) throw new Error(`${source}: no PublicKeyList array`)
  return list.map((entry, i) => {
    const e = entry as Record<string, unknown> | null
    if (typeof e?.Fingerprint !== 'string' || typeof e.Value !== 'string') {
      throw new Error(`${source}: PublicKeyList[${i}] lacks a Fingerprint or a base64 Value`)
    }
    return {
      fingerprint: e.Fingerprint,
      value: new Uint8Array(Buffer.from(e.Value, 'base64')),
      ...(typeof e.ValidityStartTime === 'string' ? { validityStartTime: new Date(e.ValidityStartTime) } : {}),
      ...(typeof e.ValidityEndTime === 'string' ? { validityEndTime: new Date(e.ValidityEndTime) } : {}),
    }
  })
}

import { CloudTrailClient, ListPublicKeysCommand } from '@aws-sdk/client-cloudtrail'
import type { TrailPublicKey } from './public-keys.js'

export interface ListPublicKeysOptions {
  region: string
  endpoint?: string
  profile?: string
  from: Date
  to: Date
}

/** CloudTrail's signing keys valid within [from, to] in one region, every page of ListPublicKeys. */
export async function listTrailPublicKeys(options: ListPublicKeysOptions): Promise<TrailPublicKey[]> {
  const client = new CloudTrailClient({
    region: options.region,
    endpoint: options.endpoint,
    maxAttempts: 4,
    ...(options.profile ? { profile: options.profile } : {}),
  })
  const keys: TrailPublicKey[] = []
  try {
    let nextToken: string | undefined
    do {
      const page = await client.send(
        new ListPublicKeysCommand({ StartTime: options.from, EndTime: options.to, NextToken: nextToken }),
      )
      for (const key of page.PublicKeyList ?? []) {
        if (!key.Fingerprint || !key.Value) continue
        keys.push({
          fingerprint: key.Fingerprint,
          value: key.Value,
          ...(key.ValidityStartTime ? { validityStartTime: key.ValidityStartTime } : {}),
          ...(key.ValidityEndTime ? { validityEndTime: key.ValidityEndTime } : {}),
        })
      }
      nextToken = page.NextToken
    } while (nextToken)
  } catch (error) {
    throw new Error(`CloudTrail ListPublicKeys failed in ${options.region}: ${(error as Error).message}`, { cause: error })
  } finally {
    client.destroy()
  }
  return keys
}

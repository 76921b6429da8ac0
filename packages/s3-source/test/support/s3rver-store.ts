import { createHash } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'

export interface StoredObject {
  key: string
  body: Uint8Array
  /** User metadata, without the `x-amz-meta-` prefix. */
  metadata?: Record<string, string>
}

/**
 * Writes objects straight into s3rver's filesystem store (`<key>._S3rver_object`, `.md5`, `_metadata.json`), the
 * files its PutObject writes: thousands of keys in a fraction of the time HTTP uploads take. The listing and
 * download tests read them back through the S3 API, which is what proves the layout right.
 */
export async function writeS3rverObjects(dataDir: string, bucket: string, objects: StoredObject[]): Promise<void> {
  await mkdir(join(dataDir, bucket), { recursive: true })
  let next = 0
  const worker = async () => {
    while (next < objects.length) {
      const object = objects[next++]!
      const base = join(dataDir, bucket, object.key)
      const metadata: Record<string, string> = { 'content-type': 'application/octet-stream' }
      for (const [name, value] of Object.entries(object.metadata ?? {})) metadata[`x-amz-meta-${name}`] = value
      await mkdir(dirname(base), { recursive: true })
      await Promise.all([
        writeFile(`${base}._S3rver_object`, object.body),
        writeFile(`${base}._S3rver_object.md5`, createHash('md5').update(object.body).digest('hex')),
        writeFile(`${base}._S3rver_metadata.json`, JSON.stringify(metadata, null, 2)),
      ])
    }
  }
  await Promise.all(Array.from({ length: 32 }, worker))
}

import { createReadStream, existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { DigestRead, LogFileRead, TrailStore } from '@cairn/s3-source'
import type { InputHashEntry } from '../collect/collect-run.js'

interface KeptDigest {
  location: string
  digest: unknown
  metadata?: Record<string, string>
}

/** Each JSON line of every `*.jsonl` in a side folder, runs in order (a later run's line wins). */
async function* sideLines(folder: string, onBadLine: (message: string) => void): AsyncGenerator<unknown> {
  if (!existsSync(folder)) return
  for (const name of (await readdir(folder)).filter((n) => n.endsWith('.jsonl')).sort()) {
    const path = join(folder, name)
    let line = 0
    for await (const text of createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY })) {
      line++
      if (text.trim() === '') continue
      try {
        yield JSON.parse(text)
      } catch (error) {
        onBadLine(`${path}:${line}: not JSON (${(error as Error).message}), line skipped`)
      }
    }
  }
}

/**
 * What `cairn collect --source s3` kept of a trail: digests with their S3 metadata (`digests/`) and the SHA-256 of
 * every object's uncompressed bytes (`hashes/`), by `s3://bucket/key`. A log file collection never read counts as
 * not found; a digest collected before hashes were recorded cannot have its signature checked.
 */
export class DataDirTrailStore implements TrailStore {
  readonly problems: string[] = []

  private constructor(
    private readonly digests: Map<string, KeptDigest>,
    private readonly hashes: Map<string, string>,
  ) {}

  static async open(dataDir: string): Promise<DataDirTrailStore> {
    const problems: string[] = []
    const digests = new Map<string, KeptDigest>()
    for await (const value of sideLines(join(dataDir, 'digests'), (m) => problems.push(m))) {
      const entry = value as Partial<KeptDigest> | null
      if (typeof entry?.location === 'string' && entry.location.startsWith('s3://')) digests.set(entry.location, entry as KeptDigest)
    }
    const hashes = new Map<string, string>()
    for await (const value of sideLines(join(dataDir, 'hashes'), (m) => problems.push(m))) {
      const entry = value as Partial<InputHashEntry> | null
      if (typeof entry?.location === 'string' && typeof entry.sha256 === 'string') hashes.set(entry.location, entry.sha256)
    }
    const store = new DataDirTrailStore(digests, hashes)
    store.problems.push(...problems)
    return store
  }

  get digestCount(): number {
    return this.digests.size
  }

  async *listDigests(): AsyncIterable<{ bucket: string; key: string }> {
    for (const location of this.digests.keys()) {
      const at = location.indexOf('/', 5)
      if (at > 5) yield { bucket: location.slice(5, at), key: location.slice(at + 1) }
    }
  }

  async readDigest(bucket: string, key: string): Promise<DigestRead> {
    const location = `s3://${bucket}/${key}`
    const kept = this.digests.get(location)
    if (!kept) return { found: false, detail: 'not in the data dir' }
    const sha256 = this.hashes.get(location)
    return { found: true, content: { value: kept.digest }, metadata: kept.metadata ?? {}, ...(sha256 ? { sha256 } : {}) }
  }

  async hashLogFile(bucket: string, key: string): Promise<LogFileRead> {
    const sha256 = this.hashes.get(`s3://${bucket}/${key}`)
    return sha256 ? { found: true, sha256 } : { found: false, detail: 'not in the data dir' }
  }
}

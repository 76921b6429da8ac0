import { createHash } from 'node:crypto'
import { mkdir, open, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'

export interface TakenObject {
  key: string
  /** S3's ETag, or size and mtime for a local file: a changed object is taken again. */
  version: string
}

/**
 * What a source has taken into the lake, as an append-only JSON-lines file in the data dir. A line is added only
 * after the object's rows are on disk, so a killed collect forgets at most what it had not finished, and taking
 * that again is harmless (the lake drops event ids it holds).
 */
export class TakenObjects {
  private readonly taken = new Map<string, string>()

  private constructor(readonly path: string) {}

  /** `<data-dir>/state/<partition>/<source>-<hash of what identifies it>.jsonl` */
  static pathFor(dataDir: string, partition: string, source: string, identity: string): string {
    const hash = createHash('sha256').update(identity).digest('hex').slice(0, 12)
    return join(dataDir, 'state', partition, `${source}-${hash}.jsonl`)
  }

  static async open(path: string): Promise<TakenObjects> {
    const state = new TakenObjects(path)
    let text = ''
    try {
      text = await readFile(path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
    for (const line of text.split('\n')) {
      if (!line) continue
      try {
        const { key, version } = JSON.parse(line) as TakenObject
        state.taken.set(key, version)
      } catch {
        // a line cut by a kill while it was appended: that object is simply taken again
      }
    }
    return state
  }

  get size(): number {
    return this.taken.size
  }

  has(object: TakenObject): boolean {
    return this.taken.get(object.key) === object.version
  }

  /** Records objects whose rows are on disk, durably (fsync) before it returns. */
  async add(objects: readonly TakenObject[]): Promise<void> {
    if (objects.length === 0) return
    await mkdir(dirname(this.path), { recursive: true })
    const file = await open(this.path, 'a')
    try {
      await file.write(objects.map((o) => `${JSON.stringify({ key: o.key, version: o.version })}\n`).join(''))
      await file.sync()
    } finally {
      await file.close()
    }
    for (const o of objects) this.taken.set(o.key, o.version)
  }

  /** Forgets the objects `drop` selects (to collect them again), rewriting the file atomically. */
  async forget(drop: (key: string) => boolean): Promise<number> {
    const kept = [...this.taken].filter(([key]) => !drop(key))
    const forgotten = this.taken.size - kept.length
    if (forgotten === 0) return 0
    await mkdir(dirname(this.path), { recursive: true })
    const temp = `${this.path}.tmp`
    await writeFile(temp, kept.map(([key, version]) => `${JSON.stringify({ key, version })}\n`).join(''))
    await rename(temp, this.path)
    this.taken.clear()
    for (const [key, version] of kept) this.taken.set(key, version)
    return forgotten
  }
}

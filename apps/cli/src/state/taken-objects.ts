import { createHash } from 'node:crypto'
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { SHARD_LABEL_SOURCE } from '../collect/collect-shard.js'

export interface TakenObject {
  key: string
  /** S3's ETag, or size and mtime for a local file: a changed object is taken again. */
  version: string
}

/**
 * What a source has taken into the lake, as an append-only JSON-lines file in the data dir. A line is added only
 * after the object's rows are on disk, so a killed collect forgets at most what it had not finished, and taking
 * that again is harmless (the lake drops event ids it holds).
 *
 * A source collected in shards (`--shard i/n`) has one file per shard beside the unsharded one, so that shards
 * running at once never append to one file; the family is read as one: a shard, a shard of another split or an
 * unsharded collect all skip what any of them took.
 */
export class TakenObjects {
  private readonly taken = new Map<string, string>()

  private constructor(
    readonly path: string,
    /** The other files of the family, read at open (rewritten into `path` by forget). */
    private readonly siblings: string[],
  ) {}

  /**
   * `<data-dir>/state/<partition>/<source>-<hash of what identifies it>.jsonl`, or with a shard label
   * `…/<source>-<hash>.shard-2-of-3.jsonl`.
   */
  static pathFor(dataDir: string, partition: string, source: string, identity: string, shardLabel?: string): string {
    const hash = createHash('sha256').update(identity).digest('hex').slice(0, 12)
    return join(dataDir, 'state', partition, `${source}-${hash}${shardLabel ? `.${shardLabel}` : ''}.jsonl`)
  }

  static async open(path: string): Promise<TakenObjects> {
    const family = familyOf(path)
    const siblings = (await readdir(dirname(path)).catch(() => [] as string[]))
      .filter((name) => family.test(name) && name !== basename(path))
      .sort()
      .map((name) => join(dirname(path), name))
    const state = new TakenObjects(path, siblings)
    for (const file of [...siblings, path]) state.load(await readIfThere(file))
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

  /**
   * Forgets the objects `drop` selects (to collect them again), rewriting the file atomically with what the whole
   * family keeps, then removing the shards' files. Only for a collect that excludes every shard (unsharded).
   */
  async forget(drop: (key: string) => boolean): Promise<number> {
    const kept = [...this.taken].filter(([key]) => !drop(key))
    const forgotten = this.taken.size - kept.length
    if (forgotten === 0) return 0
    await mkdir(dirname(this.path), { recursive: true })
    const temp = `${this.path}.tmp`
    await writeFile(temp, kept.map(([key, version]) => `${JSON.stringify({ key, version })}\n`).join(''))
    await rename(temp, this.path)
    // a kill before these are gone leaves forgotten objects recorded: the collect, run again, forgets them again
    for (const sibling of this.siblings.splice(0)) await rm(sibling, { force: true })
    this.taken.clear()
    for (const [key, version] of kept) this.taken.set(key, version)
    return forgotten
  }

  private load(text: string): void {
    for (const line of text.split('\n')) {
      if (!line) continue
      try {
        const { key, version } = JSON.parse(line) as TakenObject
        this.taken.set(key, version)
      } catch {
        // a line cut by a kill while it was appended: that object is simply taken again
      }
    }
  }
}

/** `s3-<hash>.jsonl` and `s3-<hash>.shard-<i>-of-<n>.jsonl`, whichever of them `path` is. */
const SHARD_SUFFIX = `(\\.${SHARD_LABEL_SOURCE})?\\.jsonl$`

function familyOf(path: string): RegExp {
  const stem = basename(path).replace(new RegExp(SHARD_SUFFIX), '')
  return new RegExp(`^${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${SHARD_SUFFIX}`)
}

async function readIfThere(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    return ''
  }
}

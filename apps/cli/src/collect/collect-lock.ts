import { mkdir, open, readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { type CollectShard, describeShard, SHARD_LABEL_SOURCE, shardLabel } from './collect-shard.js'

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

const WHOLE_LOCK = '.collect.lock'
const SHARD_LOCK = new RegExp(`^\\.collect\\.${SHARD_LABEL_SOURCE}\\.lock$`)

/** The lock file a collect holds: the data dir's, or its shard's (`.collect.shard-2-of-3.lock`). */
function lockName(shard: CollectShard | undefined): string {
  return shard ? `.collect.${shardLabel(shard)}.lock` : WHOLE_LOCK
}

/** A lock file's owner, if that process still runs (a killed collect's lock is stale). */
async function liveOwner(path: string): Promise<number | undefined> {
  const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim())
  return owner && alive(owner) && owner !== process.pid ? owner : undefined
}

/** Creates `path` holding this pid, exclusively; takes over a stale lock. */
async function createLock(path: string, dataDir: string, what: string): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx')
      await handle.writeFile(String(process.pid))
      await handle.close()
      return
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const owner = await liveOwner(path)
      if (owner) throw new Error(`another cairn collect${what} (pid ${owner}) is writing to ${dataDir}; wait for it or stop it`)
      await rm(path, { force: true })
    }
  }
  throw new Error(`could not lock ${dataDir} for collection`)
}

/**
 * One collect at a time per data dir — except shards of one split (`--shard i/n`, same n), which take disjoint
 * accounts and so write disjoint lake folders and state files: each holds its shard's lock, and runs beside the
 * other shards of that split. An unsharded collect excludes every shard, and shards of different splits (2/3 and
 * 1/4 may share accounts) exclude each other. Each collect creates its own lock file first and then looks for
 * conflicting ones, so of two that start together at least one sees the other. A lock whose process is gone (a
 * killed collect) is taken over.
 */
export async function acquireCollectLock(dataDir: string, shard?: CollectShard): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true })
  const own = lockName(shard)
  const path = join(dataDir, own)
  await createLock(path, dataDir, shard ? ` of shard ${describeShard(shard)}` : '')
  const release = () => rm(path, { force: true })
  try {
    for (const name of await readdir(dataDir)) {
      if (name === own) continue
      const other = SHARD_LOCK.exec(name)
      if (name !== WHOLE_LOCK && !other) continue
      // shards of the same split run side by side
      if (shard && other && Number(other[2]) === shard.count) continue
      const owner = await liveOwner(join(dataDir, name))
      if (!owner) continue
      const theirs = other ? `shard ${other[1]}/${other[2]}` : 'an unsharded collect'
      const why = shard
        ? other
          ? `shards of different splits may share accounts`
          : 'it writes every account'
        : 'an unsharded collect writes every account'
      throw new Error(`another cairn collect (${theirs}, pid ${owner}) is writing to ${dataDir} and ${why}; wait for it or stop it`)
    }
  } catch (error) {
    await release()
    throw error
  }
  return release
}

import { mkdir, open, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * One collect at a time per data dir: a lock file holding the owner's pid, created exclusively. A lock whose
 * process is gone (a killed collect) is taken over.
 */
export async function acquireCollectLock(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true })
  const path = join(dataDir, '.collect.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx')
      await handle.writeFile(String(process.pid))
      await handle.close()
      return () => rm(path, { force: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim())
      if (owner && alive(owner) && owner !== process.pid) {
        throw new Error(`another cairn collect (pid ${owner}) is writing to ${dataDir}; wait for it or stop it`)
      }
      await rm(path, { force: true })
    }
  }
  throw new Error(`could not lock ${dataDir} for collection`)
}

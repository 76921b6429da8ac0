import { readdir, readFile, stat } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import type { CairnConfig } from './config-types.js'
import { parseCairnConfigs } from './parse-config.js'

/** Config files in a folder: cairn's own `.hcl`, and Tailpipe's `.tpc` so its config folder can be reused. */
const CONFIG_FILE = /^[^.].*\.(?:hcl|tpc)$/

export async function loadCairnConfig(path: string): Promise<CairnConfig> {
  return loadCairnConfigs([path])
}

/** Reads and parses the files as one config (see parseCairnConfigs); errors name each file by its path. */
export async function loadCairnConfigs(paths: readonly string[]): Promise<CairnConfig> {
  const files = await Promise.all(
    paths.map(async (path) => {
      try {
        return { text: await readFile(path, 'utf8'), fileName: path }
      } catch (error) {
        throw new Error(`cannot read the config file ${path}: ${describeFsError(error)}`)
      }
    }),
  )
  return parseCairnConfigs(files)
}

/**
 * The config files to load: `$CAIRN_CONFIG` (a file, or a folder of `.hcl`/`.tpc` files), else the `.hcl` and
 * `.tpc` files of `~/.cairn/config` (none when that folder does not exist). Folder files come in name order.
 */
export async function defaultConfigPaths(env: NodeJS.ProcessEnv = process.env, homeDir = homedir()): Promise<string[]> {
  const configured = env.CAIRN_CONFIG
  if (configured !== undefined && configured !== '') {
    const path = resolve(configured)
    const kind = await stat(path).catch((error: unknown) => {
      throw new Error(`CAIRN_CONFIG names ${path}, which cannot be read: ${describeFsError(error)}`)
    })
    return kind.isDirectory() ? configFilesIn(path) : [path]
  }
  const folder = join(homeDir, '.cairn', 'config')
  return configFilesIn(folder).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  })
}

async function configFilesIn(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true })
  return entries
    .filter((entry) => !entry.isDirectory() && CONFIG_FILE.test(entry.name))
    .map((entry) => join(folder, entry.name))
    .sort()
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return 'no such file or folder'
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  if (code === 'EISDIR') return 'it is a folder'
  return (error as Error).message
}

import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

/** `--data-dir`, else `CAIRN_DATA_DIR`, else `~/.cairn/data`. */
export function resolveDataDir(flag?: string): string {
  return resolve(flag ?? process.env.CAIRN_DATA_DIR ?? join(homedir(), '.cairn', 'data'))
}

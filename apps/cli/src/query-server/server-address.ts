import { createHash } from 'node:crypto'
import { lstatSync, mkdirSync, realpathSync, statSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Where the query server of a data dir listens: a Unix socket in a folder only this user can enter (a named pipe
 * on Windows). The name comes from the data dir's real path, so every spelling of one lake finds one server; it
 * lives under the temp dir because socket paths are limited to about 100 bytes.
 */
export interface ServerAddress {
  socket: string
  /** The server's log (its stderr): why it stopped, when it did not stop idle. */
  log: string
  /** The running server's process id. */
  pid: string
}

function user(): string {
  return String(process.getuid?.() ?? userInfo().username)
}

/**
 * The folder of this user's servers, made 0700. One that is not a plain folder of this user's, closed to others
 * (made beforehand by someone else in a shared /tmp, or a link), is not used: a socket there could be another's.
 */
function privateFolder(dir: string): boolean {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const info = lstatSync(dir)
  const uid = process.getuid?.()
  return info.isDirectory() && (uid === undefined || info.uid === uid) && (info.mode & 0o077) === 0
}

/** The address of the data dir's query server; undefined where no private place for its socket can be had. */
export function serverAddress(dataDir: string): ServerAddress | undefined {
  let real = resolve(dataDir)
  try {
    real = realpathSync(real)
  } catch {
    // not made yet: its resolved path names it
  }
  const id = createHash('sha256').update(real).digest('hex').slice(0, 20)
  if (process.platform === 'win32') {
    const base = join(tmpdir(), `cairn-${user()}-${id}`)
    return { socket: `\\\\.\\pipe\\cairn-${user()}-${id}`, log: `${base}.log`, pid: `${base}.pid` }
  }
  const dir = join(tmpdir(), `cairn-${user()}`)
  if (!privateFolder(dir)) return undefined
  return { socket: join(dir, `${id}.sock`), log: join(dir, `${id}.log`), pid: join(dir, `${id}.pid`) }
}

/**
 * Names this build of the CLI: a server started by an older build (before a rebuild or an upgrade) is told to
 * stop rather than answer with old code.
 */
export function buildId(): string {
  const files = [new URL('../main.js', import.meta.url).href, import.meta.resolve('@cairn/query/node')]
  return files
    .map((url) => {
      try {
        const { mtimeMs, size } = statSync(fileURLToPath(url))
        return `${mtimeMs}:${size}`
      } catch {
        return 'unknown'
      }
    })
    .join('/')
}

import { resolveDataDir } from '../data-dir.js'
import { stopServer } from '../query-server/query-client.js'

export interface QueryServerCommandOptions {
  dataDir?: string
  stop?: boolean
  idleSeconds: number
}

/** `cairn query-server`: serve the lake's queries until idle (or stop the one that does). */
export async function queryServerCommand(options: QueryServerCommandOptions): Promise<void> {
  const dataDir = resolveDataDir(options.dataDir)
  if (options.stop) {
    const stopped = await stopServer(dataDir)
    process.stderr.write(stopped ? `stopped the query server of ${dataDir}\n` : `no query server runs for ${dataDir}\n`)
    return
  }
  const { serveQueries } = await import('../query-server/query-server.js')
  await serveQueries(dataDir, { idleSeconds: options.idleSeconds })
  // the engine's handles must not keep a stopped server alive
  process.exit(0)
}

import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { lakeLocationOf } from '../lake-location.js'
import { Progress } from '../progress.js'
import { NO_SERVER, queryThroughServer } from '../query-server/query-client.js'
import { buildId } from '../query-server/server-address.js'
import type { QueryCommandOptions } from './query-options.js'

export type { QueryCommandOptions } from './query-options.js'

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** The SQL to run: the argument, the file it names, or standard input when it is piped. */
async function sqlFrom(arg: string | undefined): Promise<string | undefined> {
  if (arg !== undefined) return /\.sql$/i.test(arg.trim()) && existsSync(arg.trim()) ? readFile(arg.trim(), 'utf8') : arg
  if (!process.stdin.isTTY) return readStdin()
  return undefined
}

/** `CAIRN_QUERY_SERVER=off` (or 0, false, no) keeps every query in its own process, like `--no-server`. */
export function queryServerWanted(options: { server?: boolean }): boolean {
  const env = process.env.CAIRN_QUERY_SERVER?.trim().toLowerCase()
  return options.server !== false && !['off', '0', 'false', 'no'].includes(env ?? '')
}

/**
 * `cairn query`: one statement goes to the lake's query server (started when none runs), whose warm engine
 * answers in a fraction of a process's start; an S3 lake, the shell, `--no-server` or a server that cannot be
 * reached answer in this process.
 */
export async function queryCommand(sqlArg: string | undefined, options: QueryCommandOptions): Promise<void> {
  const location = lakeLocationOf(options.dataDir, options)
  const sql = await sqlFrom(sqlArg)
  if (sql !== undefined && location.kind === 'local' && queryServerWanted(options)) {
    const answered = await queryThroughServer(location.dataDir, {
      kind: 'query',
      build: buildId(),
      sql,
      output: options.output,
      from: options.from?.toISOString(),
      to: options.to?.toISOString(),
      partition: options.partition,
      index: options.index,
      verbose: options.verbose,
      progress: Boolean(process.stderr.isTTY),
    })
    if (answered !== NO_SERVER) return
  }
  const [{ openLakeAt }, { runQuery, shell }] = await Promise.all([import('../lake-store.js'), import('./query-local.js')])
  const session = await openLakeAt(location)
  const out = { stdout: process.stdout, stderr: process.stderr, progress: new Progress() }
  if (sql !== undefined) await runQuery(session, sql, options, out)
  else await shell(session, options, out)
}

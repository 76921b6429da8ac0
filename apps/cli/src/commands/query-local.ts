import { appendFileSync, existsSync, readFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { jsonTextChunks, type LakeSession, type LoadResult, listLakeFiles, toQueryResultBatches } from '@cairn/query'
import { writeChunks, writeResult } from '../output/format-result.js'
import { formatCount } from '../progress.js'
import { lakeFilter, type QueryCommandOptions } from './query-options.js'

/** Where a query's answer goes: the terminal, or a query server's client. */
export interface QueryOutput {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  /** A progress line (shown only where it can be: on a TTY); `done` clears it. */
  progress: { update(text: string | (() => string)): void; done(): void }
}

/** One statement: load what it needs, answer it, and with --verbose say what was read. */
export async function runQuery(session: LakeSession, sql: string, options: QueryCommandOptions, out: QueryOutput): Promise<void> {
  const { table, load } = await session.queryTable(sql, {
    filter: lakeFilter(options),
    onLoadProgress: (p) => out.progress.update(() => `loading ${p.filesRead}/${p.filesTotal} files, ${formatCount(p.rows)} rows`),
  })
  out.progress.done()
  // JSON straight from the Arrow buffers where it can be (no row objects, no string per cell): a 255k-row answer
  // spent most of its time making and formatting rows
  const layout = options.output === 'json' ? 'pretty' : options.output === 'jsonl' ? 'lines' : undefined
  const json = layout && jsonTextChunks(table, layout)
  if (json) await writeChunks(json, out.stdout)
  else await writeResult(toQueryResultBatches(table), options.output, out.stdout)
  if (options.verbose) out.stderr.write(`${await loadSummary(session, load)}\n`)
}

/** `read 4 of 231 lake files, 1,204,512 of 139,380,736 bytes, 3,373 rows, columns: event_time, event_name`. */
async function loadSummary(session: LakeSession, load: LoadResult): Promise<string> {
  const all = await listLakeFiles(session.store)
  const total = all.reduce((sum, f) => sum + f.size, 0)
  const n = (v: number) => v.toLocaleString('en-US')
  return `cairn query: read ${n(load.files)} of ${n(all.length)} lake files, ${n(load.bytes)} of ${n(total)} bytes, ${n(load.rows)} rows, columns: ${load.columns.join(', ')}`
}

/** An interactive shell: statements end with `;`, history is kept in ~/.cairn/history. */
export async function shell(session: LakeSession, options: QueryCommandOptions, out: QueryOutput): Promise<void> {
  const historyFile = join(homedir(), '.cairn', 'history')
  await mkdir(join(homedir(), '.cairn'), { recursive: true })
  const history = existsSync(historyFile) ? readFileSync(historyFile, 'utf8').split('\n').filter(Boolean).reverse() : []
  const rl = createInterface({ input: process.stdin, output: process.stdout, history, historySize: 1000, prompt: 'cairn> ' })
  process.stdout.write('Cairn SQL shell over aws_cloudtrail_log. End statements with ;  .exit to leave.\n')
  let buffer = ''
  rl.prompt()
  for await (const line of rl) {
    if (buffer === '' && ['.exit', '.quit', 'exit', 'quit'].includes(line.trim())) break
    buffer += `${line}\n`
    if (!line.trim().endsWith(';')) {
      rl.setPrompt('   ...> ')
      rl.prompt()
      continue
    }
    const sql = buffer.trim()
    buffer = ''
    appendFileSync(historyFile, `${sql.replace(/\n/g, ' ')}\n`)
    try {
      await runQuery(session, sql, options, out)
    } catch (error) {
      process.stderr.write(`Error: ${(error as Error).message}\n`)
    }
    rl.setPrompt('cairn> ')
    rl.prompt()
  }
  rl.close()
}

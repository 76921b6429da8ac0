import { existsSync, readFileSync } from 'node:fs'
import { mkdir, readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { type LakeFilter, type LakeSession, listLakeFiles, type LoadResult } from '@cairn/query'
import { lakeLocationOf, openLakeAt, type S3LakeFlags } from '../lake-location.js'
import { type OutputFormat, writeResult } from '../output/format-result.js'
import { formatCount, Progress } from '../progress.js'

export interface QueryCommandOptions extends S3LakeFlags {
  dataDir?: string
  output: OutputFormat
  from?: Date
  to?: Date
  partition?: string[]
  index?: string[]
  /** Say on stderr which files the query read, of how many in the lake. */
  verbose?: boolean
}

export function lakeFilter(options: { from?: Date; to?: Date; partition?: string[]; index?: string[] }): LakeFilter {
  return { from: options.from, to: options.to, partitions: options.partition, indexes: options.index }
}

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

async function runOne(session: LakeSession, sql: string, options: QueryCommandOptions): Promise<void> {
  const progress = new Progress()
  const result = await session.query(sql, {
    filter: lakeFilter(options),
    onLoadProgress: (p) => progress.update(`loading ${p.filesRead}/${p.filesTotal} files, ${formatCount(p.rows)} rows`),
  })
  progress.done()
  await writeResult(result, options.output)
  if (options.verbose) process.stderr.write(`${await loadSummary(session, result.load)}\n`)
}

/** `read 4 of 231 lake files, 1,204,512 of 139,380,736 bytes, 3,373 rows, columns: event_time, event_name`. */
async function loadSummary(session: LakeSession, load: LoadResult): Promise<string> {
  const all = await listLakeFiles(session.store)
  const total = all.reduce((sum, f) => sum + f.size, 0)
  const n = (v: number) => v.toLocaleString('en-US')
  return `cairn query: read ${n(load.files)} of ${n(all.length)} lake files, ${n(load.bytes)} of ${n(total)} bytes, ${n(load.rows)} rows, columns: ${load.columns.join(', ')}`
}

export async function queryCommand(sqlArg: string | undefined, options: QueryCommandOptions): Promise<void> {
  const session = await openLakeAt(lakeLocationOf(options.dataDir, options))
  const sql = await sqlFrom(sqlArg)
  if (sql !== undefined) {
    await runOne(session, sql, options)
    return
  }
  await shell(session, options)
}

/** An interactive shell: statements end with `;`, history is kept in ~/.cairn/history. */
async function shell(session: LakeSession, options: QueryCommandOptions): Promise<void> {
  const historyFile = join(homedir(), '.cairn', 'history')
  await mkdir(join(homedir(), '.cairn'), { recursive: true })
  const history = existsSync(historyFile) ? readFileSync(historyFile, 'utf8').split('\n').filter(Boolean).reverse() : []
  const rl = createInterface({ input: process.stdin, output: process.stdout, history, historySize: 1000, prompt: 'cairn> ' })
  const { appendFileSync } = await import('node:fs')
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
      await runOne(session, sql, options)
    } catch (error) {
      process.stderr.write(`Error: ${(error as Error).message}\n`)
    }
    rl.setPrompt('cairn> ')
    rl.prompt()
  }
  rl.close()
}

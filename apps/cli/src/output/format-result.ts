import type { BatchedQueryResult, QueryResult } from '@cairn/query'

export type OutputFormat = 'table' | 'csv' | 'json' | 'jsonl'
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'csv', 'json', 'jsonl']
/** `cairn detect --output`: findings as a table, JSON, JSON lines or SARIF 2.1.0. */
export const DETECT_OUTPUTS = ['table', 'json', 'jsonl', 'sarif'] as const
/** `cairn lookup --output`: a table, or JSON shaped like lookup-events. */
export const LOOKUP_OUTPUTS = ['table', 'json'] as const

function text(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

function csvCell(value: unknown): string {
  const s = text(value)
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

/** JSON text of a flat value, or undefined for what needs JSON.stringify's own pretty printing. */
function flatJson(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value)
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null'
    case 'boolean':
      return value ? 'true' : 'false'
    default:
      return value === null ? 'null' : undefined
  }
}

/**
 * A row as `JSON.stringify(rows, null, 2)` prints it inside the array, key texts made once per result: the
 * general pretty printer (and re-indenting its output) took most of the time of a large `--output json`.
 */
function prettyRowWriter(names: readonly string[]): (row: Record<string, unknown>) => string {
  const keys = names.map((name, i) => `${i === 0 ? '' : ','}\n    ${JSON.stringify(name)}: `)
  const slow = (row: Record<string, unknown>) => JSON.stringify(row, null, 2).replaceAll('\n', '\n  ')
  // a name given twice (select a, a) is one key of the row, and __proto__ is none: the rows' own keys decide then
  const own = keys.length > 0 && new Set(names).size === names.length && !names.includes('__proto__')
  return (row) => {
    if (!own) return slow(row)
    let text = '{'
    for (let i = 0; i < keys.length; i++) {
      const json = flatJson(row[names[i]!])
      if (json === undefined) return slow(row)
      text += keys[i]! + json
    }
    return `${text}\n  }`
  }
}

/** The table's lines: widths come from every row, so the rows are formatted once up front. */
function* tableLines(result: QueryResult, maxWidth = 60): Generator<string> {
  const names = result.columns.map((c) => c.name)
  const cells = result.rows.map((row) =>
    names.map((n) => {
      const s = text(row[n]).replace(/\s+/g, ' ')
      return s.length > maxWidth ? `${s.slice(0, maxWidth - 1)}…` : s
    }),
  )
  const widths = names.map((n, i) => cells.reduce((w, r) => Math.max(w, r[i]!.length), n.length))
  const line = (parts: string[]) => `| ${parts.map((p, i) => p.padEnd(widths[i]!)).join(' | ')} |`
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`
  yield* [rule, line(names), rule]
  for (const row of cells) yield line(row)
  yield rule
  yield `(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`
}

/**
 * A query result for a terminal (table) or for scripts (csv, json: one array, jsonl: a row per line), as pieces
 * that joined give the whole text: a result of millions of rows is larger than the longest string V8 can hold.
 * The rows may come batch by batch (`BatchedQueryResult`); only the table needs them all at once (its widths).
 */
export function* formatResultPieces(result: QueryResult | BatchedQueryResult, format: OutputFormat): Generator<string> {
  const batches = 'batches' in result ? result.batches : [result.rows]
  const names = result.columns.map((c) => c.name)
  switch (format) {
    case 'json': {
      const prettyRow = prettyRowWriter(names)
      let first = true
      for (const rows of batches) {
        for (const row of rows) {
          yield `${first ? '[\n  ' : ',\n  '}${prettyRow(row)}`
          first = false
        }
      }
      yield first ? '[]' : '\n]'
      return
    }
    case 'jsonl': {
      let first = true
      for (const rows of batches) {
        for (const row of rows) {
          yield `${first ? '' : '\n'}${JSON.stringify(row)}`
          first = false
        }
      }
      return
    }
    case 'csv': {
      yield names.map(csvCell).join(',')
      for (const rows of batches) for (const row of rows) yield `\n${names.map((n) => csvCell(row[n])).join(',')}`
      return
    }
    case 'table': {
      const rows = 'batches' in result ? [...result.batches].flat() : result.rows
      let first = true
      for (const line of tableLines({ columns: result.columns, rows })) {
        yield first ? line : `\n${line}`
        first = false
      }
    }
  }
}

/** The whole text of `formatResultPieces`, for results small enough to hold in one string. */
export function formatResult(result: QueryResult, format: OutputFormat): string {
  return [...formatResultPieces(result, format)].join('')
}

/** Resolves when `stream` wants more; rejects when it failed or closed (a pipe's reader or a client went away). */
function drained(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      stream.off('drain', onDrain)
      stream.off('error', onError)
      stream.off('close', onClose)
      if (error) reject(error)
      else resolve()
    }
    const onDrain = () => settle()
    const onError = (error: Error) => settle(error)
    const onClose = () => settle(new Error('the output was closed before the whole answer was written'))
    stream.on('drain', onDrain)
    stream.on('error', onError)
    stream.on('close', onClose)
  })
}

/** Writes text already encoded (e.g. `jsonTextChunks`) and a final newline, waiting whenever the stream is full. */
export async function writeChunks(chunks: Iterable<Uint8Array>, stream: NodeJS.WritableStream = process.stdout): Promise<void> {
  for (const chunk of chunks) if (!stream.write(chunk)) await drained(stream)
  if (!stream.write('\n')) await drained(stream)
}

/** Writes a result and a final newline to `stream` in batches, waiting whenever the stream's buffer is full. */
export async function writeResult(result: QueryResult | BatchedQueryResult, format: OutputFormat, stream: NodeJS.WritableStream = process.stdout): Promise<void> {
  let batch: string[] = []
  let size = 0
  const flush = async () => {
    const text = batch.join('')
    batch = []
    size = 0
    if (!stream.write(text)) await drained(stream)
  }
  for (const piece of formatResultPieces(result, format)) {
    batch.push(piece)
    size += piece.length
    if (size >= 1 << 20) await flush()
  }
  batch.push('\n')
  await flush()
}

import type { OutputFormat } from '../output/format-result.js'

/** A query for the server: what `cairn query` was given, times as ISO-8601. */
export interface QueryRequest {
  kind: 'query'
  build: string
  sql: string
  output: OutputFormat
  from?: string
  to?: string
  partition?: string[]
  index?: string[]
  verbose?: boolean
  /** Whether the client shows progress (its stderr is a TTY). */
  progress: boolean
}

export type ServerRequest = QueryRequest | { kind: 'stop' }

/** The last frame of an answer. */
export interface AnswerEnd {
  exitCode: number
  /** The message `cairn` prints for a failed query. */
  error?: string
  /** The server is of another build and stops: start a new one and ask again. */
  restart?: boolean
}

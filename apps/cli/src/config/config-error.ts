import type { SourcePosition } from './hcl-syntax.js'

/** A mistake in a config file, located to the character: `file:line:column: problem`. */
export class ConfigError extends Error {
  readonly fileName: string
  readonly line: number
  readonly column: number

  constructor(
    at: SourcePosition,
    /** The message without the location. */
    readonly problem: string,
  ) {
    super(`${formatPosition(at)}: ${problem}`)
    this.name = 'ConfigError'
    this.fileName = at.fileName
    this.line = at.line
    this.column = at.column
  }
}

export function formatPosition(at: SourcePosition): string {
  return `${at.fileName}:${at.line}:${at.column}`
}

import { ConfigError } from './config-error.js'
import type { SourcePosition } from './hcl-syntax.js'

/** A read position in a config text that knows its line and column, for tokens and errors. */
export class SourceCursor {
  offset = 0
  private line = 1
  private lineStart = 0

  constructor(
    readonly text: string,
    readonly fileName: string,
  ) {}

  get atEnd(): boolean {
    return this.offset >= this.text.length
  }

  peek(ahead = 0): string {
    return this.text[this.offset + ahead] ?? ''
  }

  startsWith(expected: string): boolean {
    return this.text.startsWith(expected, this.offset)
  }

  /** Moves `count` UTF-16 units on, following newlines. */
  advance(count = 1): void {
    const end = Math.min(this.offset + count, this.text.length)
    for (; this.offset < end; this.offset++) {
      if (this.text.charCodeAt(this.offset) === 10) {
        this.line++
        this.lineStart = this.offset + 1
      }
    }
  }

  /** The position of `offset`, which must lie on the current line. */
  position(offset = this.offset): SourcePosition {
    let characters = 0
    for (let i = this.lineStart; i < offset; i++) {
      const unit = this.text.charCodeAt(i)
      // The low half of a surrogate pair belongs to the character its high half started.
      if (unit < 0xdc00 || unit > 0xdfff) characters++
    }
    return { fileName: this.fileName, line: this.line, column: characters + 1 }
  }

  fail(problem: string, at: SourcePosition = this.position()): never {
    throw new ConfigError(at, problem)
  }
}

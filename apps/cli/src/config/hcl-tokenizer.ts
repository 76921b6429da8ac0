import { SourceCursor } from './hcl-cursor.js'
import { scanBacktickString, scanHeredoc, scanQuotedString } from './hcl-strings.js'
import type { SourcePosition } from './hcl-syntax.js'

export type Punctuation = '{' | '}' | '[' | ']' | '(' | ')' | '=' | ',' | '.'

export type HclToken =
  | { kind: 'identifier'; text: string; at: SourcePosition }
  | { kind: 'string'; value: string; at: SourcePosition }
  | { kind: 'number'; value: number; text: string; at: SourcePosition }
  | { kind: 'punctuation'; text: Punctuation; at: SourcePosition }
  | { kind: 'newline'; at: SourcePosition }
  | { kind: 'end'; at: SourcePosition }

const PUNCTUATION = new Set<string>(['{', '}', '[', ']', '(', ')', '=', ',', '.'])
const IDENTIFIER = /[\p{ID_Start}_][\p{ID_Continue}-]*/uy
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y

/** Splits a config text into tokens; newlines are tokens because they end attributes. */
export function tokenize(text: string, fileName: string): HclToken[] {
  const cursor = new SourceCursor(text, fileName)
  if (cursor.peek() === '\uFEFF') cursor.advance()
  const tokens: HclToken[] = []
  for (;;) {
    const char = cursor.peek()
    const at = cursor.position()
    if (char === '') {
      tokens.push({ kind: 'end', at })
      return tokens
    }
    if (char === ' ' || char === '\t' || char === '\r') {
      cursor.advance()
    } else if (char === '\n') {
      tokens.push({ kind: 'newline', at })
      cursor.advance()
    } else if (char === '#' || cursor.startsWith('//')) {
      skipLineComment(cursor)
    } else if (cursor.startsWith('/*')) {
      skipBlockComment(cursor)
    } else if (char === '"') {
      tokens.push({ kind: 'string', value: scanQuotedString(cursor), at })
    } else if (char === '`') {
      tokens.push({ kind: 'string', value: scanBacktickString(cursor), at })
    } else if (cursor.startsWith('<<')) {
      tokens.push({ kind: 'string', value: scanHeredoc(cursor), at })
    } else if (PUNCTUATION.has(char)) {
      tokens.push({ kind: 'punctuation', text: char as Punctuation, at })
      cursor.advance()
    } else {
      tokens.push(scanWord(cursor, at))
    }
  }
}

function scanWord(cursor: SourceCursor, at: SourcePosition): HclToken {
  NUMBER.lastIndex = cursor.offset
  const number = NUMBER.exec(cursor.text)
  if (number) {
    cursor.advance(number[0].length)
    return { kind: 'number', value: Number(number[0]), text: number[0], at }
  }
  IDENTIFIER.lastIndex = cursor.offset
  const identifier = IDENTIFIER.exec(cursor.text)
  if (identifier) {
    cursor.advance(identifier[0].length)
    return { kind: 'identifier', text: identifier[0], at }
  }
  const char = String.fromCodePoint(cursor.text.codePointAt(cursor.offset)!)
  const hint = char === "'" ? ': strings are written in double quotes' : ''
  return cursor.fail(`unexpected character ${JSON.stringify(char)}${hint}`)
}

function skipLineComment(cursor: SourceCursor): void {
  while (!cursor.atEnd && cursor.peek() !== '\n') cursor.advance()
}

function skipBlockComment(cursor: SourceCursor): void {
  const end = cursor.text.indexOf('*/', cursor.offset + 2)
  if (end === -1) cursor.fail('unterminated comment: this /* is never closed by */')
  cursor.advance(end + 2 - cursor.offset)
}

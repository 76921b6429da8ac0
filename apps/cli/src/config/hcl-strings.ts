import type { SourceCursor } from './hcl-cursor.js'

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' }
const HEREDOC_START = /<<(-?)([\p{ID_Start}_][\p{ID_Continue}-]*)\r?\n/uy

/**
 * A `"…"` string with HCL's escapes. `%{` stays literal, unlike in HCL, because grok file layouts are
 * written that way in Tailpipe configs; `${…}` is refused rather than taken literally.
 */
export function scanQuotedString(cursor: SourceCursor): string {
  const start = cursor.position()
  cursor.advance()
  let value = ''
  for (;;) {
    const char = cursor.peek()
    if (char === '' || char === '\n') cursor.fail('unterminated string: the closing " is missing on this line', start)
    if (char === '"') {
      cursor.advance()
      return value
    }
    if (char === '\\') value += scanEscape(cursor)
    else value += scanTemplateSequence(cursor) ?? takeChar(cursor)
  }
}

/** A Tailpipe raw string: `…` on one line, taken as written. */
export function scanBacktickString(cursor: SourceCursor): string {
  const start = cursor.position()
  cursor.advance()
  let value = ''
  for (;;) {
    const char = cursor.peek()
    if (char === '' || char === '\n') cursor.fail('unterminated string: the closing ` is missing on this line', start)
    cursor.advance()
    if (char === '`') return value
    value += char
  }
}

/** `<<NAME` or `<<-NAME` (indentation removed) up to a line holding only NAME; the value ends with a newline. */
export function scanHeredoc(cursor: SourceCursor): string {
  const start = cursor.position()
  HEREDOC_START.lastIndex = cursor.offset
  const opening = HEREDOC_START.exec(cursor.text)
  if (!opening) cursor.fail('a heredoc starts with <<NAME or <<-NAME at the end of a line', start)
  const [whole, indented, marker] = [opening[0], opening[1]!, opening[2]!]
  cursor.advance(whole.length)
  const lines: string[] = []
  for (;;) {
    if (cursor.atEnd)
      cursor.fail(`unterminated heredoc: no line holding only ${marker} closes <<${indented}${marker}`, start)
    const newline = cursor.text.indexOf('\n', cursor.offset)
    const lineEnd = newline === -1 ? cursor.text.length : newline
    const contentEnd = cursor.text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd
    if (cursor.text.slice(cursor.offset, contentEnd).trim() === marker) {
      cursor.advance(lineEnd - cursor.offset)
      break
    }
    let line = ''
    while (cursor.offset < contentEnd) line += scanTemplateSequence(cursor) ?? takeChar(cursor)
    lines.push(line)
    cursor.advance(lineEnd + 1 - cursor.offset)
  }
  const text = indented ? removeCommonIndentation(lines) : lines
  return text.map((line) => `${line}\n`).join('')
}

/** `$${` and `%%{` are HCL's escapes for a literal `${` and `%{`; `${` itself would need expressions. */
function scanTemplateSequence(cursor: SourceCursor): string | undefined {
  if (cursor.startsWith('$${') || cursor.startsWith('%%{')) {
    const literal = `${cursor.peek()}{`
    cursor.advance(3)
    return literal
  }
  if (cursor.startsWith('${')) {
    cursor.fail('interpolation with ${ is not supported: write the value itself, or $${ for a literal ${')
  }
  return undefined
}

function scanEscape(cursor: SourceCursor): string {
  const at = cursor.position()
  const letter = cursor.peek(1)
  const simple = SIMPLE_ESCAPES[letter]
  if (simple !== undefined) {
    cursor.advance(2)
    return simple
  }
  if (letter === 'u' || letter === 'U') {
    const digits = letter === 'u' ? 4 : 8
    const hex = cursor.text.slice(cursor.offset + 2, cursor.offset + 2 + digits)
    const codePoint = Number.parseInt(hex, 16)
    if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(hex) || codePoint > 0x10ffff) {
      cursor.fail(`invalid escape: \\${letter} needs ${digits} hex digits of a Unicode code point`, at)
    }
    cursor.advance(2 + digits)
    return String.fromCodePoint(codePoint)
  }
  const shown = letter === '' || letter === '\n' ? '\\ at the end of the line' : `\\${letter}`
  return cursor.fail(`invalid escape ${shown}: use \\\\ for a backslash`, at)
}

function takeChar(cursor: SourceCursor): string {
  const char = cursor.peek()
  cursor.advance()
  return char
}

function removeCommonIndentation(lines: string[]): string[] {
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^[ \t]*/.exec(line)![0].length)
  const common = indents.length === 0 ? 0 : Math.min(...indents)
  return lines.map((line) => line.slice(Math.min(common, /^[ \t]*/.exec(line)![0].length)))
}

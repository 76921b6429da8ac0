import { CharSet, DIGIT, DOT, SPACE, WORD } from './charset.js'

/** The regular-language core of a pattern: what the prefix automaton is built from. */
export type RegexNode =
  | { readonly kind: 'set'; readonly set: CharSet }
  | { readonly kind: 'seq'; readonly items: readonly RegexNode[] }
  | { readonly kind: 'alt'; readonly options: readonly RegexNode[] }
  | { readonly kind: 'repeat'; readonly node: RegexNode; readonly min: number; readonly max: number }

/** A parsed pattern: its node tree, and its JavaScript source with every `%{NAME}` reference expanded. */
export interface ParsedRegex {
  readonly node: RegexNode
  readonly source: string
}

/** Resolves a `%{NAME}` (or `%{NAME:field}`) reference met inside a pattern. */
export type ReferenceResolver = (name: string, field: string | undefined) => ParsedRegex

const MAX_REPEAT = 1000

/**
 * Parses the subset of ECMAScript (non-unicode-mode) regular expressions that describes a regular
 * language: literals, escapes, classes, groups, alternation and quantifiers. Anchors, lookarounds and
 * backreferences are rejected, because the prefix automaton could not honour them and match() and
 * canMatchBelow() would then disagree.
 */
export function parseRegex(text: string, resolve: ReferenceResolver): ParsedRegex {
  return new RegexParser(text, resolve).parse()
}

interface Splice {
  readonly start: number
  readonly end: number
  readonly text: string
}

interface ClassAtom {
  readonly set: CharSet
  /** Set when the atom is a single character, so it can be a range endpoint. */
  readonly code?: number
}

class RegexParser {
  private pos = 0
  private readonly splices: Splice[] = []

  constructor(
    private readonly text: string,
    private readonly resolve: ReferenceResolver,
  ) {}

  parse(): ParsedRegex {
    const node = this.parseAlternation()
    if (this.pos < this.text.length) throw this.error(`unmatched ')'`)
    let source = ''
    let copied = 0
    for (const splice of this.splices) {
      source += this.text.slice(copied, splice.start) + splice.text
      copied = splice.end
    }
    source += this.text.slice(copied)
    return { node, source }
  }

  private error(problem: string, at = this.pos): Error {
    return new Error(`${problem} at offset ${at}`)
  }

  private peek(ahead = 0): string | undefined {
    return this.text[this.pos + ahead]
  }

  private parseAlternation(): RegexNode {
    const options = [this.parseSequence()]
    while (this.peek() === '|') {
      this.pos++
      options.push(this.parseSequence())
    }
    return options.length === 1 ? options[0]! : { kind: 'alt', options }
  }

  private parseSequence(): RegexNode {
    const items: RegexNode[] = []
    for (let c = this.peek(); c !== undefined && c !== '|' && c !== ')'; c = this.peek()) {
      items.push(this.parseQuantifier(this.parseAtom()))
    }
    return items.length === 1 ? items[0]! : { kind: 'seq', items }
  }

  private parseAtom(): RegexNode {
    const start = this.pos
    const c = this.text[this.pos]!
    switch (c) {
      case '(':
        return this.parseGroup()
      case '[':
        return { kind: 'set', set: this.parseClass() }
      case '.':
        this.pos++
        return { kind: 'set', set: DOT }
      case '\\':
        return { kind: 'set', set: this.parseEscape(false).set }
      case '^':
      case '$':
        throw this.error(`anchor '${c}' is not supported in patterns`)
      case '*':
      case '+':
      case '?':
        throw this.error(`nothing to repeat before '${c}'`)
      case '{':
        if (this.readBraces() !== undefined) throw this.error(`nothing to repeat before '{'`, start)
        this.pos = start + 1
        return { kind: 'set', set: CharSet.char(0x7b) }
      case '%':
        if (this.peek(1) === '{') return this.parseReference()
        break
    }
    this.pos++
    return { kind: 'set', set: CharSet.char(c.charCodeAt(0)) }
  }

  private parseReference(): RegexNode {
    const start = this.pos
    const close = this.text.indexOf('}', start + 2)
    if (close < 0) throw this.error(`unterminated '%{'`, start)
    const body = this.text.slice(start + 2, close)
    const colon = body.indexOf(':')
    const name = colon < 0 ? body : body.slice(0, colon)
    const field = colon < 0 ? undefined : body.slice(colon + 1)
    const resolved = this.resolve(name, field)
    this.pos = close + 1
    this.splices.push({ start, end: this.pos, text: `(?:${resolved.source})` })
    return resolved.node
  }

  private parseGroup(): RegexNode {
    const open = this.pos
    this.pos++
    if (this.peek() === '?') {
      const kind = this.text.slice(this.pos, this.pos + 3)
      if (kind.startsWith('?:')) this.pos += 2
      else if (kind.startsWith('?=') || kind.startsWith('?!') || kind === '?<=' || kind === '?<!') {
        throw this.error('lookaround assertions are not supported in patterns', open)
      } else if (kind.startsWith('?<')) {
        throw this.error('named groups are not supported in patterns (use %{PATTERN:field} in the layout)', open)
      } else throw this.error(`invalid group '(${kind}'`, open)
    }
    const inner = this.parseAlternation()
    if (this.peek() !== ')') throw this.error(`unterminated group '('`, open)
    this.pos++
    return inner
  }

  private parseQuantifier(node: RegexNode): RegexNode {
    const start = this.pos
    let bounds: [number, number] | undefined
    const c = this.peek()
    if (c === '{') bounds = this.readBraces()
    else if (c === '*' || c === '+' || c === '?') {
      this.pos++
      bounds = c === '*' ? [0, Number.POSITIVE_INFINITY] : c === '+' ? [1, Number.POSITIVE_INFINITY] : [0, 1]
    }
    if (bounds === undefined) return node
    const [min, max] = bounds
    if (this.peek() === '?') this.pos++
    if (min > max) throw this.error('numbers out of order in {} quantifier', start)
    if (min > MAX_REPEAT || (max !== Number.POSITIVE_INFINITY && max > MAX_REPEAT)) {
      throw this.error(`repetition count above ${MAX_REPEAT}`, start)
    }
    const next = this.peek()
    if (next === '*' || next === '+' || next === '?') throw this.error(`nothing to repeat before '${next}'`)
    return { kind: 'repeat', node, min, max }
  }

  /**
   * Reads `{n}`, `{n,}` or `{n,m}` at the cursor, leaving the cursor just past it; returns undefined
   * (cursor unchanged) when the brace is a literal, as ECMAScript's Annex B reads it.
   */
  private readBraces(): [number, number] | undefined {
    const found = /^\{(\d+)(,(\d*))?\}/.exec(this.text.slice(this.pos))
    if (found === null) return undefined
    const min = Number(found[1])
    const max = found[2] === undefined ? min : found[3] === '' ? Number.POSITIVE_INFINITY : Number(found[3])
    this.pos += found[0].length
    return [min, max]
  }

  private parseClass(): CharSet {
    const open = this.pos
    this.pos++
    const negate = this.peek() === '^'
    if (negate) this.pos++
    let set = CharSet.EMPTY
    for (;;) {
      const c = this.peek()
      if (c === undefined) throw this.error(`unterminated character class '['`, open)
      if (c === ']') break
      const from = this.parseClassAtom()
      if (this.peek() === '-' && this.peek(1) !== undefined && this.peek(1) !== ']') {
        this.pos++
        const to = this.parseClassAtom()
        if (from.code !== undefined && to.code !== undefined) {
          if (from.code > to.code) throw this.error('range out of order in character class', open)
          set = set.union(CharSet.of([[from.code, to.code]]))
        } else {
          // Annex B: a class escape as a range endpoint makes the '-' literal.
          set = set.union(from.set).union(to.set).union(CharSet.char(0x2d))
        }
      } else set = set.union(from.set)
    }
    this.pos++
    return negate ? set.complement() : set
  }

  private parseClassAtom(): ClassAtom {
    if (this.peek() === '\\') return this.parseEscape(true)
    const code = this.text.charCodeAt(this.pos)
    this.pos++
    return { set: CharSet.char(code), code }
  }

  private parseEscape(inClass: boolean): ClassAtom {
    const start = this.pos
    this.pos++
    const c = this.peek()
    if (c === undefined) throw this.error('trailing backslash', start)
    this.pos++
    const single = (code: number): ClassAtom => ({ set: CharSet.char(code), code })
    switch (c) {
      case 'd':
        return { set: DIGIT }
      case 'D':
        return { set: DIGIT.complement() }
      case 'w':
        return { set: WORD }
      case 'W':
        return { set: WORD.complement() }
      case 's':
        return { set: SPACE }
      case 'S':
        return { set: SPACE.complement() }
      case 't':
        return single(0x09)
      case 'n':
        return single(0x0a)
      case 'v':
        return single(0x0b)
      case 'f':
        return single(0x0c)
      case 'r':
        return single(0x0d)
      case 'b':
        if (inClass) return single(0x08)
        throw this.error(`assertion '\\b' is not supported in patterns`, start)
      case 'B':
        throw this.error(`assertion '\\B' is not supported in patterns`, start)
      case '0':
        if (!/[0-9]/.test(this.peek() ?? '')) return single(0)
        throw this.error('octal escapes are not supported in patterns', start)
      case 'x':
      case 'u': {
        const digits = c === 'x' ? 2 : 4
        const hex = this.text.slice(this.pos, this.pos + digits)
        if (hex.length === digits && /^[0-9a-fA-F]+$/.test(hex)) {
          this.pos += digits
          return single(Number.parseInt(hex, 16))
        }
        return single(c.charCodeAt(0))
      }
      case 'c': {
        const letter = this.peek()
        if (letter !== undefined && /[A-Za-z]/.test(letter)) {
          this.pos++
          return single(letter.charCodeAt(0) % 32)
        }
        throw this.error(`invalid control escape '\\c'`, start)
      }
      case 'k':
        throw this.error('backreferences are not supported in patterns', start)
      case 'p':
      case 'P':
        throw this.error(`unicode property escapes '\\${c}' are not supported in patterns`, start)
    }
    if (/[1-9]/.test(c)) throw this.error('backreferences are not supported in patterns', start)
    return single(c.charCodeAt(0))
  }
}

import { ConfigError, formatPosition } from './config-error.js'
import type { HclAttribute, HclBlock, HclBody, HclLabel, HclValue, SourcePosition } from './hcl-syntax.js'
import { type HclToken, type Punctuation, tokenize } from './hcl-tokenizer.js'

/**
 * Parses the HCL subset cairn configs use: blocks with labels, attributes, and values that are strings,
 * numbers, bools, null, lists and references (`connection.aws.prod`). No expressions, objects or functions.
 */
export function parseHcl(text: string, fileName: string): HclBody {
  return new HclParser(tokenize(text, fileName)).parseFile()
}

class HclParser {
  private index = 0

  constructor(private readonly tokens: HclToken[]) {}

  parseFile(): HclBody {
    return this.parseBody(undefined)
  }

  private get token(): HclToken {
    return this.tokens[this.index]!
  }

  private next(): HclToken {
    const token = this.token
    if (token.kind !== 'end') this.index++
    return token
  }

  private isPunctuation(text: Punctuation): boolean {
    const token = this.token
    return token.kind === 'punctuation' && token.text === text
  }

  private skipNewlines(): void {
    while (this.token.kind === 'newline') this.index++
  }

  private fail(problem: string, at: SourcePosition = this.token.at): never {
    throw new ConfigError(at, problem)
  }

  /** A file's body when `openedBy` is undefined, else the body of that block up to its `}`. */
  private parseBody(openedBy: { type: string; at: SourcePosition } | undefined): HclBody {
    const body: HclBody = { attributes: [], blocks: [] }
    for (;;) {
      this.skipNewlines()
      const token = this.token
      if (token.kind === 'end') {
        if (openedBy === undefined) return body
        this.fail(
          `expected } to close the ${openedBy.type} block opened at ${openedBy.at.line}:${openedBy.at.column}, found the end of the file`,
        )
      }
      if (token.kind === 'punctuation' && token.text === '}') {
        if (openedBy === undefined) this.fail('unexpected }: there is no open block to close')
        this.next()
        return body
      }
      if (token.kind !== 'identifier')
        this.fail(`expected an attribute name or a block type, found ${describeToken(token)}`)
      this.next()
      if (this.isPunctuation('=')) {
        this.next()
        const attribute: HclAttribute = { name: token.text, at: token.at, value: this.parseValue(`for ${token.text}`) }
        const earlier = body.attributes.find((a) => a.name === attribute.name)
        if (earlier)
          this.fail(`${attribute.name} is set twice; first set at ${formatPosition(earlier.at)}`, attribute.at)
        body.attributes.push(attribute)
        this.expectEndOfItem(`after the value of ${token.text}`)
      } else {
        body.blocks.push(this.parseBlock(token.text, token.at))
        this.expectEndOfItem(`after the } of the ${token.text} block`)
      }
    }
  }

  private parseBlock(type: string, at: SourcePosition): HclBlock {
    const labels: HclLabel[] = []
    for (;;) {
      const token = this.token
      if (token.kind === 'string') labels.push({ value: token.value, at: token.at })
      else if (token.kind === 'identifier') labels.push({ value: token.text, at: token.at })
      else break
      this.next()
    }
    if (!this.isPunctuation('{')) {
      const found = describeToken(this.token)
      if (labels.length === 0) this.fail(`expected = or { after ${type}, found ${found}`)
      this.fail(`expected { to open the ${type} block, found ${found} (to set an attribute, write ${type} = <value>)`)
    }
    this.next()
    return { type, labels, body: this.parseBody({ type, at }), at }
  }

  /** Attributes and blocks end at a newline; a `}` or the end of the file also ends the last one. */
  private expectEndOfItem(where: string): void {
    const token = this.token
    if (token.kind === 'newline' || token.kind === 'end' || this.isPunctuation('}')) return
    this.fail(`expected a new line ${where}, found ${describeToken(token)}`)
  }

  private parseValue(where: string): HclValue {
    const token = this.token
    switch (token.kind) {
      case 'string':
        this.next()
        return { kind: 'string', value: token.value, at: token.at }
      case 'number':
        this.next()
        return { kind: 'number', value: token.value, at: token.at }
      case 'identifier':
        return this.parseKeywordOrReference()
      case 'punctuation':
        if (token.text === '[') return this.parseList()
        if (token.text === '{') this.fail('object values ({ … }) are not supported here')
        break
    }
    return this.fail(`expected a value ${where}, found ${describeToken(token)}`)
  }

  private parseKeywordOrReference(): HclValue {
    const first = this.next() as Extract<HclToken, { kind: 'identifier' }>
    if (first.text === 'true' || first.text === 'false')
      return { kind: 'bool', value: first.text === 'true', at: first.at }
    if (first.text === 'null') return { kind: 'null', at: first.at }
    const path = [first.text]
    while (this.isPunctuation('.')) {
      this.next()
      const part = this.token
      if (part.kind !== 'identifier')
        this.fail(`expected a name after ${path.join('.')}., found ${describeToken(part)}`)
      path.push(part.text)
      this.next()
    }
    if (this.isPunctuation('(')) this.fail(`function calls such as ${path.join('.')}(…) are not supported`, first.at)
    return { kind: 'reference', path, at: first.at }
  }

  private parseList(): HclValue {
    const at = this.next().at
    const items: HclValue[] = []
    for (;;) {
      this.skipNewlines()
      if (this.isPunctuation(']')) {
        this.next()
        return { kind: 'list', items, at }
      }
      items.push(this.parseValue('in the list'))
      this.skipNewlines()
      if (this.isPunctuation(',')) this.next()
      else if (!this.isPunctuation(']')) this.fail(`expected , or ] in the list, found ${describeToken(this.token)}`)
    }
  }
}

function describeToken(token: HclToken): string {
  switch (token.kind) {
    case 'identifier':
      return token.text
    case 'string':
      return 'a string'
    case 'number':
      return `the number ${token.text}`
    case 'punctuation':
      return token.text
    case 'newline':
      return 'the end of the line'
    case 'end':
      return 'the end of the file'
  }
}

import type { LayoutPart } from './resolve.js'

/** Name of the RegExp group that captures field number `field`; field names need not be identifiers. */
export function groupName(field: number): string {
  return `f${field}`
}

/** Builds the anchored RegExp that match() uses; it accepts exactly the language of the prefix automaton. */
export function layoutToRegExp(prefix: string, parts: readonly LayoutPart[]): RegExp {
  return new RegExp(`^${escapeLiteral(prefix)}${partsSource(parts)}$`)
}

function partsSource(parts: readonly LayoutPart[]): string {
  return parts.map(partSource).join('')
}

function partSource(part: LayoutPart): string {
  switch (part.kind) {
    case 'literal':
      return escapeLiteral(part.text)
    case 'optional':
      return `(?:${partsSource(part.parts)})?`
    case 'capture':
      return part.field === undefined ? `(?:${part.regex.source})` : `(?<${groupName(part.field)}>${part.regex.source})`
  }
}

function escapeLiteral(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')
}

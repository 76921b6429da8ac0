import type { LayoutNode } from './layout-syntax.js'
import type { PatternLibrary } from './patterns.js'
import type { ParsedRegex } from './regex-syntax.js'

/** A layout element with its placeholder resolved; `field` indexes `ResolvedLayout.fieldNames`. */
export type LayoutPart =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'capture'; readonly regex: ParsedRegex; readonly field?: number }
  | { readonly kind: 'optional'; readonly parts: readonly LayoutPart[] }

export interface ResolvedLayout {
  readonly parts: readonly LayoutPart[]
  readonly fieldNames: readonly string[]
}

/** Binds each placeholder to its pattern and numbers the named fields in layout order. */
export function resolveLayout(nodes: readonly LayoutNode[], library: PatternLibrary): ResolvedLayout {
  const fieldNames: string[] = []
  const walk = (items: readonly LayoutNode[]): LayoutPart[] => items.map(resolveNode)
  function resolveNode(node: LayoutNode): LayoutPart {
    switch (node.kind) {
      case 'literal':
        return node
      case 'optional':
        return { kind: 'optional', parts: walk(node.items) }
      case 'placeholder': {
        let regex: ParsedRegex
        try {
          regex = library.resolve(node.pattern)
        } catch (e) {
          throw new Error(`${(e as Error).message} (placeholder at offset ${node.offset})`)
        }
        if (node.field === undefined) return { kind: 'capture', regex }
        if (fieldNames.includes(node.field)) {
          throw new Error(`field "${node.field}" is named twice (second time at offset ${node.offset})`)
        }
        fieldNames.push(node.field)
        return { kind: 'capture', regex, field: fieldNames.length - 1 }
      }
    }
  }
  return { parts: walk(nodes), fieldNames }
}

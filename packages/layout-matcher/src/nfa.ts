import { CharSet } from './charset.js'
import type { RegexNode } from './regex-syntax.js'
import type { LayoutPart } from './resolve.js'

/** Opens or closes the capture of a named field; carried by an epsilon edge. */
export interface Tag {
  readonly field: number
  readonly open: boolean
}

export interface EpsilonEdge {
  readonly to: number
  readonly tag?: Tag
}

export interface CharEdge {
  readonly set: CharSet
  readonly to: number
}

export interface NfaState {
  readonly epsilon: readonly EpsilonEdge[]
  readonly chars: readonly CharEdge[]
}

/**
 * A Thompson automaton over UTF-16 code units for a whole layout (bucket prefix included), with
 * field captures as tagged epsilon edges so a simulation can tell which fields a prefix has fixed.
 */
export interface Nfa {
  readonly states: readonly NfaState[]
  readonly start: number
  /** The single accepting state; it has no outgoing edges. */
  readonly accept: number
  /** live[s]: the accepting state is reachable from s, i.e. some suffix completes a match. */
  readonly live: readonly boolean[]
}

const MAX_STATES = 200_000

export function buildNfa(prefix: string, parts: readonly LayoutPart[]): Nfa {
  const builder = new Builder()
  const start = builder.add()
  const end = builder.parts(builder.literal(start, prefix), parts)
  const accept = builder.add()
  builder.epsilon(end, accept)
  return { states: builder.states, start, accept, live: liveStates(builder.states, accept) }
}

class Builder {
  readonly states: { epsilon: EpsilonEdge[]; chars: CharEdge[] }[] = []

  add(): number {
    if (this.states.length >= MAX_STATES) throw new Error(`layout needs more than ${MAX_STATES} automaton states`)
    this.states.push({ epsilon: [], chars: [] })
    return this.states.length - 1
  }

  epsilon(from: number, to: number, tag?: Tag): void {
    this.states[from]!.epsilon.push(tag === undefined ? { to } : { to, tag })
  }

  char(from: number, set: CharSet): number {
    const to = this.add()
    this.states[from]!.chars.push({ set, to })
    return to
  }

  literal(from: number, text: string): number {
    let at = from
    for (let i = 0; i < text.length; i++) at = this.char(at, CharSet.char(text.charCodeAt(i)))
    return at
  }

  parts(from: number, parts: readonly LayoutPart[]): number {
    let at = from
    for (const part of parts) {
      switch (part.kind) {
        case 'literal':
          at = this.literal(at, part.text)
          break
        case 'optional':
          at = this.optional(at, (s) => this.parts(s, part.parts))
          break
        case 'capture':
          if (part.field === undefined) at = this.regex(at, part.regex.node)
          else {
            const field = part.field
            const inside = this.add()
            this.epsilon(at, inside, { field, open: true })
            const after = this.add()
            this.epsilon(this.regex(inside, part.regex.node), after, { field, open: false })
            at = after
          }
          break
      }
    }
    return at
  }

  regex(from: number, node: RegexNode): number {
    switch (node.kind) {
      case 'set':
        return this.char(from, node.set)
      case 'seq': {
        let at = from
        for (const item of node.items) at = this.regex(at, item)
        return at
      }
      case 'alt': {
        const join = this.add()
        for (const option of node.options) {
          const entry = this.add()
          this.epsilon(from, entry)
          this.epsilon(this.regex(entry, option), join)
        }
        return join
      }
      case 'repeat': {
        let at = from
        for (let i = 0; i < node.min; i++) at = this.regex(at, node.node)
        if (node.max === Number.POSITIVE_INFINITY) {
          const loop = this.add()
          this.epsilon(at, loop)
          this.epsilon(this.regex(loop, node.node), loop)
          return loop
        }
        for (let i = node.min; i < node.max; i++) at = this.optional(at, (s) => this.regex(s, node.node))
        return at
      }
    }
  }

  private optional(from: number, body: (entry: number) => number): number {
    const entry = this.add()
    const join = this.add()
    this.epsilon(from, entry)
    this.epsilon(from, join)
    this.epsilon(body(entry), join)
    return join
  }
}

function liveStates(states: readonly NfaState[], accept: number): boolean[] {
  const incoming: number[][] = states.map(() => [])
  states.forEach((state, from) => {
    for (const edge of state.epsilon) incoming[edge.to]!.push(from)
    for (const edge of state.chars) if (!edge.set.isEmpty) incoming[edge.to]!.push(from)
  })
  const live = states.map(() => false)
  live[accept] = true
  const stack = [accept]
  for (let s = stack.pop(); s !== undefined; s = stack.pop()) {
    for (const from of incoming[s]!) {
      if (!live[from]) {
        live[from] = true
        stack.push(from)
      }
    }
  }
  return live
}

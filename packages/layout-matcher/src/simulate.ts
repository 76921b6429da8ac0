import type { Nfa, Tag } from './nfa.js'

/**
 * One way of having read the input so far: an automaton state plus where the tracked fields' captures
 * opened and closed (`bounds[2*slot]` / `bounds[2*slot+1]`, -1 while unset).
 */
export interface Thread {
  readonly state: number
  readonly bounds: readonly number[]
}

/**
 * Runs the layout automaton over a key prefix, keeping every live thread. Only the tracked fields
 * (the date fields) are part of a thread's identity, which keeps the thread set small even when
 * untracked placeholders are ambiguous.
 */
export class Simulator {
  /** settled[s]: s can consume a character towards acceptance, or is the accepting state. */
  private readonly settled: readonly boolean[]

  /** @param slotOf slotOf[field] is the tracked slot of that field, or -1. */
  constructor(
    readonly nfa: Nfa,
    private readonly slotOf: readonly number[],
    private readonly slotCount: number,
  ) {
    this.settled = nfa.states.map(
      (state, s) => s === nfa.accept || state.chars.some((edge) => !edge.set.isEmpty && nfa.live[edge.to]),
    )
  }

  /**
   * The live threads right after the last character of `input` (epsilon edges not yet followed, so a
   * capture that the next character would open is still unopened). Empty when no key starts with `input`.
   */
  consume(input: string): Thread[] {
    let threads: Thread[] = [{ state: this.nfa.start, bounds: new Array<number>(2 * this.slotCount).fill(-1) }]
    for (let i = 0; i < input.length && threads.length > 0; i++) {
      threads = this.step(this.closure(threads, i), input.charCodeAt(i))
    }
    return threads
  }

  /**
   * The threads reachable through epsilon edges at input position `pos`, keeping only those about to
   * read a character (or accepting): a thread waiting on an epsilon edge is represented by its successors,
   * which know strictly more about which captures have closed.
   */
  settle(threads: readonly Thread[], pos: number): Thread[] {
    return this.closure(threads, pos).filter((thread) => this.settled[thread.state])
  }

  private closure(threads: readonly Thread[], pos: number): Thread[] {
    const seen = new Set<string>()
    const out: Thread[] = []
    const stack = [...threads]
    for (let thread = stack.pop(); thread !== undefined; thread = stack.pop()) {
      const key = threadKey(thread)
      if (seen.has(key) || !this.nfa.live[thread.state]) continue
      seen.add(key)
      out.push(thread)
      for (const edge of this.nfa.states[thread.state]!.epsilon) {
        stack.push({ state: edge.to, bounds: this.tagged(thread.bounds, edge.tag, pos) })
      }
    }
    return out
  }

  private step(threads: readonly Thread[], code: number): Thread[] {
    const seen = new Set<string>()
    const out: Thread[] = []
    for (const thread of threads) {
      for (const edge of this.nfa.states[thread.state]!.chars) {
        if (!this.nfa.live[edge.to] || !edge.set.has(code)) continue
        const next = { state: edge.to, bounds: thread.bounds }
        const key = threadKey(next)
        if (seen.has(key)) continue
        seen.add(key)
        out.push(next)
      }
    }
    return out
  }

  private tagged(bounds: readonly number[], tag: Tag | undefined, pos: number): readonly number[] {
    const slot = tag === undefined ? -1 : (this.slotOf[tag.field] ?? -1)
    if (tag === undefined || slot < 0) return bounds
    const next = [...bounds]
    next[2 * slot + (tag.open ? 0 : 1)] = pos
    return next
  }
}

function threadKey(thread: Thread): string {
  return `${thread.state}:${thread.bounds.join(',')}`
}

import { describe, expect, it } from 'vitest'
import { compileLayout } from '../src/index.js'
import { parseLayout } from '../src/layout-syntax.js'
import { buildNfa } from '../src/nfa.js'
import { PatternLibrary } from '../src/patterns.js'
import { resolveLayout } from '../src/resolve.js'
import { Simulator } from '../src/simulate.js'

const ALPHABET = ['a', 'b', '1', '/', '.']
const MAX_LENGTH = 5

function allStrings(): string[] {
  const out = ['']
  for (let i = 0; out[i] !== undefined; i++) {
    const s = out[i]!
    if (s.length < MAX_LENGTH) for (const c of ALPHABET) out.push(s + c)
  }
  return out
}

/** Whether the prefix automaton accepts an input as a whole key. */
function automatonAcceptor(layout: string, patterns: Record<string, string>): (input: string) => boolean {
  const { parts } = resolveLayout(parseLayout(layout), new PatternLibrary(patterns))
  const nfa = buildNfa('', parts)
  const simulator = new Simulator(nfa, [], 0)
  return (input) =>
    simulator.settle(simulator.consume(input), input.length).some((thread) => thread.state === nfa.accept)
}

const CASES: [string, Record<string, string>][] = [
  ['%{DATA:x}/%{WORD}', {}],
  ['(a/)?(%{NUMBER:n}.)?b', {}],
  ['%{X:x}', { X: '(?:a|b1)*\\.?[^a/]{1,2}' }],
  ['%{X}/', { X: '%{INT}|a' }],
  ['%{X:x}', { X: 'a{2,}b?|/+' }],
  ['%{X:x}', { X: '[\\w.]+?1' }],
  ['%{X:x}', { X: '[^]|[]a|(b{0})1' }],
  ['%{X}%{X}', { X: '(?:a|)\\/\\x2e?' }],
  ['a.(%{GREEDYDATA:g}/(b)?)?1', {}],
  ['%{NOTSPACE:a}.%{DATA:b}', {}],
]

describe('prefix automaton and RegExp agree', () => {
  const strings = allStrings()

  it.each(CASES)('on %s %j', (source, patterns) => {
    const layout = compileLayout(source, { patterns })
    const accepts = automatonAcceptor(source, patterns)
    const accepted = new Set(strings.filter((s) => layout.match(s) !== undefined))
    expect(accepted.size).toBeGreaterThan(0)
    for (const s of strings) {
      expect(accepts(s), JSON.stringify(s)).toBe(accepted.has(s))
      const viable = layout.canMatchBelow(s)
      // Sound: every prefix of a match is viable.
      if ([...accepted].some((a) => a.startsWith(s))) expect(viable, JSON.stringify(s)).toBe(true)
    }
  })
})

import { loadBuiltinDetections } from '@cairn/detections/node'
import { describe, expect, it } from 'vitest'
import { judgeEvents } from './support/judge-events.js'

describe('each detection against the events written beside it', () => {
  it('finds every event it must and none it must not', async () => {
    const library = loadBuiltinDetections()
    const cases = library.flatMap((d) => d.tests.map((t) => ({ detection: d.id, ...t })))
    // all cases' events in one lake; event k belongs to case caseOf[k]
    const events = cases.flatMap((c) => c.events)
    const caseOf = cases.flatMap((c, i) => c.events.map(() => i))
    const { found, rejected } = await judgeEvents(
      events,
      library.filter((d) => d.tests.length > 0).map((d) => d.id),
    )
    const hit = (i: number) => caseOf.some((c, k) => c === i && found.has(`${cases[i]!.detection} ${k}`))
    const lost = (i: number) => caseOf.some((c, k) => c === i && rejected.has(k))
    const wrong = cases
      .map((c, i) => ({ ...c, got: hit(i), rejected: lost(i) }))
      .filter((c) => c.got !== c.match || c.rejected)
      .map((c) => `${c.detection} "${c.name}": expected ${c.match ? 'a finding' : 'none'}${c.rejected ? ' (event rejected)' : ''}`)
    expect(wrong).toEqual([])
    // every detection that has no Panther tests to check it brings its own, both ways
    const unchecked = library.filter((d) => !d.panther && !(d.tests.some((t) => t.match) && d.tests.some((t) => !t.match)))
    expect(unchecked.map((d) => d.id)).toEqual([])
  }, 120_000)
})

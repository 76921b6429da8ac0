import { describe, expect, it } from 'vitest'
import { ValueInterner } from '../src/value-interner.js'

describe('ValueInterner', () => {
  it('gives back a value equal to the one given, for repeated and for distinct values', () => {
    const interner = new ValueInterner(2)
    const text = `{"a":"${'x'.repeat(40)}","b":"${'y'.repeat(40)}"}`
    for (let i = 0; i < 20_000; i++) {
      const repeated = text.slice(6, 46)
      expect(interner.intern(0, repeated)).toBe('x'.repeat(40))
      const distinct = `${'z'.repeat(20)}-${i}`
      expect(interner.intern(1, distinct)).toBe(distinct)
    }
  })

  it('keeps working past its table size', () => {
    const interner = new ValueInterner(1)
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 5_000; i++) {
        const value = `value-number-${i % 3_000}`
        expect(interner.intern(0, value)).toBe(value)
      }
    }
  })
})

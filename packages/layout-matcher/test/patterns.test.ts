import { describe, expect, it } from 'vitest'
import { BUILTIN_PATTERNS, compileLayout, LayoutError } from '../src/index.js'

/** Every built-in pattern with values it must and must not match as a whole key. */
const CASES: Record<string, { yes: string[]; no: string[] }> = {
  DATA: { yes: ['', 'abc', 'o-abc123', 'a b.c'], no: ['a/b', '/'] },
  GREEDYDATA: { yes: ['', 'a/b/c', 'x y/z'], no: [] },
  NOTSPACE: { yes: ['abc-1', 'x.json.gz'], no: ['', 'a b', 'a/b', 'a\tb'] },
  WORD: { yes: ['abc_1', 'A'], no: ['', 'a-b', 'a/b', 'é'] },
  NUMBER: { yes: ['0', '123', '12.5', '111122223333'], no: ['', '1.', '.5', '-1', 'a', '1.2.3'] },
  INT: { yes: ['7', '-12', '+3', '007'], no: ['', '1.5', '-', 'x'] },
  POSINT: { yes: ['1', '250'], no: ['0', '012', '-1', ''] },
  NONNEGINT: { yes: ['0', '42'], no: ['-1', ''] },
  YEAR: { yes: ['2024', '1999'], no: ['24', '20245', 'abcd'] },
  MONTHNUM: { yes: ['01', '09', '10', '12', '1', '9'], no: ['00', '0', '13', '123'] },
  MONTHDAY: { yes: ['01', '09', '10', '19', '29', '30', '31', '1', '9'], no: ['00', '0', '32', '40'] },
  HOUR: { yes: ['00', '09', '19', '23', '7'], no: ['24', '30', '123'] },
  MINUTE: { yes: ['00', '30', '59'], no: ['60', '5', '100'] },
  SECOND: { yes: ['00', '59', '60', '5', '05.123', '07,5'], no: ['61', '99', '1.'] },
  UUID: {
    yes: ['123e4567-e89b-12d3-a456-426614174000', 'ABCDEF01-2345-6789-ABCD-EF0123456789'],
    no: [
      '123e4567e89b12d3a456426614174000',
      '123e4567-e89b-12d3-a456-42661417400',
      'g23e4567-e89b-12d3-a456-426614174000',
    ],
  },
  IPV4: { yes: ['10.0.0.1', '255.255.255.255', '0.0.0.0'], no: ['256.1.1.1', '1.2.3', '1.2.3.4.5', '01.2.3.4'] },
  IP: { yes: ['192.168.1.1'], no: ['192.168.1', '::1'] },
  ISO8601_TIMEZONE: { yes: ['Z', '+02:00', '-0500', '+2'], no: ['z', '02:00', '+24:00'] },
  TIMESTAMP_ISO8601: {
    yes: ['2024-03-05T10:20:30Z', '2024-03-05 10:20:30.123+02:00', '2024-03-05T10:20', '2024-3-5T1020'],
    no: ['20240305T0000Z', '2024-03-05', '2024-13-05T10:20'],
  },
}

describe('built-in patterns', () => {
  it('has a test case for every built-in pattern', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(BUILTIN_PATTERNS).sort())
  })

  for (const [name, { yes, no }] of Object.entries(CASES)) {
    it(`${name} matches what it should and nothing else`, () => {
      const layout = compileLayout(`%{${name}:v}`)
      for (const value of yes)
        expect(layout.match(value), `${name} should match ${JSON.stringify(value)}`).toEqual({ fields: { v: value } })
      for (const value of no)
        expect(layout.match(value), `${name} should not match ${JSON.stringify(value)}`).toBeUndefined()
      // The prefix automaton must agree with the matcher on every accepted value.
      for (const value of yes) expect(layout.canMatchBelow(value)).toBe(true)
    })
  }

  it('DATA is lazy and GREEDYDATA greedy', () => {
    expect(compileLayout('%{DATA:a}.%{DATA:b}').match('x.y.z')?.fields).toEqual({ a: 'x', b: 'y.z' })
    expect(compileLayout('%{DATA:a}.%{NOTSPACE:b}').match('x.y.z')?.fields).toEqual({ a: 'x', b: 'y.z' })
    expect(compileLayout('%{GREEDYDATA:a}/%{DATA:b}').match('x/y/z')?.fields).toEqual({ a: 'x/y', b: 'z' })
  })

  it('never lets DATA, NOTSPACE or WORD cross a slash', () => {
    for (const name of ['DATA', 'NOTSPACE', 'WORD']) {
      expect(compileLayout(`%{${name}}`).canMatchBelow('a/')).toBe(false)
    }
    expect(compileLayout('%{GREEDYDATA}').canMatchBelow('a/')).toBe(true)
  })
})

describe('custom patterns', () => {
  it('adds patterns usable in the layout', () => {
    const layout = compileLayout('logs/%{MY_ACCT:account}/%{DATA:file}', { patterns: { MY_ACCT: '\\d{12}' } })
    expect(layout.match('logs/111122223333/a.gz')?.fields).toEqual({ account: '111122223333', file: 'a.gz' })
    expect(layout.match('logs/1111/a.gz')).toBeUndefined()
    expect(layout.canMatchBelow('logs/1111/')).toBe(false)
    expect(layout.canMatchBelow('logs/111122223333/')).toBe(true)
  })

  it('lets custom patterns reference built-in and other custom patterns', () => {
    const layout = compileLayout('%{TRAIL_DIR:dir}/%{DATA}', {
      patterns: { ACCT: '\\d{12}', TRAIL: '%{ACCT}_%{WORD}', TRAIL_DIR: 'trail-%{TRAIL}|legacy' },
    })
    expect(layout.match('trail-111122223333_main/x')?.fields).toEqual({ dir: 'trail-111122223333_main' })
    expect(layout.match('legacy/x')?.fields).toEqual({ dir: 'legacy' })
    expect(layout.match('trail-1111_main/x')).toBeUndefined()
    expect(layout.canMatchBelow('trail-111122223333_')).toBe(true)
    expect(layout.canMatchBelow('trail-11112222333_')).toBe(false)
  })

  it('wraps a referenced alternation so it stays one unit', () => {
    const layout = compileLayout('%{AB:v}', { patterns: { AB: 'x%{ONE}y', ONE: 'a|b' } })
    expect(layout.match('xay')).toBeDefined()
    expect(layout.match('xa')).toBeUndefined()
    expect(layout.match('by')).toBeUndefined()
  })

  it('may override a built-in pattern', () => {
    const layout = compileLayout('%{YEAR:year}/%{DATA}', { patterns: { YEAR: '20\\d\\d' } })
    expect(layout.match('2024/x')?.fields).toEqual({ year: '2024' })
    expect(layout.match('1999/x')).toBeUndefined()
    expect(layout.canMatchBelow('19')).toBe(false)
  })

  it('supports the usual regex syntax', () => {
    const layout = compileLayout('%{X:v}', { patterns: { X: '(?:ab|c)+[^\\s/x-z]{1,2}\\.[\\d-]?' } })
    expect(layout.match('abcab1a.')).toBeDefined()
    expect(layout.match('c\\u00e9.-')).toBeUndefined()
    expect(layout.match('cé.-')).toBeDefined()
    expect(layout.match('cx.')).toBeUndefined()
  })

  it.each([
    [{ X: '%{NOPE}' }, /pattern X .*unknown pattern %\{NOPE\}/],
    [{ A: '%{B}', B: 'x%{A}' }, /pattern A is recursive \(A -> B -> A\)/],
    [{ X: '(\\d' }, /pattern X .*unterminated group/],
    [{ X: '\\d{3,1}' }, /numbers out of order/],
    [{ X: '(?=a)a' }, /lookaround assertions are not supported/],
    [{ X: '^a$' }, /anchor '\^' is not supported/],
    [{ X: '(a)\\1' }, /backreferences are not supported/],
    [{ X: '(?<n>a)' }, /named groups are not supported/],
    [{ X: '%{WORD:w}' }, /field names are not allowed inside patterns/],
    [{ X: 'a**' }, /nothing to repeat/],
    [{ X: '[z-a]' }, /range out of order/],
    [{ 'BAD-NAME': 'a' }, /custom pattern name "BAD-NAME"/],
  ])('rejects bad custom patterns %j', (patterns, message) => {
    expect(() => compileLayout('%{WORD}', { patterns })).toThrow(LayoutError)
    expect(() => compileLayout('%{WORD}', { patterns })).toThrow(message)
  })
})

import { describe, expect, it } from 'vitest'
import { compileLayout, LayoutError } from '../src/index.js'

describe('literal text', () => {
  it('treats regex metacharacters literally', () => {
    const text = 'a.b+c*[d]{2}$^|x\\y/e'
    const layout = compileLayout(text)
    expect(layout.match(text)).toEqual({ fields: {} })
    expect(layout.match('aXb+c*[d]{2}$^|x\\y/e')).toBeUndefined()
    expect(layout.match('abbc[d]{2}$^|x\\y/e')).toBeUndefined()
    expect(layout.canMatchBelow('a.b+')).toBe(true)
    expect(layout.canMatchBelow('a.bb')).toBe(false)
  })

  it('keeps a lone %, ? and backslash literal, and unescapes \\( \\) \\? \\% \\\\', () => {
    expect(compileLayout('100%/a?b\\z').match('100%/a?b\\z')).toBeDefined()
    expect(compileLayout('\\(x\\)\\?\\%{y}\\\\').match('(x)?%{y}\\')).toBeDefined()
  })

  it('exposes source and field names in layout order', () => {
    const layout = compileLayout('%{WORD:b}/(%{INT:a}/)?%{DATA}/%{DATA:c}')
    expect(layout.source).toBe('%{WORD:b}/(%{INT:a}/)?%{DATA}/%{DATA:c}')
    expect(layout.fieldNames).toEqual(['b', 'a', 'c'])
    expect(layout.prefix).toBe('')
  })
})

describe('optional groups', () => {
  const nested = compileLayout('logs/(%{WORD:a}/(%{WORD:b}/)?)?%{DATA:file}.gz')

  it('match with, without and inside nested optional groups', () => {
    expect(nested.match('logs/f.gz')?.fields).toEqual({ file: 'f' })
    expect(nested.match('logs/x/f.gz')?.fields).toEqual({ a: 'x', file: 'f' })
    expect(nested.match('logs/x/y/f.gz')?.fields).toEqual({ a: 'x', b: 'y', file: 'f' })
    expect(nested.match('logs/x/y/z/f.gz')).toBeUndefined()
  })

  it('are followed by the prefix automaton', () => {
    expect(nested.canMatchBelow('logs/x/')).toBe(true)
    expect(nested.canMatchBelow('logs/x/y/')).toBe(true)
    expect(nested.canMatchBelow('logs/x/y/z/')).toBe(false)
    expect(nested.canMatchBelow('logs/x-y/')).toBe(false)
    expect(nested.canMatchBelow('logs/f.g')).toBe(true)
  })

  it('may hold several slashes and literals', () => {
    const layout = compileLayout('root/(archive/%{YEAR:y}/old/)?%{DATA:f}')
    expect(layout.match('root/archive/2020/old/a')?.fields).toEqual({ y: '2020', f: 'a' })
    expect(layout.match('root/a')?.fields).toEqual({ f: 'a' })
    expect(layout.match('root/archive/2020/a')).toBeUndefined()
    expect(layout.canMatchBelow('root/archive/')).toBe(true)
    expect(layout.canMatchBelow('root/archive/2020/')).toBe(true)
    expect(layout.canMatchBelow('root/archive/2020/new/')).toBe(false)
    expect(layout.canMatchBelow('root/archive/20x')).toBe(false)
  })

  it('may be adjacent to each other', () => {
    const layout = compileLayout('(a/)?(b/)?c')
    for (const key of ['c', 'a/c', 'b/c', 'a/b/c']) expect(layout.match(key), key).toBeDefined()
    expect(layout.match('b/a/c')).toBeUndefined()
    expect(layout.canMatchBelow('b/a')).toBe(false)
  })
})

describe('prefix option', () => {
  it.each(['my/prefix/', 'my/prefix'])('prepends %j as literal text', (prefix) => {
    const layout = compileLayout('%{WORD:w}.txt', { prefix })
    expect(layout.prefix).toBe('my/prefix/')
    expect(layout.match('my/prefix/abc.txt')?.fields).toEqual({ w: 'abc' })
    expect(layout.match('abc.txt')).toBeUndefined()
    expect(layout.match('my/prefixabc.txt')).toBeUndefined()
    expect(layout.canMatchBelow('my/')).toBe(true)
    expect(layout.canMatchBelow('my/prefix/')).toBe(true)
    expect(layout.canMatchBelow('other/')).toBe(false)
  })

  it('escapes metacharacters in the prefix', () => {
    const layout = compileLayout('x', { prefix: 'a.b(c)' })
    expect(layout.match('a.b(c)/x')).toBeDefined()
    expect(layout.match('aXb(c)/x')).toBeUndefined()
  })
})

describe('errors', () => {
  it.each([
    ['', /layout is empty/],
    ['a/(%{WORD}/b', /unbalanced parentheses: '\(' at offset 2 is never closed/],
    ['a/%{WORD})?', /unbalanced parentheses: '\)' at offset 9 has no matching '\('/],
    ['a/(b)/c', /group closed at offset 4 must be followed by '\?'/],
    ['a/()?b', /empty optional group at offset 2/],
    ['a/%{WORD', /unterminated placeholder '%\{' at offset 2/],
    ['a/%{}', /invalid pattern name ""/],
    ['%{WORD:a:int}', /more than one ':'/],
    ['%{WORD:1a}', /invalid field name "1a"/],
    ['%{WORD:a}/%{WORD:a}', /field "a" is named twice/],
    ['logs/%{NOPE:x}', /unknown pattern %\{NOPE\} \(placeholder at offset 5\)/],
  ])('rejects %j', (layout, message) => {
    let error: unknown
    try {
      compileLayout(layout)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(LayoutError)
    expect((error as LayoutError).message).toContain(`Invalid layout "${layout}": `)
    expect((error as LayoutError).layout).toBe(layout)
    expect((error as LayoutError).problem).toMatch(message)
  })

  it('rejects invalid windows', () => {
    const layout = compileLayout('%{YEAR:year}/x')
    expect(() => layout.canMatchBelow('', { from: new Date('nope') })).toThrow(/window.from is not a valid Date/)
    expect(() => layout.timeWindowFolders('', { from: new Date(0), to: new Date(Number.NaN) })).toThrow(RangeError)
  })
})

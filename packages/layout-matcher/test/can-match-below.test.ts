import { describe, expect, it } from 'vitest'
import { compileLayout, DEFAULT_LAYOUT, type TimeWindow } from '../src/index.js'

const utc = (iso: string) => new Date(`${iso}Z`)
const JAN_1_2025 = { from: utc('2025-01-01T00:00'), to: utc('2025-01-02T00:00') }
const TRAIL = 'AWSLogs/111122223333/CloudTrail/us-east-1/'

describe('canMatchBelow with DEFAULT_LAYOUT', () => {
  const layout = compileLayout(DEFAULT_LAYOUT)

  it.each([
    ['', true],
    ['AWSLogs/', true],
    ['AWSLogs/111122223333/', true],
    ['AWSLogs/o-abc/', true],
    ['AWSLogs/o-abc/111122223333/CloudTrail/', true],
    ['AWSLogs/111122223333/CloudTrail/', true],
    [TRAIL, true],
    ['AWSLogs/111122223333/Config/', false],
    ['AWSLogs/111122223333/CloudTrail-Digest/', false],
    ['AWSLogs/111122223333/CloudTrail-Insight/', false],
    ['AWSLogs/o-abc/o-def/', false],
    ['AWSLogs/o-abc/111122223333/Config/', false],
    ['Other/', false],
    ['AWS', true],
    ['AWSLogs/1111', true],
    ['AWSLogs/o-ab', true],
    ['AWSLogs/111122223333/Cloud', true],
    ['AWSLogs/111122223333/CloudX', false],
    [`${TRAIL}2024/03/05/`, true],
    [`${TRAIL}2024/03/05/file.json`, true],
    [`${TRAIL}2024/03/05/file.json.gz`, true],
    [`${TRAIL}2024/03/05/file.json.gz.tmp`, true],
    [`${TRAIL}2024/03/05/file.json.gz/`, false],
    [`${TRAIL}2024/03/05/sub/`, false],
    [`${TRAIL}2024/3/`, true],
    [`${TRAIL}2024/13/`, false],
    [`${TRAIL}2024/00/`, false],
    [`${TRAIL}24/`, false],
    [`${TRAIL}2024/03/32/`, false],
  ])('%j → %s without a window', (prefix, expected) => {
    expect(layout.canMatchBelow(prefix)).toBe(expected)
  })

  it.each([
    ['', true],
    ['AWSLogs/', true],
    ['AWSLogs/111122223333/', true],
    ['AWSLogs/o-abc/', true],
    [TRAIL, true],
    ['AWSLogs/111122223333/Config/', false],
    [`${TRAIL}2024/`, false],
    [`${TRAIL}2025/`, true],
    [`${TRAIL}2026/`, false],
    [`${TRAIL}2025/01/`, true],
    [`${TRAIL}2025/1/`, true],
    [`${TRAIL}2025/02/`, false],
    [`${TRAIL}2024/12/`, false],
    [`${TRAIL}2024/12/31/`, false],
    [`${TRAIL}2025/01/01/`, true],
    [`${TRAIL}2025/01/1/`, true],
    [`${TRAIL}2025/01/02/`, false],
    [`${TRAIL}2025/01/01/x.json.gz`, true],
    [`${TRAIL}2024`, false],
    [`${TRAIL}2025`, true],
    [`${TRAIL}2025/01/0`, true],
    ['AWSLogs/o-abc/111122223333/CloudTrail/eu-west-1/2024/', false],
    ['AWSLogs/o-abc/111122223333/CloudTrail/eu-west-1/2025/01/01/', true],
  ])('%j → %s in the window 2025-01-01..2025-01-02', (prefix, expected) => {
    expect(layout.canMatchBelow(prefix, JAN_1_2025)).toBe(expected)
  })

  it('treats the window as half-open [from, to) on month and day boundaries', () => {
    const february = { from: utc('2025-02-01T00:00'), to: utc('2025-03-01T00:00') }
    expect(layout.canMatchBelow(`${TRAIL}2025/01/`, february)).toBe(false)
    expect(layout.canMatchBelow(`${TRAIL}2025/02/`, february)).toBe(true)
    expect(layout.canMatchBelow(`${TRAIL}2025/03/`, february)).toBe(false)
    expect(layout.canMatchBelow(`${TRAIL}2025/01/31/`, february)).toBe(false)
    expect(layout.canMatchBelow(`${TRAIL}2025/02/28/`, february)).toBe(true)
    expect(layout.canMatchBelow(`${TRAIL}2025/03/01/`, february)).toBe(false)
    const lastMinuteOfJanuary = { from: utc('2025-01-31T23:59'), to: utc('2025-02-01T00:00') }
    expect(layout.canMatchBelow(`${TRAIL}2025/01/`, lastMinuteOfJanuary)).toBe(true)
    expect(layout.canMatchBelow(`${TRAIL}2025/01/31/`, lastMinuteOfJanuary)).toBe(true)
    expect(layout.canMatchBelow(`${TRAIL}2025/02/`, lastMinuteOfJanuary)).toBe(false)
  })

  it('accepts a window with only from or only to', () => {
    const from = { from: utc('2025-01-15T12:00') }
    expect(layout.canMatchBelow(`${TRAIL}2024/`, from)).toBe(false)
    expect(layout.canMatchBelow(`${TRAIL}2025/01/14/`, from)).toBe(false)
    expect(layout.canMatchBelow(`${TRAIL}2025/01/15/`, from)).toBe(true)
    expect(layout.canMatchBelow(`${TRAIL}2031/`, from)).toBe(true)
    const to = { to: utc('2025-01-15T12:00') }
    expect(layout.canMatchBelow(`${TRAIL}2024/`, to)).toBe(true)
    expect(layout.canMatchBelow(`${TRAIL}2025/01/15/`, to)).toBe(true)
    expect(layout.canMatchBelow(`${TRAIL}2025/01/16/`, to)).toBe(false)
    expect(layout.canMatchBelow(`${TRAIL}2025/02/`, to)).toBe(false)
    expect(layout.canMatchBelow(`${TRAIL}2025/02/`, {})).toBe(true)
  })

  it('excludes impossible calendar dates from every window, but not from an unwindowed listing', () => {
    expect(layout.canMatchBelow(`${TRAIL}2025/02/30/`)).toBe(true)
    expect(layout.canMatchBelow(`${TRAIL}2025/02/30/`, { from: utc('2000-01-01T00:00') })).toBe(false)
    expect(layout.canMatchBelow(`${TRAIL}2024/02/29/`, { from: utc('2000-01-01T00:00') })).toBe(true)
    expect(layout.canMatchBelow(`${TRAIL}2025/02/29/`, { from: utc('2000-01-01T00:00') })).toBe(false)
  })
})

describe('canMatchBelow on other layouts', () => {
  const hourly = compileLayout('logs/%{YEAR:year}/%{MONTHNUM:month}/%{MONTHDAY:day}/%{HOUR:hour}/%{DATA}.gz')

  it('prunes hour folders', () => {
    const window = { from: utc('2025-01-01T22:30'), to: utc('2025-01-02T01:00') }
    expect(hourly.canMatchBelow('logs/2025/01/01/21/', window)).toBe(false)
    expect(hourly.canMatchBelow('logs/2025/01/01/22/', window)).toBe(true)
    expect(hourly.canMatchBelow('logs/2025/01/01/23/', window)).toBe(true)
    expect(hourly.canMatchBelow('logs/2025/01/02/00/', window)).toBe(true)
    expect(hourly.canMatchBelow('logs/2025/01/02/01/', window)).toBe(false)
    expect(hourly.canMatchBelow('logs/2025/01/02/', window)).toBe(true)
    expect(hourly.canMatchBelow('logs/2025/01/03/', window)).toBe(false)
    expect(hourly.canMatchBelow('logs/2025/01/02/24/')).toBe(false)
    expect(hourly.match('logs/2025/01/02/07/a.gz')?.time).toEqual({
      start: utc('2025-01-02T07:00'),
      end: utc('2025-01-02T08:00'),
    })
  })

  it('prunes minute folders', () => {
    const minutes = compileLayout('%{YEAR:year}%{MONTHNUM:month}%{MONTHDAY:day}T%{HOUR:hour}%{MINUTE:minute}/%{DATA}')
    const window = { from: utc('2025-01-01T10:15'), to: utc('2025-01-01T10:16') }
    expect(minutes.canMatchBelow('20250101T1014/', window)).toBe(false)
    expect(minutes.canMatchBelow('20250101T1015/', window)).toBe(true)
    expect(minutes.canMatchBelow('20250101T1016/', window)).toBe(false)
    expect(minutes.match('20250101T1015/x')?.time).toEqual({
      start: utc('2025-01-01T10:15'),
      end: utc('2025-01-01T10:16'),
    })
  })

  it('follows date fields through an optional group', () => {
    const layout = compileLayout('%{YEAR:year}/(%{KIND:kind}/)?%{MONTHNUM:month}/%{DATA}', {
      patterns: { KIND: '[a-z]+|\\d\\d' },
    })
    const march = { from: utc('2025-03-01T00:00'), to: utc('2025-04-01T00:00') }
    expect(layout.canMatchBelow('2025/03/', march)).toBe(true)
    expect(layout.canMatchBelow('2025/05', march)).toBe(true)
    expect(layout.canMatchBelow('2025/audit/03/', march)).toBe(true)
    expect(layout.canMatchBelow('2025/audit/04/', march)).toBe(false)
    // "04" could be the month, or the kind folder with the month still to come.
    expect(layout.canMatchBelow('2025/04/', march)).toBe(true)
    expect(layout.canMatchBelow('2025/04/02/', march)).toBe(false)
    expect(layout.canMatchBelow('2025/04/03/', march)).toBe(true)
    expect(layout.canMatchBelow('2024/04/', march)).toBe(false)
  })

  it('does not narrow by a day without its month', () => {
    const layout = compileLayout('%{YEAR:year}/%{MONTHDAY:day}/%{DATA}')
    expect(layout.canMatchBelow('2025/01/', JAN_1_2025)).toBe(true)
    expect(layout.canMatchBelow('2024/01/', JAN_1_2025)).toBe(false)
    expect(layout.match('2025/07/x')?.time).toEqual({ start: utc('2025-01-01T00:00'), end: utc('2026-01-01T00:00') })
  })

  it('ignores the window when the layout has no year', () => {
    const layout = compileLayout('logs/%{MONTHNUM:month}/%{DATA}')
    expect(layout.canMatchBelow('logs/07/', JAN_1_2025)).toBe(true)
    expect(layout.match('logs/07/x')).toEqual({ fields: { month: '07' } })
  })

  it('handles a layout that is all GREEDYDATA', () => {
    const layout = compileLayout('%{GREEDYDATA:path}.json.gz')
    expect(layout.canMatchBelow('a/b/c/d/')).toBe(true)
    expect(layout.match('a/b.json.gz')?.fields).toEqual({ path: 'a/b' })
  })
})

describe('canMatchBelow never prunes a matching key (soundness)', () => {
  const layout = compileLayout(DEFAULT_LAYOUT, { prefix: 'bucket/trails' })
  const keys = [
    'bucket/trails/AWSLogs/111122223333/CloudTrail/us-east-1/2024/12/31/a_20241231T2355Z_x.json.gz',
    'bucket/trails/AWSLogs/111122223333/CloudTrail/us-east-1/2025/01/01/a_20250101T0000Z_x.json.gz',
    'bucket/trails/AWSLogs/111122223333/CloudTrail/ap-south-2/2025/1/9/a.json.gz',
    'bucket/trails/AWSLogs/o-a1b2c3d4e5/444455556666/CloudTrail/eu-west-1/2025/02/28/b.json.gz',
    'bucket/trails/AWSLogs/o-a1b2c3d4e5/444455556666/CloudTrail/eu-west-1/2024/02/29/b.json.gz',
    'bucket/trails/AWSLogs/123/456/CloudTrail/r/2023/06/15/.json.gz',
    'bucket/trails/AWSLogs/777788889999/CloudTrail//2025/03/01/c.json.gz',
  ]
  const windows: TimeWindow[] = [
    {},
    JAN_1_2025,
    { from: utc('2024-12-31T23:00') },
    { to: utc('2025-01-01T00:00') },
    { from: utc('2025-02-28T12:00'), to: utc('2025-03-01T00:01') },
    { from: utc('2024-02-29T00:00'), to: utc('2024-03-01T00:00') },
  ]

  it('agrees with match() on every prefix of every key', () => {
    let pruned = 0
    for (const key of keys) {
      const found = layout.match(key)
      expect(found, key).toBeDefined()
      for (const window of windows) {
        const inWindow =
          found?.time === undefined ||
          ((window.from === undefined || found.time.end > window.from) &&
            (window.to === undefined || found.time.start < window.to))
        for (let i = 0; i <= key.length; i++) {
          const prefix = key.slice(0, i)
          const below = layout.canMatchBelow(prefix, window)
          if (inWindow) expect(below, `${prefix} in ${JSON.stringify(window)}`).toBe(true)
          else if (!below) pruned++
        }
      }
    }
    expect(pruned).toBeGreaterThan(0)
  })
})

import { describe, expect, it } from 'vitest'
import { compileLayout, DEFAULT_LAYOUT, MAX_TIME_WINDOW_FOLDERS } from '../src/index.js'

const utc = (iso: string) => new Date(`${iso}Z`)
const window = (from: string, to: string) => ({ from: utc(from), to: utc(to) })
const TRAIL = 'AWSLogs/111122223333/CloudTrail/us-east-1/'

describe('timeWindowFolders with DEFAULT_LAYOUT', () => {
  const layout = compileLayout(DEFAULT_LAYOUT)

  it('lists one day folder for a one-day window', () => {
    expect(layout.timeWindowFolders(TRAIL, window('2025-01-01T00:00', '2025-01-02T00:00'))).toEqual([
      `${TRAIL}2025/01/01/`,
    ])
  })

  it('crosses a month boundary', () => {
    expect(layout.timeWindowFolders(TRAIL, window('2025-01-31T10:00', '2025-02-01T10:00'))).toEqual([
      `${TRAIL}2025/01/31/`,
      `${TRAIL}2025/02/01/`,
    ])
  })

  it('crosses a year boundary and a leap day', () => {
    expect(layout.timeWindowFolders(TRAIL, window('2024-12-30T23:59', '2025-01-02T00:00'))).toEqual([
      `${TRAIL}2024/12/30/`,
      `${TRAIL}2024/12/31/`,
      `${TRAIL}2025/01/01/`,
    ])
    expect(layout.timeWindowFolders(TRAIL, window('2024-02-28T00:00', '2024-03-01T00:00:01'))).toEqual([
      `${TRAIL}2024/02/28/`,
      `${TRAIL}2024/02/29/`,
      `${TRAIL}2024/03/01/`,
    ])
  })

  it('continues below a prefix that fixes the year or the month', () => {
    const newYear = window('2024-12-31T00:00', '2025-01-02T00:00')
    expect(layout.timeWindowFolders(`${TRAIL}2025/`, newYear)).toEqual([`${TRAIL}2025/01/01/`])
    expect(layout.timeWindowFolders(`${TRAIL}2024/`, newYear)).toEqual([`${TRAIL}2024/12/31/`])
    expect(layout.timeWindowFolders(`${TRAIL}2024/12/`, newYear)).toEqual([`${TRAIL}2024/12/31/`])
    expect(layout.timeWindowFolders(`${TRAIL}2023/`, newYear)).toEqual([])
    expect(layout.timeWindowFolders(`${TRAIL}2025/02/`, newYear)).toEqual([])
  })

  it('works for org trails and below a bucket prefix', () => {
    const org = 'AWSLogs/o-abc123/111122223333/CloudTrail/eu-west-1/'
    expect(layout.timeWindowFolders(org, window('2025-03-05T00:00', '2025-03-05T01:00'))).toEqual([`${org}2025/03/05/`])
    const prefixed = compileLayout(DEFAULT_LAYOUT, { prefix: 'bucket/x' })
    expect(prefixed.timeWindowFolders(`bucket/x/${TRAIL}`, window('2025-03-05T00:00', '2025-03-06T00:00'))).toEqual([
      `bucket/x/${TRAIL}2025/03/05/`,
    ])
  })

  it('returns an empty list for an empty window', () => {
    expect(layout.timeWindowFolders(TRAIL, window('2025-01-02T00:00', '2025-01-02T00:00'))).toEqual([])
    expect(layout.timeWindowFolders(TRAIL, window('2025-01-03T00:00', '2025-01-02T00:00'))).toEqual([])
  })

  it.each([
    '',
    'AWSLogs/',
    'AWSLogs/111122223333/',
    'AWSLogs/111122223333/CloudTrail/',
    'AWSLogs/111122223333/CloudTrail/us-east-1',
    `${TRAIL}2025`,
    `${TRAIL}2025/01/01/`,
    'AWSLogs/111122223333/Config/',
  ])('does not apply below %j', (prefix) => {
    expect(layout.timeWindowFolders(prefix, window('2025-01-01T00:00', '2025-01-02T00:00'))).toBeUndefined()
  })

  it('falls back to coarser folders for long windows and stays bounded', () => {
    const tenYears = layout.timeWindowFolders(TRAIL, window('2015-01-01T00:00', '2025-01-01T00:00'))
    expect(tenYears).toHaveLength(3653)
    expect(tenYears?.[0]).toBe(`${TRAIL}2015/01/01/`)
    const twentyYears = layout.timeWindowFolders(TRAIL, window('2005-06-15T00:00', '2025-01-01T00:00'))
    expect(twentyYears).toHaveLength(235)
    expect(twentyYears?.[0]).toBe(`${TRAIL}2005/06/`)
    expect(twentyYears?.[234]).toBe(`${TRAIL}2024/12/`)
    const millennium = layout.timeWindowFolders(TRAIL, window('1025-06-15T00:00', '2025-01-01T00:00'))
    expect(millennium).toHaveLength(1000)
    expect(millennium?.[0]).toBe(`${TRAIL}1025/`)
    expect(layout.timeWindowFolders(TRAIL, window('1000-01-01T00:00', '9000-01-01T00:00'))).toBeUndefined()
    expect(MAX_TIME_WINDOW_FOLDERS).toBe(3660)
  })

  it('covers every key of the window (soundness)', () => {
    const w = window('2024-12-31T12:00', '2025-01-03T00:00')
    const folders = layout.timeWindowFolders(TRAIL, w) ?? []
    for (const date of ['2024/12/31', '2025/01/01', '2025/01/02']) {
      const key = `${TRAIL}${date}/111122223333_CloudTrail_us-east-1_x.json.gz`
      expect(layout.match(key)).toBeDefined()
      expect(folders.some((folder) => key.startsWith(folder))).toBe(true)
    }
    for (const folder of folders) expect(layout.canMatchBelow(folder, w)).toBe(true)
  })
})

describe('timeWindowFolders on other layouts', () => {
  it('lists hour folders for an hourly layout', () => {
    const layout = compileLayout('logs/%{YEAR:year}/%{MONTHNUM:month}/%{MONTHDAY:day}/%{HOUR:hour}/%{DATA}.gz')
    expect(layout.timeWindowFolders('logs/', window('2025-01-31T22:30', '2025-02-01T01:00'))).toEqual([
      'logs/2025/01/31/22/',
      'logs/2025/01/31/23/',
      'logs/2025/02/01/00/',
    ])
    expect(layout.timeWindowFolders('logs/2025/01/31/', window('2025-01-31T22:30', '2025-02-01T01:00'))).toEqual([
      'logs/2025/01/31/22/',
      'logs/2025/01/31/23/',
    ])
    expect(layout.timeWindowFolders('logs/', window('2025-01-01T00:00', '2025-03-01T00:00'))).toHaveLength(1416)
    expect(layout.timeWindowFolders('logs/', window('2025-01-01T00:00', '2025-07-01T00:00'))).toHaveLength(181)
  })

  it('lists month folders for a monthly layout', () => {
    const layout = compileLayout('%{YEAR:year}/%{MONTHNUM:month}/%{DATA}')
    expect(layout.timeWindowFolders('', window('2024-11-15T00:00', '2025-01-15T00:00'))).toEqual([
      '2024/11/',
      '2024/12/',
      '2025/01/',
    ])
  })

  it('does not apply when an optional folder may come first', () => {
    const layout = compileLayout('logs/(%{WORD:kind}/)?%{YEAR:year}/%{MONTHNUM:month}/%{MONTHDAY:day}/%{DATA}')
    const w = window('2025-01-01T00:00', '2025-01-02T00:00')
    expect(layout.timeWindowFolders('logs/', w)).toBeUndefined()
    expect(layout.timeWindowFolders('logs/audit/', w)).toEqual(['logs/audit/2025/01/01/'])
  })

  it('does not apply when the date fields are not whole folders or are out of order', () => {
    const w = window('2025-01-01T00:00', '2025-01-02T00:00')
    expect(compileLayout('%{YEAR:year}-%{MONTHNUM:month}/%{DATA}').timeWindowFolders('', w)).toBeUndefined()
    expect(compileLayout('%{YEAR:year}/x%{MONTHNUM:month}/%{DATA}').timeWindowFolders('', w)).toEqual(['2025/'])
    expect(compileLayout('%{MONTHNUM:month}/%{YEAR:year}/%{DATA}').timeWindowFolders('', w)).toBeUndefined()
    expect(compileLayout('%{YEAR:year}/%{MONTHDAY:day}/%{DATA}').timeWindowFolders('', w)).toEqual(['2025/'])
    expect(compileLayout('logs/%{YEAR:year}').timeWindowFolders('logs/', w)).toBeUndefined()
    expect(compileLayout('logs/%{DATA:x}').timeWindowFolders('logs/', w)).toBeUndefined()
  })

  it('drops folders the patterns cannot produce', () => {
    const layout = compileLayout('%{YEAR:year}/%{MONTHNUM:month}/%{DATA}', { patterns: { MONTHNUM: '0[1-6]' } })
    expect(layout.timeWindowFolders('', window('2024-05-01T00:00', '2025-02-01T00:00'))).toEqual([
      '2024/05/',
      '2024/06/',
      '2025/01/',
    ])
  })
})

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  KIND_ESCAPED_STRING,
  KIND_NUMBER,
  KIND_OBJECT,
  KIND_STRING,
  RootMembers,
  SCAN_COMPLETE,
  SCAN_INCOMPLETE,
  SCAN_INVALID,
  SCAN_TOO_DEEP,
  type ScanOutcome,
  scanJsonValue,
} from '../src/json-validator.js'
import { INVICTUS } from './helpers.js'

const encoder = new TextEncoder()
const outcome: ScanOutcome = { end: 0, errorAt: 0 }

/** Whether the byte validator accepts `text` as exactly one JSON value. */
function accepts(text: string): boolean {
  const bytes = encoder.encode(text)
  let start = 0
  while (start < bytes.length && ' \t\r\n'.includes(text[start] as string)) start++
  if (start === bytes.length) return false
  if (scanJsonValue(bytes, start, null, outcome) !== SCAN_COMPLETE) return false
  for (let i = outcome.end; i < bytes.length; i++)
    if (!' \t\r\n'.includes(String.fromCharCode(bytes[i] as number))) return false
  return true
}

function parses(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

describe('scanJsonValue', () => {
  it.each([
    '{}',
    '[]',
    '0',
    '-0.5e+10',
    '1E-2',
    '"a\\"b\\\\c\\/\\b\\f\\n\\r\\t\\u00e9"',
    '{"a":[1,{"b":null,"c":true,"d":false}],"e":"é✓"}',
    ' { "a" : [ 1 , 2 ] } ',
    '01',
    '1.',
    '.5',
    '-',
    '+1',
    '1e',
    '"\\x"',
    '"\\u12G4"',
    '"a\nb"',
    '{"a":1,}',
    '[1,]',
    '{"a" 1}',
    '{a:1}',
    "{'a':1}",
    'tru',
    'nul',
    'True',
    '[1 2]',
    '{"a":1}}',
    '"unterminated',
    'NaN',
    '--1',
  ])('agrees with JSON.parse on %j', (text) => {
    expect(accepts(text)).toBe(parses(text))
  })

  it('agrees with JSON.parse on thousands of damaged real records', () => {
    const records = (
      JSON.parse(
        readFileSync(join(INVICTUS, '218007301253_CloudTrail_us-east-1_20230710T1205Z_zs3JGxETHr59VpkX.json'), 'utf8'),
      ) as {
        Records: unknown[]
      }
    ).Records.map((record) => JSON.stringify(record))
    let seed = 42
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
      return Math.floor((seed / 2 ** 32) * n)
    }
    const alphabet = '{}[]",:\\ 0123456789.eE+-tfnulrsaxu\n\t\u0001é'
    let disagreements = 0
    let checked = 0
    for (let round = 0; round < 6000; round++) {
      let text = records[random(records.length)] as string
      for (let edits = 1 + random(3); edits > 0; edits--) {
        const at = random(text.length)
        const op = random(3)
        const char = alphabet[random(alphabet.length)] as string
        if (op === 0) text = text.slice(0, at) + text.slice(at + 1)
        else if (op === 1) text = text.slice(0, at) + char + text.slice(at)
        else text = text.slice(0, at) + char + text.slice(at + 1)
      }
      checked++
      if (accepts(text) !== parses(text)) disagreements++
    }
    expect(checked).toBe(6000)
    expect(disagreements).toBe(0)
  })

  it('indexes the members of a root object, offsets from its first byte', () => {
    const text = '   {"a":"x","b\\u0041":12,"c":{"d":[1]},"e":"q\\"q"}'
    const members = new RootMembers()
    expect(scanJsonValue(encoder.encode(text), 3, members, outcome)).toBe(SCAN_COMPLETE)
    const value = text.slice(3)
    expect(members.count).toBe(4)
    expect(members.rootKind).toBe(KIND_OBJECT)
    const pairs = Array.from({ length: members.count }, (_, m) => [
      value.slice(members.keyStart[m], members.keyEnd[m]),
      value.slice(members.valueStart[m], members.valueEnd[m]),
      members.kind[m],
      members.keyId[m],
    ])
    expect(pairs).toEqual([
      ['"a"', '"x"', KIND_STRING, -1],
      ['"b\\u0041"', '12', KIND_NUMBER, -2],
      ['"c"', '{"d":[1]}', KIND_OBJECT, -1],
      ['"e"', '"q\\"q"', KIND_ESCAPED_STRING, -1],
    ])
    expect(members.spaced).toBe(false)
    scanJsonValue(encoder.encode('{"a":{ "b":1}}'), 0, members, outcome)
    expect(members.spaced).toBe(true)
  })

  it('tells an incomplete value from an invalid one', () => {
    for (const text of ['{"a":', '{"a":"b', '[1,2', '{"a":tr', '"\\u00', '{"a":1.', '{"a":-']) {
      expect(scanJsonValue(encoder.encode(text), 0, null, outcome)).toBe(SCAN_INCOMPLETE)
    }
    expect(scanJsonValue(encoder.encode('{"a":tx'), 0, null, outcome)).toBe(SCAN_INVALID)
    expect(outcome.errorAt).toBe(6)
  })

  it('hands deep nesting over to JSON.parse', () => {
    const deep = `${'['.repeat(600)}${']'.repeat(600)}`
    expect(scanJsonValue(encoder.encode(deep), 0, null, outcome)).toBe(SCAN_TOO_DEEP)
  })
})

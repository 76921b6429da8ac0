import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseEventTime } from '../src/event-time.js'
import { hash128Hex } from '../src/hash.js'
import { collectIpFields, isIpAddress } from '../src/ip-address.js'

describe('parseEventTime', () => {
  it.each([
    ['2023-01-01T00:00:00Z', Date.UTC(2023, 0, 1)],
    ['2023-01-01T00:00:00.1Z', Date.UTC(2023, 0, 1, 0, 0, 0, 100)],
    ['2023-01-01T00:00:00.999999Z', Date.UTC(2023, 0, 1, 0, 0, 0, 999)],
    ['2023-01-01t00:00:00z', Date.UTC(2023, 0, 1)],
    ['2022-02-08 09:23:37+11:00', Date.UTC(2022, 1, 7, 22, 23, 37)],
    ['2022-02-08T09:23:37-0330', Date.UTC(2022, 1, 8, 12, 53, 37)],
    ['2023-01-01T00:00Z', Date.UTC(2023, 0, 1)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    // no zone: UTC, as systems that export CloudTrail events write them
    ['2023-01-01T00:00:00', Date.UTC(2023, 0, 1)],
    ['2025-01-21 17:49:47.000000000', Date.UTC(2025, 0, 21, 17, 49, 47)],
  ])('%s', (text, millis) => {
    expect(parseEventTime(text)).toBe(millis)
  })

  it.each([
    'ThisIsAWrongEventTime',
    '',
    '2023-01-01',
    '2023-01-01 00:00:00 UTC',
    '2023-13-01T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2023-01-32T00:00:00Z',
    '2023-01-01T24:00:00Z',
    '2023-01-01T00:60:00Z',
    '2023-01-01T00:00:60Z',
    '2023-01-01T00:00:00.Z',
    '2023-01-01T00:00:00.1aZ',
    '2023-01-01T00:00:00+25:00',
    '1688989338000',
  ])('rejects %j', (text) => {
    expect(parseEventTime(text)).toBeNaN()
  })
})

describe('isIpAddress', () => {
  it.each([
    '0.0.0.0',
    '198.51.100.7',
    '255.255.255.255',
    '::',
    '::1',
    '2001:db8::1',
    'fe80::1:2:3:4',
    '::ffff:10.0.0.1',
    '1:2:3:4:5:6:7:8',
  ])('%s is one', (text) => expect(isIpAddress(text)).toBe(true))
  it.each([
    'AWS Internal',
    'ec2.amazonaws.com',
    '256.1.1.1',
    '1.2.3',
    '1.2.3.4.5',
    '01.2.3.4',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    'abcd',
    '12345::1',
    ':1',
    '1:',
  ])('%s is not', (text) => expect(isIpAddress(text)).toBe(false))

  it('collects IP-valued fields from JSON text', () => {
    const found: string[] = ['10.0.0.1']
    collectIpFields(
      '{"privateIpAddress":"10.0.0.1","a":{"publicIp":"203.0.113.1","ipv6Address":"2001:db8::2"},"version":"1.2.3.4","clientIp":"x"}',
      found,
    )
    expect(found).toEqual(['10.0.0.1', '203.0.113.1', '2001:db8::2'])
  })
})

describe('hash128Hex', () => {
  // MurmurHash3 x86_128, seed 0, of the UTF-8 bytes, as printed by Python's mmh3 (h1..h4 in hex).
  it.each([
    ['', '00000000000000000000000000000000'],
    ['a', 'a794933c5556b01b5556b01b5556b01b'],
    ['hello', '2b2444a0db91def79adb31b69adb31b6'],
    ['The quick brown fox jumps over the lazy dog', '2f1583c3ecee2c675d7bf66ce5e91d2c'],
    ['0828c0d2-3589-4390-b954-c78b4a7df44b', '8a303e12eaa1e5b3ee0e140412933b21'],
    ['héllo wörld ✓ 🎉', 'be26a433922145083ce209a27bc1e8a4'],
  ])('%j', (text, hex) => {
    expect(hash128Hex(text)).toBe(hex)
  })
})

describe('src', () => {
  it('runs in browsers: no node: imports', () => {
    const dir = new URL('../src/', import.meta.url)
    for (const name of readdirSync(dir)) {
      expect(readFileSync(new URL(name, dir), 'utf8')).not.toMatch(/from ['"]node:|require\(/)
    }
  })
})

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

describe('readCloudTrail with internValues', () => {
  it('gives the same rows as without', async () => {
    const { readCloudTrail } = await import('../src/index.js')
    const records = Array.from({ length: 5_000 }, (_, i) => ({
      eventVersion: '1.08',
      eventID: `id-${i}`,
      eventTime: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(),
      eventSource: i % 3 ? 's3.amazonaws.com' : 'iam.amazonaws.com',
      eventName: `Call${i % 7}`,
      userAgent: `agent/${i % 5} with a long enough text to be sliced`,
      userIdentity: { type: 'IAMUser', userName: `user-${i % 4}`, arn: `arn:aws:iam::123456789012:user/user-${i % 4}` },
      requestParameters: { n: i },
      recipientAccountId: '123456789012',
    }))
    const text = new TextEncoder().encode(JSON.stringify({ Records: records }))
    const rows = async (internValues: boolean) => {
      const out: unknown[] = []
      const context = { partition: 'p', sourceType: 'file', sourceName: 'test', ingestTime: 0 }
      for await (const item of readCloudTrail({ location: 'x.json', chunks: [text] }, context, { internValues })) {
        if (item.kind === 'row') out.push(item.row)
      }
      return out
    }
    const interned = await rows(true)
    expect(interned).toHaveLength(5_000)
    expect(interned).toEqual(await rows(false))
  })
})

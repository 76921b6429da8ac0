import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gunzipSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { wholeGunzip } from '../src/browser/whole-gunzip.js'

const fixture = fileURLToPath(
  new URL(
    '../../../../shared/fixtures/cloudtrail/invictus-aws-dataset/CloudTrail/218007301253_CloudTrail_us-east-1_20230710T1200Z_iLj9fb7yyUG9X4Bf.json',
    import.meta.url,
  ),
)

describe('wholeGunzip', () => {
  const plain = readFileSync(fixture)
  const gz = new Uint8Array(gzipSync(plain))

  it('inflates one intact member to the same bytes as zlib', () => {
    expect(Buffer.from((wholeGunzip(gz))!)).toEqual(gunzipSync(gz))
  })

  it('leaves to the normalizer what is not one intact gzip member', () => {
    expect(wholeGunzip(new Uint8Array(plain))).toBeUndefined()
    expect(wholeGunzip(gz.subarray(0, gz.length - 100))).toBeUndefined()
    const twoMembers = new Uint8Array([...gz, ...gzipSync(Buffer.from('{"Records":[]}'))])
    expect(wholeGunzip(twoMembers)).toBeUndefined()
    const sameSize = new Uint8Array([...gzipSync(Buffer.from('{"Records":[1]}')), ...gzipSync(Buffer.from('{"Records":[2]}'))])
    expect(wholeGunzip(sameSize)).toBeUndefined()
    const damaged = gz.slice()
    damaged[200] = damaged[200]! ^ 0xff
    expect(wholeGunzip(damaged)).toBeUndefined()
    const wrongSize = gz.slice()
    wrongSize[gz.length - 1] = wrongSize[gz.length - 1]! ^ 0xff
    expect(wholeGunzip(wrongSize)).toBeUndefined()
  })
})

import { describe, expect, it } from 'vitest'
import { referencedColumns, rewriteJsonAccess, tokenize } from '../src/index.js'

describe('tokenize', () => {
  it('is lossless and keeps literals whole', () => {
    const sql = `select 'it''s ->> x', "user_identity"->>'a' -- c ->> 'x'\n/* resources[0] */ from t`
    const tokens = tokenize(sql)
    expect(tokens.map((t) => t.text).join('')).toBe(sql)
    expect(tokens.find((t) => t.kind === 'string')?.text).toBe("'it''s ->> x'")
  })
})

describe('rewriteJsonAccess', () => {
  it('turns promoted keys into plain columns', () => {
    expect(rewriteJsonAccess(`select user_identity->>'userName' from aws_cloudtrail_log where user_identity ->> 'type' = 'Root'`)).toBe(
      `select user_name from aws_cloudtrail_log where user_type = 'Root'`,
    )
  })
  it('keeps a table qualifier', () => {
    expect(rewriteJsonAccess(`select t.user_identity->>'arn' from aws_cloudtrail_log t`)).toBe(
      'select t.user_arn from aws_cloudtrail_log t',
    )
  })
  it('rewrites indexing and chains into json_extract functions', () => {
    expect(rewriteJsonAccess(`resources[0]->>'resourceType'`)).toBe(`json_extract_string(resources, '$[0].resourceType')`)
    expect(rewriteJsonAccess(`user_identity->'sessionContext'->'sessionIssuer'->>'userName'`)).toBe(
      `json_extract_string(user_identity, '$.sessionContext.sessionIssuer.userName')`,
    )
    expect(rewriteJsonAccess(`request_parameters->'ipPermissions'`)).toBe(
      `json_extract(request_parameters, '$.ipPermissions')`,
    )
    expect(rewriteJsonAccess(`user_identity->>'$.sessionContext.attributes.mfaAuthenticated'`)).toBe(
      `json_extract_string(user_identity, '$.sessionContext.attributes.mfaAuthenticated')`,
    )
  })
  it('leaves literals, comments, non-JSON columns and functions alone', () => {
    const sql = `select 'user_identity->>''type''', event_name, resources -- user_identity->>'type'\nfrom x`
    expect(rewriteJsonAccess(sql)).toBe(sql)
    expect(rewriteJsonAccess(`select tp_ips[1] from x`)).toBe(`select tp_ips[1] from x`)
  })
})

describe('referencedColumns', () => {
  it('finds the columns a query needs', () => {
    const { all, columns } = referencedColumns(`select event_time, user_name from aws_cloudtrail_log where error_code is not null`)
    expect(all).toBe(false)
    expect([...columns].sort()).toEqual(['error_code', 'event_time', 'user_name'])
  })
  it('treats a star as every column but not count(*)', () => {
    expect(referencedColumns('select * from aws_cloudtrail_log').all).toBe(true)
    expect(referencedColumns('select count(*) from aws_cloudtrail_log').all).toBe(false)
  })
})

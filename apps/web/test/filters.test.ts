import { describe, expect, it } from 'vitest'
import { filterCondition, filterLabel, filterTerm, isFilter } from '../src/filters/filters.js'

describe('filters as SQL', () => {
  it('compares a field with its value as a quoted literal, NULL as "is null"', () => {
    expect(filterTerm({ field: 'event_name', value: 'ConsoleLogin' })).toBe("(event_name) = 'ConsoleLogin'")
    expect(filterTerm({ field: 'identity', value: 'arn:aws:iam::1:user/a' })).toBe("(coalesce(user_arn, user_name, user_invoked_by)) = 'arn:aws:iam::1:user/a'")
    expect(filterTerm({ field: 'error_code', value: null })).toBe('(error_code) is null')
    expect(filterTerm({ field: 'resource', value: 'arn:aws:s3:::b' })).toBe("list_contains(tp_akas, 'arn:aws:s3:::b')")
  })

  it('keeps quotes in a value inside the literal (no way out of it)', () => {
    expect(filterTerm({ field: 'user_arn', value: "x' or '1'='1" })).toBe("(user_arn) = 'x'' or ''1''=''1'")
    expect(filterTerm({ field: 'source_ip_address', value: "'); drop table t; --" })).toBe("(source_ip_address) = '''); drop table t; --'")
  })

  it('joins filters with and; none is no condition', () => {
    expect(filterCondition([])).toBe('')
    expect(filterCondition([{ field: 'aws_region', value: 'us-east-1' }, { field: 'error_code', value: null }])).toBe(
      "(aws_region) = 'us-east-1' and (error_code) is null",
    )
  })

  it('accepts only filters of known fields', () => {
    expect(isFilter({ field: 'aws_region', value: 'x' })).toBe(true)
    expect(isFilter({ field: 'aws_region', value: null })).toBe(true)
    expect(isFilter({ field: 'event_name or 1=1', value: 'x' })).toBe(false)
    expect(isFilter({ field: 'constructor', value: 'x' })).toBe(false)
    expect(isFilter({ field: 'aws_region' })).toBe(false)
    expect(filterLabel({ field: 'identity', value: null })).toBe('identity = (none)')
  })
})

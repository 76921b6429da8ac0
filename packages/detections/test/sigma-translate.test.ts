import { describe, expect, it } from 'vitest'
import { type SigmaTranslation, translateSigmaRule, translateSigmaRules } from '../src/index.js'

const rule = (detection: string, extra = '') =>
  `title: Test Rule – One!\nid: 1b2c3d4e-0000-4000-8000-000000000000\nstatus: test\nauthor: A. Person\nlogsource:\n  product: aws\n  service: cloudtrail\nlevel: high\n${extra}detection:\n${detection}\n`

function condition(detection: string): string {
  const t = translateSigmaRule(rule(detection), 'r.yml')
  if (!t.detection) throw new Error(t.unsupported.reason)
  return t.detection.condition!
}

function reason(t: SigmaTranslation): string | undefined {
  return t.unsupported?.reason
}

describe('translateSigmaRule: values', () => {
  it('compares case-insensitively, the promoted identity columns and JSON paths for nested fields', () => {
    expect(condition(`  sel:\n    eventName: DeleteBucket\n  condition: sel`)).toBe(
      "coalesce(lower(event_name) = 'deletebucket', false)",
    )
    expect(condition(`  sel:\n    userIdentity.type: Root\n  condition: sel`)).toBe(
      "coalesce(lower(user_type) = 'root', false)",
    )
    expect(condition(`  sel:\n    userIdentity.sessionContext.sessionIssuer.type: Role\n  condition: sel`)).toBe(
      "coalesce(lower(json_extract_string(user_identity, '$.sessionContext.sessionIssuer.type')) = 'role', false)",
    )
    expect(condition(`  sel:\n    readOnly: false\n  condition: sel`)).toBe(
      "coalesce(lower(cast(read_only as varchar)) = 'false', false)",
    )
    expect(condition(`  sel:\n    eventName|cased: DeleteBucket\n  condition: sel`)).toBe(
      "coalesce(event_name = 'DeleteBucket', false)",
    )
  })

  it("turns wildcards into LIKE, escaping LIKE's own characters and honouring Sigma escapes", () => {
    expect(condition(`  sel:\n    eventName: 'Get*Po?icy'\n  condition: sel`)).toBe(
      "coalesce(lower(event_name) like 'get%po_icy' escape '\\', false)",
    )
    expect(condition(`  sel:\n    userAgent|contains: '50%_off'\n  condition: sel`)).toBe(
      "coalesce(lower(user_agent) like '%50\\%\\_off%' escape '\\', false)",
    )
    expect(condition(`  sel:\n    userAgent: 'a\\*b\\?c\\\\'\n  condition: sel`)).toBe(
      "coalesce(lower(user_agent) = 'a*b?c\\', false)",
    )
    expect(condition(`  sel:\n    userAgent: 'C:\\Windows'\n  condition: sel`)).toBe(
      "coalesce(lower(user_agent) = 'c:\\windows', false)",
    )
    expect(condition(`  sel:\n    userAgent|startswith: "it's"\n  condition: sel`)).toBe(
      "coalesce(lower(user_agent) like 'it''s%' escape '\\', false)",
    )
    expect(condition(`  sel:\n    errorCode|contains: '*'\n  condition: sel`)).toBe(
      'coalesce(error_code is not null, false)',
    )
  })

  it('reads null as absent, and exists, fieldref, re, cidr and number comparisons', () => {
    expect(condition(`  sel:\n    errorCode: null\n  condition: sel`)).toBe('error_code is null')
    expect(condition(`  sel:\n    errorCode|exists: true\n  condition: sel`)).toBe('error_code is not null')
    expect(condition(`  sel:\n    userIdentity.userName|fieldref: requestParameters.userName\n  condition: sel`)).toBe(
      "coalesce(lower(user_name) = lower(json_extract_string(request_parameters, '$.userName')), false)",
    )
    expect(condition(`  sel:\n    userAgent|re: '^Boto3/\\d'\n  condition: sel`)).toBe(
      "coalesce(regexp_matches(user_agent, '^Boto3/\\d'), false)",
    )
    expect(condition(`  sel:\n    userAgent|re|i: 'boto'\n  condition: sel`)).toBe(
      "coalesce(regexp_matches(user_agent, '(?i)boto'), false)",
    )
    const cidr = condition(`  sel:\n    sourceIPAddress|cidr: 192.0.2.128/25\n  condition: sel`)
    expect(cidr).toContain('between 3221226112 and 3221226239')
    expect(condition(`  sel:\n    requestParameters.maxResults|gt: 100\n  condition: sel`)).toBe(
      "coalesce(try_cast(json_extract_string(request_parameters, '$.maxResults') as double) > 100, false)",
    )
  })

  it('ORs a list of values, ANDs it with |all, ORs a list of maps', () => {
    expect(condition(`  sel:\n    eventName:\n      - A\n      - B\n  condition: sel`)).toBe(
      "(coalesce(lower(event_name) = 'a', false) or coalesce(lower(event_name) = 'b', false))",
    )
    expect(condition(`  sel:\n    userAgent|contains|all:\n      - a\n      - b\n  condition: sel`)).toBe(
      "(coalesce(lower(user_agent) like '%a%' escape '\\', false) and coalesce(lower(user_agent) like '%b%' escape '\\', false))",
    )
    expect(condition(`  sel:\n    - eventName: A\n    - userAgent: B\n  condition: sel`)).toBe(
      "(coalesce(lower(event_name) = 'a', false) or coalesce(lower(user_agent) = 'b', false))",
    )
  })
})

describe('translateSigmaRule: conditions', () => {
  const searches = `  sel_a:\n    eventName: A\n  sel_b:\n    eventName: B\n  _private:\n    eventName: P\n  filter:\n    userAgent: F\n`
  const a = "coalesce(lower(event_name) = 'a', false)"
  const b = "coalesce(lower(event_name) = 'b', false)"
  const p = "coalesce(lower(event_name) = 'p', false)"
  const f = "coalesce(lower(user_agent) = 'f', false)"

  it.each([
    ['sel_a and not filter', `(${a} and not ${f})`],
    ['1 of sel_*', `(${a} or ${b})`],
    ['all of sel_*', `(${a} and ${b})`],
    ['1 of them', `(${a} or ${b} or ${f})`],
    ['all of them', `(${a} and ${b} and ${f})`],
    ['sel_a or sel_b and not filter', `(${a} or (${b} and not ${f}))`],
    ['(sel_a or sel_b) and not (filter or _private)', `((${a} or ${b}) and not (${f} or ${p}))`],
    ['not not sel_a', `not not ${a}`],
    ['sel_a AND NOT 1 OF THEM', `(${a} and not (${a} or ${b} or ${f}))`],
    ['1 of filter*', f],
  ])('%s', (text, sql) => {
    expect(condition(`${searches}  condition: ${text}`)).toBe(sql)
  })

  it('makes every leaf TRUE or FALSE, so that not of a missing field is true', () => {
    expect(condition(`  sel:\n    userAgent: x\n  condition: not sel`)).toBe(
      "not coalesce(lower(user_agent) = 'x', false)",
    )
  })

  it.each([
    ['sel | count() > 5', 'aggregates events'],
    ['sel1 | near sel2', "'near' (event correlation) is not supported"],
    ['sel and nothing', "'nothing' is not a search of the detection"],
    ['1 of nope*', "'nope*' names no search"],
    ['2 of sel*', "'2 of' is not supported"],
    ['(sel', 'a ( is not closed'],
  ])('refuses %s', (text, why) => {
    expect(reason(translateSigmaRule(rule(`  sel:\n    eventName: A\n  condition: ${text}`), 'r.yml'))).toContain(why)
  })
})

describe('translateSigmaRule: what is not translated', () => {
  it.each([
    [rule(`  sel:\n    eventName: A\n  timeframe: 5m\n  condition: sel`), 'within a timeframe (5m)'],
    [rule(`  sel:\n    src_country|expand: '%countries%'\n  condition: sel`), 'placeholders (|expand)'],
    [
      rule(`  sel:\n    requestParameters|contains: 'arn:aws:s3:::<YOUR-BUCKET>'\n  condition: sel`),
      'the placeholder <YOUR-BUCKET>',
    ],
    [rule(`  sel:\n    src_ip: 1.2.3.4\n  condition: sel`), 'src_ip is not a CloudTrail record field'],
    [rule(`  sel:\n    eventName.x: 1\n  condition: sel`), 'eventName holds no nested keys'],
    [rule(`  sel:\n    resources.ARN: x\n  condition: sel`), 'resources is an array'],
    [rule(`  sel:\n    eventTime: x\n  condition: sel`), 'event time'],
    [rule(`  sel:\n    - mimikatz\n  condition: sel`), 'keyword search'],
    [rule(`  sel:\n    eventName|base64: x\n  condition: sel`), 'the modifier base64 is not supported'],
    [rule(`  sel:\n    userAgent|re: '(?<=a)b'\n  condition: sel`), 'RE2 lacks'],
    [rule(`  sel:\n    userAgent|re: '(a'\n  condition: sel`), 'not a valid regular expression'],
    [rule(`  sel:\n    sourceIPAddress|cidr: '2001:db8::/32'\n  condition: sel`), 'IPv6 ranges are not supported'],
    [
      rule(`  sel:\n    eventName: A\n  condition: sel`).replace('service: cloudtrail', 'service: cloudwatch'),
      'is not product aws, service cloudtrail',
    ],
    [
      rule(`  sel:\n    eventName: A\n  condition: sel`).replace('level: high', 'level: severe'),
      'level severe is not a Sigma level',
    ],
    [`${rule(`  sel:\n    eventName: A\n  condition: sel`)}---\ntitle: two\n`, 'multi-document'],
    ['title: [unclosed', 'not a readable Sigma rule'],
    ['', 'not a readable Sigma rule: is empty'],
  ])('%#: says why', (text, why) => {
    const t = translateSigmaRule(text, 'r.yml')
    expect(t.detection).toBeUndefined()
    expect(t.unsupported?.source).toBe('r.yml')
    expect(reason(t)).toContain(why)
  })
})

describe('translateSigmaRule: the detection around the SQL', () => {
  it('keeps title, level, ATT&CK techniques, description, false positives, references and provenance', () => {
    const text = rule(
      `  sel:\n    eventName: A\n  condition: sel`,
      'description: Finds A.\nreferences:\n  - https://example.com/a\nfalsepositives:\n  - Admins\n  - Scripts\ntags:\n  - attack.persistence\n  - attack.t1078.004\n  - attack.T1098\n',
    )
    const d = translateSigmaRule(text, 'r.yml').detection!
    expect(d).toMatchObject({
      id: 'sigma_test_rule_one',
      title: 'Test Rule – One!',
      severity: 'high',
      mitre: ['T1078.004', 'T1098'],
      description: 'Finds A.\n\nFalse positives: Admins; Scripts',
      references: ['https://example.com/a'],
      source: 'r.yml',
      tests: [],
    })
    expect(d.tags).toEqual([
      'sigma',
      'sigma-id:1b2c3d4e-0000-4000-8000-000000000000',
      'sigma-author:A. Person',
      'sigma-license:DRL-1.1',
      'sigma-status:test',
      'attack.persistence',
      'attack.t1078.004',
      'attack.T1098',
    ])
  })

  it('maps informational to info and gives repeated titles distinct ids', () => {
    const info = rule(`  sel:\n    eventName: A\n  condition: sel`).replace('level: high', 'level: informational')
    const other = info.replace('1b2c3d4e-0000', '9f8e7d6c-0000')
    const { detections, unsupported } = translateSigmaRules([
      { text: info, source: 'a.yml' },
      { text: other, source: 'b.yml' },
      { text: 'nonsense: [', source: 'c.yml' },
    ])
    expect(detections.map((d) => [d.id, d.severity])).toEqual([
      ['sigma_test_rule_one', 'info'],
      ['sigma_test_rule_one_9f8e7d6c', 'info'],
    ])
    expect(unsupported.map((u) => u.source)).toEqual(['c.yml'])
  })
})

import { readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseSigmaRule } from '@cairn/detections'
import { loadSigmaRules } from '@cairn/detections/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { judgeSigmaEvents } from './support/judge-sigma-events.js'
import { ruleMatches } from './support/sigma-oracle.js'
import { sigmaTestEvents } from './support/sigma-test-events.js'

const SIGMA = fileURLToPath(new URL('../../../../shared/fixtures/detections/sigma/', import.meta.url))
const SUPPORTED = join(SIGMA, 'rules/cloud/aws/cloudtrail')
const NOT_SUPPORTED = [join(SIGMA, 'rules-placeholder'), join(SIGMA, 'unsupported')]

describe('SigmaHQ CloudTrail rules through cairn collect + cairn detect --sigma', () => {
  it('translates at least 90 % of the 57 rules and judges generated events as Sigma does', async () => {
    const { detections, unsupported } = loadSigmaRules([SUPPORTED])
    const total = detections.length + unsupported.length
    console.log(`Sigma CloudTrail rules translated: ${detections.length} of ${total}`)
    for (const u of unsupported) console.log(`  not translated: ${u.source.split('/').at(-1)}: ${u.reason}`)
    expect(total).toBe(57)
    expect(detections.length / total).toBeGreaterThanOrEqual(0.9)

    // Every translated rule's events, and Sigma's verdict on each event for every rule (not only its own).
    const rules = detections.map((d) => ({ id: d.id, rule: parseSigmaRule(readFileSync(d.source, 'utf8')) }))
    const events = rules.flatMap(({ id, rule }) => sigmaTestEvents(rule).map((t) => ({ ...t, owner: id })))
    const judged = await judgeSigmaEvents(
      events.map((e) => e.event),
      [SUPPORTED],
    )
    expect([...judged.rejected]).toEqual([])
    expect(judged.notTranslated.length).toBe(unsupported.length)

    const disagreements: string[] = []
    let verdicts = 0
    const perRule = rules.map(({ id, rule }) => {
      let match = 0
      let noMatch = 0
      let agreed = 0
      events.forEach((e, i) => {
        const expected = ruleMatches(rule, e.event)
        const cairn = judged.found.has(`${id} ${i}`)
        verdicts++
        if (expected === cairn) agreed++
        else
          disagreements.push(
            `${id} on event ${i} (made for ${e.owner}): Sigma ${expected}, Cairn ${cairn}: ${JSON.stringify(e.event)}`,
          )
        if (e.owner === id) expected ? match++ : noMatch++
      })
      return { id, match, noMatch, agreed }
    })
    console.log(
      `${events.length} generated events, ${verdicts} verdicts (every rule on every event), ${verdicts - disagreements.length} agree with Sigma`,
    )
    for (const r of perRule)
      console.log(
        `  ${r.id}: own events ${r.match} match / ${r.noMatch} no match; ${r.agreed}/${events.length} verdicts agree`,
      )
    for (const d of disagreements.slice(0, 20)) console.log(`  DIFFERS ${d}`)
    expect(perRule.filter((r) => r.match === 0 || r.noMatch === 0).map((r) => r.id)).toEqual([])
    expect(disagreements).toEqual([])
  }, 120_000)

  it('lists the placeholder and unsupported rules as not translated, with reasons', async () => {
    const { detections, unsupported } = loadSigmaRules(NOT_SUPPORTED)
    expect(detections).toEqual([])
    expect(unsupported.length).toBe(9)
    const judged = await judgeSigmaEvents(
      [{ eventName: 'ConsoleLogin', eventSource: 'signin.amazonaws.com' }],
      NOT_SUPPORTED,
    )
    console.log(judged.notTranslated.map((l) => `  ${l.split('/').at(-1)}`).join('\n'))
    expect(judged.notTranslated.length).toBe(9)
    for (const line of judged.notTranslated) expect(line).toMatch(/\.yml: .*(placeholders|it correlates|near)/)
    expect(judged.found.size).toBe(0)
  }, 60_000)
})

interface SemanticsCase {
  title: string
  detection: string
  events: { event: Record<string, unknown>; match: boolean }[]
}

const rule = (title: string, detection: string) =>
  `title: ${title}\nid: 00000000-0000-4000-8000-000000000000\nlogsource:\n  product: aws\n  service: cloudtrail\nlevel: high\ndetection:\n${detection}\n`

const ev = (fields: Record<string, unknown>, match: boolean) => ({ event: fields, match })

/** Sigma's trickier meanings, each a rule of its own and events Sigma says it matches or not. */
const SEMANTICS: SemanticsCase[] = [
  {
    title: 'Case insensitive',
    detection: `  sel:\n    eventName: 'deletebucket'\n  condition: sel`,
    events: [
      ev({ eventName: 'DeleteBucket' }, true),
      ev({ eventName: 'DELETEBUCKET' }, true),
      ev({ eventName: 'DeleteBuckets' }, false),
    ],
  },
  {
    title: 'Wildcards',
    detection: `  sel:\n    userAgent: 'aws-cli/2.?.* Python*'\n  condition: sel`,
    events: [
      ev({ userAgent: 'aws-cli/2.9.1 Python/3.11' }, true),
      ev({ userAgent: 'AWS-CLI/2.1.0 python' }, true),
      ev({ userAgent: 'aws-cli/2.10.1 Python/3.11' }, false),
      ev({ userAgent: 'x aws-cli/2.9.1 Python' }, false),
    ],
  },
  {
    title: 'Escaped wildcards and SQL LIKE characters',
    detection: `  sel:\n    userAgent|contains: 'lit\\*er?al 100%_done\\\\'\n  condition: sel`,
    events: [
      ev({ userAgent: 'a lit*erxal 100%_done\\ b' }, true),
      ev({ userAgent: 'litXerxal 100%_done\\' }, false),
      ev({ userAgent: 'lit*erxal 100ab_done\\' }, false),
      ev({ userAgent: 'lit*erxal 100%xdone\\' }, false),
    ],
  },
  {
    title: 'NULL safe not',
    detection: `  sel:\n    eventSource: 's3.amazonaws.com'\n  filter:\n    userAgent|startswith: 'console'\n  condition: sel and not filter`,
    events: [
      ev({ eventSource: 's3.amazonaws.com' }, true),
      ev({ eventSource: 's3.amazonaws.com', userAgent: 'Console.amazonaws.com' }, false),
      ev({ eventSource: 's3.amazonaws.com', userAgent: 'aws-cli' }, true),
    ],
  },
  {
    title: 'One of and all of',
    detection: `  sel_a:\n    eventName: A\n  sel_b:\n    userAgent: B\n  other:\n    awsRegion: eu-west-1\n  condition: 1 of sel_* and not all of sel_* and other`,
    events: [
      ev({ eventName: 'A', awsRegion: 'eu-west-1' }, true),
      ev({ userAgent: 'b', awsRegion: 'eu-west-1' }, true),
      ev({ eventName: 'A', userAgent: 'B', awsRegion: 'eu-west-1' }, false),
      ev({ eventName: 'A' }, false),
    ],
  },
  {
    title: 'Them ignores underscore searches, parentheses',
    detection: `  one:\n    eventName: One\n  two:\n    eventName: Two\n  _hidden:\n    awsRegion: us-west-2\n  condition: (1 of them) and not (_hidden or eventName_null)\n  eventName_null:\n    userAgent: null`,
    events: [
      ev({ eventName: 'one', userAgent: 'x' }, true),
      ev({ eventName: 'one' }, false),
      ev({ eventName: 'two', userAgent: 'x', awsRegion: 'us-west-2' }, false),
      ev({ eventName: 'three', userAgent: 'x' }, false),
    ],
  },
  {
    title: 'Lists any and all',
    detection: `  any:\n    eventName:\n      - Create*\n      - Delete*\n  every:\n    userAgent|contains|all:\n      - terraform\n      - '1.5'\n  condition: any and every`,
    events: [
      ev({ eventName: 'CreateUser', userAgent: 'Terraform/1.5.0' }, true),
      ev({ eventName: 'deleteuser', userAgent: 'x 1.5 TERRAFORM' }, true),
      ev({ eventName: 'CreateUser', userAgent: 'Terraform/1.4.0' }, false),
      ev({ eventName: 'UpdateUser', userAgent: 'Terraform/1.5.0' }, false),
    ],
  },
  {
    title: 'CIDR',
    detection: `  sel:\n    sourceIPAddress|cidr:\n      - 10.0.0.0/8\n      - 192.0.2.128/25\n  condition: not sel`,
    events: [
      ev({ sourceIPAddress: '10.200.3.4' }, false),
      ev({ sourceIPAddress: '192.0.2.200' }, false),
      ev({ sourceIPAddress: '192.0.2.100' }, true),
      ev({ sourceIPAddress: '11.0.0.1' }, true),
      ev({ sourceIPAddress: 'ec2.amazonaws.com' }, true),
      ev({}, true),
    ],
  },
  {
    title: 'Regular expressions',
    detection: `  cased:\n    userIdentity.arn|re: ':assumed-role/[A-Z]+$'\n  nocase:\n    userAgent|re|i: '^boto3/1\\.\\d+'\n  condition: cased or nocase`,
    events: [
      ev({ userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::1:assumed-role/ADMIN' } }, true),
      ev({ userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::1:assumed-role/admin' } }, false),
      ev({ userAgent: 'Boto3/1.34 md/Botocore' }, true),
      ev({ userAgent: 'x boto3/1.34' }, false),
    ],
  },
  {
    title: 'Null exists fieldref and nested fields',
    detection: `  sel:\n    errorCode: null\n    requestParameters.policyName|exists: true\n    userIdentity.userName|fieldref: requestParameters.userName\n    userIdentity.sessionContext.sessionIssuer.type: Role\n  condition: sel`,
    events: [
      ev(
        {
          requestParameters: { policyName: 'p', userName: 'Bob' },
          userIdentity: { userName: 'bob', sessionContext: { sessionIssuer: { type: 'Role' } } },
        },
        true,
      ),
      ev(
        {
          errorCode: 'AccessDenied',
          requestParameters: { policyName: 'p', userName: 'bob' },
          userIdentity: { userName: 'bob', sessionContext: { sessionIssuer: { type: 'Role' } } },
        },
        false,
      ),
      ev(
        {
          requestParameters: { userName: 'bob' },
          userIdentity: { userName: 'bob', sessionContext: { sessionIssuer: { type: 'Role' } } },
        },
        false,
      ),
      ev(
        {
          requestParameters: { policyName: 'p', userName: 'alice' },
          userIdentity: { userName: 'bob', sessionContext: { sessionIssuer: { type: 'Role' } } },
        },
        false,
      ),
    ],
  },
]

describe('Sigma semantics through cairn collect + cairn detect --sigma', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-sigma-rules-'))
    for (const [i, c] of SEMANTICS.entries()) await writeFile(join(dir, `rule-${i}.yml`), rule(c.title, c.detection))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('judges each case as Sigma does (and as the JS reference evaluator does)', async () => {
    const { detections, unsupported } = loadSigmaRules([dir])
    expect(unsupported).toEqual([])
    const cases = SEMANTICS.flatMap((c, r) => c.events.map((e) => ({ ...e, rule: r })))
    const judged = await judgeSigmaEvents(
      cases.map((c) => c.event),
      [dir],
    )
    const results = cases.map((c, i) => {
      const detection = detections.find((d) => d.source.endsWith(`rule-${c.rule}.yml`))!
      const reference = ruleMatches(
        parseSigmaRule(rule(SEMANTICS[c.rule]!.title, SEMANTICS[c.rule]!.detection)),
        c.event,
      )
      return {
        title: SEMANTICS[c.rule]!.title,
        event: c.event,
        expected: c.match,
        reference,
        cairn: judged.found.has(`${detection.id} ${i}`),
      }
    })
    for (const r of results) {
      console.log(
        `  ${r.expected === r.cairn ? 'ok  ' : 'FAIL'} ${r.title}: ${JSON.stringify(r.event)} -> ${r.cairn ? 'match' : 'no match'}`,
      )
    }
    expect(results.filter((r) => r.expected !== r.cairn || r.expected !== r.reference)).toEqual([])
  }, 60_000)
})

import { createHash } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type GenerateOptions, type GenerateSummary, generateTrail } from '../src/generate/index.js'

// Read back independently of the generator: walk the tree, gunzip, JSON.parse.

type Rec = Record<string, any>

interface LogFile {
  key: string
  raw: Buffer
  records: Rec[]
  /** Record texts, to compare duplicate deliveries byte for byte. */
  texts: string[]
}

interface Trail {
  logs: LogFile[]
  insights: LogFile[]
  digests: Array<{ key: string; raw: Buffer; digest: Rec }>
  bytes: number
  keys: string[]
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await walk(path)))
    else out.push(path)
  }
  return out
}

/** Splits `{"Records":[{...},{...}]}` into the record texts (records are objects, so `},{` at depth 1). */
function recordTexts(raw: string): string[] {
  const body = raw.slice('{"Records":['.length, -2)
  const texts: string[] = []
  let depth = 0
  let inString = false
  let start = 0
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]
    if (inString) {
      if (ch === '\\') i++
      else if (ch === '"') inString = false
    } else if (ch === '"') inString = true
    else if (ch === '{') depth++
    else if (ch === '}') {
      depth--
      if (depth === 0) {
        texts.push(body.slice(start, i + 1))
        start = i + 2
      }
    }
  }
  return texts
}

async function readTrail(root: string): Promise<Trail> {
  const trail: Trail = { logs: [], insights: [], digests: [], bytes: 0, keys: [] }
  for (const path of (await walk(root)).sort()) {
    const key = relative(root, path).split(sep).join('/')
    const gz = await readFile(path)
    trail.bytes += gz.length
    trail.keys.push(key)
    const raw = gunzipSync(gz)
    const text = raw.toString('utf8')
    if (key.includes('/CloudTrail-Digest/')) trail.digests.push({ key, raw, digest: JSON.parse(text) })
    else {
      const parsed = JSON.parse(text) as { Records: Rec[] }
      const file = { key, raw, records: parsed.Records, texts: recordTexts(text) }
      if (key.includes('/CloudTrail-Insight/')) trail.insights.push(file)
      else trail.logs.push(file)
    }
  }
  return trail
}

const END = new Date('2024-06-15T12:00:00Z')
const DAY = 86_400_000
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex')
const allRecords = (t: Trail) => t.logs.flatMap((f) => f.records)
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

const LOG_KEY =
  /^AWSLogs\/(?:(o-[a-z0-9]{10,32})\/)?(\d{12})\/CloudTrail\/([a-z]{2}(?:-[a-z]+)+-\d)\/(\d{4})\/(\d{2})\/(\d{2})\/(\d{12})_CloudTrail_([a-z0-9-]+)_(\d{8}T\d{4}Z)_[A-Za-z0-9]{16}\.json\.gz$/
const INSIGHT_KEY =
  /^AWSLogs\/(?:o-[a-z0-9]{10,32}\/)?(\d{12})\/CloudTrail-Insight\/([a-z0-9-]+)\/\d{4}\/\d{2}\/\d{2}\/\1_CloudTrail-Insight_\2_\d{8}T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$/
const DIGEST_KEY =
  /^AWSLogs\/(?:o-[a-z0-9]{10,32}\/)?(\d{12})\/CloudTrail-Digest\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/\1_CloudTrail-Digest_\2_[A-Za-z0-9-]+_[a-z0-9-]+_(\d{8}T\d{6}Z)\.json\.gz$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

function stampMs(stamp: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?Z$/.exec(stamp)!
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0))
}

let root: string
const dirs = new Map<string, string>()

async function generate(
  name: string,
  options: Omit<GenerateOptions, 'outDir'>,
): Promise<{ dir: string; summary: GenerateSummary }> {
  const dir = join(root, name)
  dirs.set(name, dir)
  const summary = await generateTrail({ outDir: dir, end: END, ...options })
  return { dir, summary }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cairn-generate-'))
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('generateTrail: determinism', () => {
  it('writes byte-identical files for the same seed and different files for another seed', {
    timeout: 60_000,
  }, async () => {
    const options = { events: 4000, days: 5, seed: 7 }
    const a = await generate('det-a', options)
    const b = await generate('det-b', options)
    const c = await generate('det-c', { ...options, seed: 8 })
    const ta = await readTrail(a.dir)
    const tb = await readTrail(b.dir)
    const tc = await readTrail(c.dir)
    expect(tb.keys).toEqual(ta.keys)
    for (const key of ta.keys) {
      const [x, y] = await Promise.all([readFile(join(a.dir, key)), readFile(join(b.dir, key))])
      expect(y.equals(x), key).toBe(true)
    }
    expect(b.summary).toEqual(a.summary)
    expect(tc.keys).not.toEqual(ta.keys)
    const ids = new Set(allRecords(ta).map((r) => r.eventID))
    expect(allRecords(tc).some((r) => ids.has(r.eventID))).toBe(false)
  })

  it('rejects impossible options', async () => {
    await expect(generateTrail({ outDir: join(root, 'bad'), events: -1 })).rejects.toThrow(/events/)
    await expect(generateTrail({ outDir: join(root, 'bad'), events: 10, days: 0 })).rejects.toThrow(/days/)
    await expect(generateTrail({ outDir: join(root, 'bad'), events: 10, regions: ['mars-1'] })).rejects.toThrow(
      /region/,
    )
    await expect(generateTrail({ outDir: join(root, 'bad'), events: 10, duplicateRate: 2 })).rejects.toThrow(
      /duplicateRate/,
    )
  })
})

describe('generateTrail: a 30-day org trail', () => {
  const N = 60_000
  let summary: GenerateSummary
  let trail: Trail
  let records: Rec[]
  const progress: number[] = []

  beforeAll(async () => {
    const out = await generate('org', { events: N, seed: 3, duplicateRate: 0.01, onProgress: (n) => progress.push(n) })
    summary = out.summary
    trail = await readTrail(out.dir)
    records = allRecords(trail)
  }, 120_000)

  it('writes exactly the requested unique events, plus the reported duplicate deliveries', () => {
    expect(summary.events).toBe(N)
    expect(records.length).toBe(N + summary.duplicateDeliveries)
    expect(summary.duplicateDeliveries).toBeGreaterThan(N * 0.005)
    expect(summary.duplicateDeliveries).toBeLessThan(N * 0.02)
    const byId = new Map<string, Array<{ file: LogFile; text: string }>>()
    for (const file of trail.logs) {
      file.records.forEach((r, i) => {
        const list = byId.get(r.eventID) ?? []
        list.push({ file, text: file.texts[i]! })
        byId.set(r.eventID, list)
      })
    }
    expect(byId.size).toBe(N)
    const repeated = [...byId.values()].filter((l) => l.length > 1)
    expect(repeated.length).toBe(summary.duplicateDeliveries)
    for (const copies of repeated) {
      expect(copies.length).toBe(2)
      const [first, second] = copies as [(typeof copies)[0], (typeof copies)[0]]
      expect(second.text).toBe(first.text)
      expect(second.file.key).not.toBe(first.file.key)
      // Re-delivered by the same account and region, in a later file.
      const prefix = (k: string) => k.replace(/\/\d{4}\/\d{2}\/\d{2}\/.*$/, '')
      expect(prefix(second.file.key)).toBe(prefix(first.file.key))
    }
  })

  it('counts files, bytes and accounts as written', () => {
    expect(summary.files).toBe(trail.logs.length + trail.insights.length)
    expect(summary.insightFiles).toBe(trail.insights.length)
    expect(summary.digestFiles).toBe(trail.digests.length)
    expect(summary.bytes).toBe(trail.bytes)
    expect(summary.accounts).toHaveLength(6)
    expect(progress.at(-1)).toBe(N)
    expect([...progress].sort((a, b) => a - b)).toEqual(progress)
  })

  it('uses CloudTrail key layout, one standalone account outside the org prefix', () => {
    const layouts = new Map<string, Set<string>>()
    for (const file of trail.logs) {
      const m = LOG_KEY.exec(file.key)
      expect(m, file.key).not.toBeNull()
      const [, org, account, region, year, month, day, nameAccount, nameRegion, stamp] = m!
      expect(nameAccount).toBe(account)
      expect(nameRegion).toBe(region)
      expect(`${year}${month}${day}`).toBe(stamp!.slice(0, 8))
      expect(org === undefined || org === 'o-a1b2c3d4e5').toBe(true)
      const set = layouts.get(account!) ?? new Set()
      set.add(org ?? 'none')
      layouts.set(account!, set)
      for (const r of file.records) {
        expect(r.recipientAccountId).toBe(account)
        expect(r.awsRegion).toBe(region)
      }
    }
    expect([...layouts.keys()].sort()).toEqual([...summary.accounts].sort())
    const standalone = [...layouts].filter(([, s]) => s.has('none'))
    expect(standalone).toHaveLength(1)
    expect(standalone[0]![1].size).toBe(1)
    for (const file of trail.insights) expect(file.key).toMatch(INSIGHT_KEY)
    for (const d of trail.digests) expect(d.key).toMatch(DIGEST_KEY)
  })

  it('gives every record the core fields, in [end - days, end], roughly time-ordered, older than its file name', () => {
    const start = END.getTime() - 30 * DAY
    let inversions = 0
    let pairs = 0
    const duplicated = new Set<string>()
    const seen = new Set<string>()
    for (const r of records) (seen.has(r.eventID) ? duplicated : seen).add(r.eventID)
    const problems: string[] = []
    const fields = [
      'eventVersion',
      'userIdentity',
      'eventTime',
      'eventID',
      'eventSource',
      'eventName',
      'awsRegion',
      'recipientAccountId',
      'eventType',
      'eventCategory',
    ]
    for (const file of trail.logs) {
      const delivered = stampMs(LOG_KEY.exec(file.key)![9]!)
      let previous = 0
      for (const r of file.records) {
        const where = `${r.eventID} in ${file.key}`
        for (const field of fields)
          if (r[field] === undefined || r[field] === null) problems.push(`no ${field}: ${where}`)
        if (!UUID.test(r.eventID)) problems.push(`eventID ${where}`)
        if (!['1.08', '1.09', '1.10', '1.11'].includes(r.eventVersion))
          problems.push(`eventVersion ${r.eventVersion}: ${where}`)
        if (typeof r.readOnly !== 'boolean' || typeof r.managementEvent !== 'boolean') problems.push(`flags: ${where}`)
        if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(r.eventTime)) problems.push(`eventTime format: ${where}`)
        const t = Date.parse(r.eventTime)
        if (t < start || t > END.getTime()) problems.push(`outside the window: ${where}`)
        if (t > delivered) problems.push(`newer than its file: ${where}`)
        if (!duplicated.has(r.eventID) && delivered - t > 20 * 60_000) problems.push(`too old for its file: ${where}`)
        if (previous) {
          pairs++
          if (t < previous) inversions++
        }
        previous = t
      }
    }
    expect(problems.slice(0, 5)).toEqual([])
    expect(inversions / pairs).toBeLessThan(0.02)
    expect(summary.from.getTime()).toBeGreaterThanOrEqual(start)
    expect(summary.to.getTime()).toBeLessThanOrEqual(END.getTime())
    expect(summary.to.getTime() - summary.from.getTime()).toBeGreaterThan(29 * DAY)
  })

  it('has a realistic mix: mostly read-only, 3-5% errors, data and management events, many services', () => {
    const readOnly = records.filter((r) => r.readOnly).length / records.length
    const errors = records.filter((r) => r.errorCode).length / records.length
    expect(readOnly).toBeGreaterThan(0.75)
    expect(errors).toBeGreaterThan(0.025)
    expect(errors).toBeLessThan(0.06)
    const sources = new Set(records.map((r) => r.eventSource))
    expect(sources.size).toBeGreaterThan(20)
    const codes = new Set(records.map((r) => r.errorCode).filter(Boolean))
    for (const code of [
      'AccessDenied',
      'Client.UnauthorizedOperation',
      'UnauthorizedOperation',
      'ThrottlingException',
      'NoSuchEntityException',
    ])
      expect(codes).toContain(code)
    for (const r of records.filter((x) => x.errorCode)) expect(typeof r.errorMessage).toBe('string')
    const data = records.filter((r) => r.eventCategory === 'Data')
    expect(data.length).toBeGreaterThan(records.length * 0.05)
    for (const r of data) expect(r.managementEvent).toBe(false)
    const getObject = records.find((r) => r.eventName === 'GetObject' && !r.errorCode)!
    expect(getObject.resources.map((x: Rec) => x.type)).toEqual(['AWS::S3::Object', 'AWS::S3::Bucket'])
    expect(getObject.requestParameters.bucketName).toBeTruthy()
    expect(records.some((r) => r.eventName === 'PutObject' && r.eventCategory === 'Data')).toBe(true)
    expect(records.some((r) => r.sourceIPAddress.includes(':'))).toBe(true)
    expect(records.some((r) => r.sourceIPAddress === 'AWS Internal')).toBe(true)
    expect(
      records.some((r) => r.sourceIPAddress === 'ec2.amazonaws.com' || r.sourceIPAddress.endsWith('.amazonaws.com')),
    ).toBe(true)
    expect(
      records
        .filter((r) => r.tlsDetails)
        .every((r) => r.tlsDetails.tlsVersion && r.tlsDetails.cipherSuite && r.tlsDetails.clientProvidedHostHeader),
    ).toBe(true)
    expect(records.every((r) => typeof r.userAgent === 'string' && r.userAgent.length > 0)).toBe(true)
    // Schema evolution: a few records carry a top-level key no schema knows.
    const future = records.filter((r) => 'someFutureField' in r)
    expect(future.length).toBeGreaterThan(0)
    expect(future.length).toBeLessThan(records.length * 0.01)
  })

  it('shapes each userIdentity type as CloudTrail does', () => {
    const byType = new Map<string, Rec[]>()
    for (const r of records) {
      const list = byType.get(r.userIdentity.type) ?? []
      list.push(r)
      byType.set(r.userIdentity.type, list)
    }
    for (const type of [
      'IAMUser',
      'AssumedRole',
      'Root',
      'AWSService',
      'AWSAccount',
      'SAMLUser',
      'WebIdentityUser',
      'IdentityCenterUser',
    ]) {
      expect(byType.get(type)?.length ?? 0, type).toBeGreaterThan(0)
    }
    for (const r of byType.get('IAMUser')!) {
      const id = r.userIdentity
      expect(id.userName).toBeTruthy()
      expect(id.principalId).toMatch(/^AIDA/)
      if (r.eventName !== 'ConsoleLogin') expect(id.accessKeyId).toMatch(/^(AKIA|ASIA)[A-Z2-7]{16}$/)
      if (id.accessKeyId?.startsWith('ASIA')) expect(id.sessionContext.attributes.mfaAuthenticated).toBeDefined()
    }
    expect(byType.get('IAMUser')!.some((r) => r.userIdentity.accessKeyId?.startsWith('AKIA'))).toBe(true)
    for (const r of byType.get('AssumedRole')!) {
      const id = r.userIdentity
      expect(id.arn).toMatch(/^arn:aws:sts::\d{12}:assumed-role\//)
      expect(id.sessionContext.sessionIssuer.type).toBe('Role')
      expect(id.sessionContext.sessionIssuer.arn).toMatch(/^arn:aws:iam::\d{12}:role\//)
      expect(id.sessionContext.attributes.creationDate <= r.eventTime).toBe(true)
      if (id.accessKeyId) expect(id.accessKeyId).toMatch(/^ASIA/)
    }
    for (const r of byType.get('Root')!) {
      expect(r.userIdentity.arn).toBe(`arn:aws:iam::${r.userIdentity.accountId}:root`)
      expect(r.userIdentity.principalId).toBe(r.userIdentity.accountId)
    }
    for (const r of byType.get('AWSService')!) expect(r.userIdentity.invokedBy).toMatch(/\.amazonaws\.com$/)
    for (const r of byType.get('AWSAccount')!) expect(summary.accounts).not.toContain(r.userIdentity.accountId)
    for (const r of byType.get('WebIdentityUser')!) expect(r.eventName).toBe('AssumeRoleWithWebIdentity')
    for (const r of byType.get('SAMLUser')!) expect(r.eventName).toBe('AssumeRoleWithSAML')
    for (const r of byType.get('IdentityCenterUser')!)
      expect(r.userIdentity.onBehalfOf.identityStoreArn).toMatch(/^arn:aws:identitystore::/)
  })

  it('gives each seed query a non-empty answer', () => {
    const weekAgo = END.getTime() - 7 * DAY
    // 01 basic log analysis: tp_date >= current_date - 7 days
    expect(records.filter((r) => Date.parse(r.eventTime) >= weekAgo).length).toBeGreaterThan(N * 0.1)
    // 02 unauthorized calls
    expect(records.some((r) => /Unauthorized/.test(r.errorCode ?? ''))).toBe(true)
    expect(records.some((r) => /AccessDenied/.test(r.errorCode ?? ''))).toBe(true)
    // 03 and 11 root activity, including console sign-ins with and without MFA, and root API calls
    const root = records.filter((r) => r.userIdentity.type === 'Root')
    expect(root.some((r) => r.eventName === 'ConsoleLogin' && r.additionalEventData.MFAUsed === 'No')).toBe(true)
    expect(root.some((r) => r.eventName !== 'ConsoleLogin')).toBe(true)
    // 04 IAM policy changes with policyName and policyDocument
    const policy = records.filter((r) => r.eventSource === 'iam.amazonaws.com' && r.eventName.includes('Policy'))
    expect(
      policy.some((r) => r.requestParameters?.policyName && typeof r.requestParameters.policyDocument === 'string'),
    ).toBe(true)
    for (const name of ['PutUserPolicy', 'AttachRolePolicy', 'CreatePolicy', 'DeleteRolePolicy'])
      expect(
        policy.some((r) => r.eventName === name),
        name,
      ).toBe(true)
    // 05 deletions with resources
    const deletions = records.filter((r) => r.eventName.startsWith('Delete') && r.resources?.length > 0)
    for (const name of ['DeleteBucket', 'DeleteUser', 'DeleteSecurityGroup'])
      expect(
        deletions.some((r) => r.eventName === name),
        name,
      ).toBe(true)
    // 06 calls from 192.0.2.1
    expect(records.some((r) => r.sourceIPAddress === '192.0.2.1')).toBe(true)
    // 07 and 10 security group changes with groupId and ipPermissions, some open to the world
    const sg = records.filter(
      (r) =>
        r.eventSource === 'ec2.amazonaws.com' && r.eventName.includes('SecurityGroup') && r.requestParameters?.groupId,
    )
    expect(
      sg.some(
        (r) =>
          r.requestParameters.ipPermissions && JSON.stringify(r.requestParameters.ipPermissions).includes('0.0.0.0/0'),
      ),
    ).toBe(true)
    for (const name of ['AuthorizeSecurityGroupIngress', 'RevokeSecurityGroupEgress'])
      expect(
        sg.some((r) => r.eventName === name),
        name,
      ).toBe(true)
    // 08 IAM user creation
    expect(
      records.some(
        (r) => r.eventName === 'CreateUser' && r.eventSource === 'iam.amazonaws.com' && r.requestParameters?.userName,
      ),
    ).toBe(true)
    // 09 failed calls
    expect(records.some((r) => r.errorCode != null)).toBe(true)
    // Other things analysts alert on.
    const names = new Set(records.map((r) => r.eventName))
    for (const name of [
      'StopLogging',
      'DeleteTrail',
      'UpdateTrail',
      'CreateNetworkAclEntry',
      'CreateRoute',
      'ListBuckets',
      'CreateRole',
      'CreateAccessKey',
      'ChangePassword',
      'AssumeRole',
      'RunInstances',
      'DescribeInstances',
      'DeregisterOrganizationDelegatedAdmin',
    ]) {
      expect(names, name).toContain(name)
    }
    expect(
      records.some(
        (r) =>
          r.eventName === 'ConsoleLogin' &&
          r.errorMessage === 'Failed authentication' &&
          r.responseElements.ConsoleLogin === 'Failure',
      ),
    ).toBe(true)
  })

  it('keeps security-relevant calls rare but spread over the window', () => {
    const sensitive = records.filter(
      (r) =>
        ['StopLogging', 'DeleteTrail', 'CreateUser', 'AuthorizeSecurityGroupIngress', 'ConsoleLogin'].includes(
          r.eventName,
        ) || r.userIdentity.type === 'Root',
    )
    expect(sensitive.length).toBeLessThan(records.length * 0.01)
    const days = new Set(sensitive.map((r) => Math.floor((END.getTime() - Date.parse(r.eventTime)) / (5 * DAY))))
    expect(days.size).toBeGreaterThanOrEqual(5)
  })

  it('writes Insights Start/End pairs sharing a sharedEventID', () => {
    expect(trail.insights.length).toBeGreaterThan(0)
    const insightRecords = trail.insights.flatMap((f) => f.records)
    expect(insightRecords.length).toBe(summary.insightEvents)
    const pairs = new Map<string, Rec[]>()
    for (const r of insightRecords) {
      expect(r.eventType).toBe('AwsCloudTrailInsight')
      expect(r.eventCategory).toBe('Insight')
      expect(['ApiCallRateInsight', 'ApiErrorRateInsight']).toContain(r.insightDetails.insightType)
      expect(r.insightDetails.insightContext.statistics.baseline.average).toBeTypeOf('number')
      expect(r.insightDetails.insightContext.statistics.insight.average).toBeTypeOf('number')
      expect(Array.isArray(r.insightDetails.insightContext.attributions)).toBe(true)
      const list = pairs.get(r.sharedEventID) ?? []
      list.push(r)
      pairs.set(r.sharedEventID, list)
    }
    for (const list of pairs.values()) {
      expect(list.map((r) => r.insightDetails.state).sort()).toEqual(['End', 'Start'])
      const start = list.find((r) => r.insightDetails.state === 'Start')!
      const end = list.find((r) => r.insightDetails.state === 'End')!
      expect(end.eventTime >= start.eventTime).toBe(true)
      expect(end.insightDetails.insightContext.statistics.insightDuration).toBeGreaterThan(0)
    }
  })

  it('writes hourly digests whose hashes match the uncompressed log files they list, chained', () => {
    expect(trail.digests.length).toBeGreaterThan(0)
    const logs = new Map(trail.logs.map((f) => [f.key, f]))
    const chains = new Map<string, Array<{ key: string; raw: Buffer; digest: Rec }>>()
    let listed = 0
    for (const d of trail.digests) {
      const g = d.digest
      expect(g.digestS3Object).toBe(d.key)
      expect(g.digestS3Bucket).toBe('cairn-org-trail-logs')
      expect(g.awsAccountId).toBe(DIGEST_KEY.exec(d.key)![1])
      expect(Date.parse(g.digestEndTime) - Date.parse(g.digestStartTime)).toBe(3_600_000)
      expect(Date.parse(g.digestEndTime)).toBeLessThanOrEqual(END.getTime())
      expect(g.digestSignatureAlgorithm).toBe('SHA256withRSA')
      for (const entry of g.logFiles) {
        const file = logs.get(entry.s3Object)
        expect(file, entry.s3Object).toBeDefined()
        expect(entry.hashValue).toBe(sha256(file!.raw))
        expect(entry.hashAlgorithm).toBe('SHA-256')
        const delivered = stampMs(LOG_KEY.exec(entry.s3Object)![9]!)
        expect(delivered).toBeGreaterThanOrEqual(Date.parse(g.digestStartTime))
        expect(delivered).toBeLessThan(Date.parse(g.digestEndTime))
        listed++
      }
      if (g.logFiles.length === 0) expect(g.newestEventTime).toBeNull()
      const [, account, region] = DIGEST_KEY.exec(d.key)!
      const chainKey = `${account} ${region}`
      const chain = chains.get(chainKey) ?? []
      chain.push(d)
      chains.set(chainKey, chain)
    }
    expect(listed).toBeGreaterThan(0)
    for (const chain of chains.values()) {
      chain.sort((a, b) => a.digest.digestEndTime.localeCompare(b.digest.digestEndTime))
      expect(chain[0]!.digest.previousDigestS3Object).toBeNull()
      expect(chain[0]!.digest.previousDigestHashValue).toBeNull()
      for (let i = 1; i < chain.length; i++) {
        const previous = chain[i - 1]!
        const g = chain[i]!.digest
        expect(g.digestStartTime).toBe(previous.digest.digestEndTime)
        expect(g.previousDigestS3Object).toBe(previous.key)
        expect(g.previousDigestHashValue).toBe(sha256(previous.raw))
        expect(g.previousDigestHashAlgorithm).toBe('SHA-256')
        expect(g.previousDigestSignature).toMatch(/^[0-9a-f]{512}$/)
      }
    }
  })
})

describe('generateTrail: file shapes', () => {
  async function sizes(name: string, options: Omit<GenerateOptions, 'outDir'>): Promise<number[]> {
    const { dir, summary } = await generate(name, { duplicateRate: 0, ...options })
    const trail = await readTrail(dir)
    expect(trail.logs.reduce((n, f) => n + f.records.length, 0)).toBe(summary.events)
    await rm(dir, { recursive: true, force: true })
    return trail.logs.map((f) => f.records.length)
  }

  it("'small-files' is a quiet org: about five events per file", { timeout: 60_000 }, async () => {
    const s = await sizes('small', { events: 5000, days: 20, shape: 'small-files' })
    const mean = s.reduce((a, b) => a + b, 0) / s.length
    expect(mean).toBeGreaterThan(3)
    expect(mean).toBeLessThan(8)
    expect(median(s)).toBeLessThanOrEqual(6)
    expect(Math.max(...s)).toBeLessThan(60)
  })

  it("'busy' writes hundreds to thousands of events per file", { timeout: 60_000 }, async () => {
    const s = await sizes('busy', { events: 60_000, days: 7, shape: 'busy' })
    expect(median(s)).toBeGreaterThanOrEqual(300)
    expect(Math.max(...s)).toBeGreaterThanOrEqual(1000)
    expect(s.filter((n) => n < 100).length / s.length).toBeLessThan(0.05)
  })

  it("'mixed' (the default) has mostly small files and some large ones", { timeout: 60_000 }, async () => {
    const s = await sizes('mixed', { events: 30_000, days: 10 })
    expect(median(s)).toBeLessThanOrEqual(15)
    expect(s.filter((n) => n <= 20).length / s.length).toBeGreaterThan(0.6)
    expect(Math.max(...s)).toBeGreaterThanOrEqual(300)
  })
})

describe('generateTrail: small runs', () => {
  it('still answers every seed query with a few hundred events over a day', { timeout: 60_000 }, async () => {
    const { dir, summary } = await generate('tiny', {
      events: 400,
      days: 1,
      seed: 11,
      regions: ['eu-west-1', 'us-east-1'],
      accounts: 3,
    })
    const trail = await readTrail(dir)
    const records = allRecords(trail)
    expect(summary.events).toBe(400)
    expect(new Set(records.map((r) => r.eventID)).size).toBe(400)
    expect(records.every((r) => r.awsRegion === 'eu-west-1' || r.awsRegion === 'us-east-1')).toBe(true)
    // Global services log in the first (home) region.
    expect(records.filter((r) => r.eventSource === 'iam.amazonaws.com').every((r) => r.awsRegion === 'eu-west-1')).toBe(
      true,
    )
    expect(records.some((r) => r.userIdentity.type === 'Root')).toBe(true)
    expect(records.some((r) => /AccessDenied|Unauthorized/.test(r.errorCode ?? ''))).toBe(true)
    expect(
      records.some(
        (r) =>
          r.eventSource === 'iam.amazonaws.com' && r.eventName.includes('Policy') && r.requestParameters?.policyName,
      ),
    ).toBe(true)
    expect(records.some((r) => r.eventName.startsWith('Delete') && r.resources?.length > 0)).toBe(true)
    expect(records.some((r) => r.sourceIPAddress === '192.0.2.1')).toBe(true)
    expect(
      records.some(
        (r) =>
          r.eventSource === 'ec2.amazonaws.com' &&
          r.eventName.includes('SecurityGroup') &&
          r.requestParameters?.groupId,
      ),
    ).toBe(true)
    expect(records.some((r) => r.eventName === 'CreateUser' && r.eventSource === 'iam.amazonaws.com')).toBe(true)
    expect(summary.accounts).toHaveLength(3)
  })

  it('fails cleanly when the output directory cannot be written', { timeout: 30_000 }, async () => {
    const blocker = join(root, 'not-a-directory')
    await writeFile(blocker, 'x')
    await expect(generateTrail({ outDir: join(blocker, 'out'), events: 2000, days: 2, end: END })).rejects.toThrow(
      /ENOTDIR|EEXIST/,
    )
  })

  it('writes nothing but empty digests and insights for zero events', { timeout: 30_000 }, async () => {
    const { dir, summary } = await generate('zero', { events: 0, days: 1 })
    const trail = await readTrail(dir)
    expect(summary.events).toBe(0)
    expect(trail.logs).toHaveLength(0)
    expect(trail.digests.every((d) => d.digest.logFiles.length === 0)).toBe(true)
  })
})

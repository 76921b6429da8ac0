/**
 * The generator's main loop: file by file in delivery order, build each file's records (background activity,
 * scenario steps, re-deliveries of earlier events), write it gzip'd, feed the digest chains, then the Insights.
 * Only the current file's records are in memory.
 */
import { buildCatalog } from './catalog.js'
import { DigestChain } from './digest.js'
import { buildInsights } from './insights.js'
import { type KeyOwner, logFileKey } from './layout.js'
import { type GenerateOptions, type GenerateSummary, type ResolvedOptions, resolveOptions } from './options.js'
import { buildOrg } from './org.js'
import { planScenarios } from './plan-scenarios.js'
import { buildPopulation } from './principals.js'
import { Rng } from './prng.js'
import { buildRecord } from './record.js'
import { type Step, scenarioSteps } from './scenarios.js'
import { buildSchedule, slotSeconds } from './schedule.js'
import { HOUR_MS, isoSeconds, SLOT_MS } from './time-format.js'
import { GzipFileWriter } from './writer.js'

/** Share of files holding a few records delivered late (minutes older than the file's slot). */
const LATE_FILE_RATE = 0.03
const LATE_MIN_S = 300
const LATE_MAX_S = 900

interface Pending {
  json: string
  timeMs: number
}

export async function generateTrail(options: GenerateOptions): Promise<GenerateSummary> {
  const o = resolveOptions(options)
  const writer = new GzipFileWriter({ outDir: o.outDir })
  try {
    const summary = await writeTrail(o, writer)
    await writer.close()
    return summary
  } finally {
    await writer.terminate()
  }
}

async function writeTrail(o: ResolvedOptions, writer: GzipFileWriter): Promise<GenerateSummary> {
  const org = buildOrg(o.seed, o)
  const population = buildPopulation(o.seed, org)
  const catalogs = population.rosters.map(buildCatalog)
  const schedule = buildSchedule(o, org, new Rng(o.seed, 'schedule'))
  const plan = planScenarios(schedule, org, new Rng(o.seed, 'scenario-plan'), o.startMs, o.endMs, o.days)
  const rng = new Rng(o.seed, 'events')
  const names = new Rng(o.seed, 'names')
  const scenarioRng = new Rng(o.seed, 'scenarios')
  const R = schedule.regionCount
  const owners: KeyOwner[] = org.accounts.map((a) =>
    a.orgLayout ? { accountId: a.id, orgId: org.orgId } : { accountId: a.id },
  )

  // Digest chains: the management account's home region, and the busiest workload account in two regions.
  const chains = new Map<number, DigestChain>()
  const chainRng = new Rng(o.seed, 'digests')
  const prod = org.accounts.find((a) => a.env === 'prod' && a.kind === 'workload') ?? org.accounts[0]!
  for (const stream of new Set([0, prod.index * R, prod.index * R + Math.min(1, R - 1)])) {
    const account = org.accounts[Math.floor(stream / R)]!
    const offset = chainRng.range(0, 3599) * 1000
    chains.set(
      stream,
      new DigestChain(
        owners[account.index]!,
        o.regions[stream % R]!,
        account.trailName,
        org.homeRegion,
        org.bucket,
        o.startMs,
        offset,
      ),
    )
  }
  let digestFiles = 0
  const flushDigests = async (untilMs: number) => {
    for (const chain of chains.values()) {
      for (const digest of await chain.flushBefore(untilMs)) {
        await writer.write(digest.key, digest.content)
        digestFiles++
      }
    }
  }

  const duplicates: Pending[][] = Array.from({ length: schedule.streams }, () => [])
  const carried: Step[][] = Array.from({ length: schedule.streams }, () => [])
  const activeAccounts = new Set<number>()
  let times = new Float64Array(1024)
  let eventsWritten = 0
  let duplicateDeliveries = 0
  let logFiles = 0
  let minTime = Number.POSITIVE_INFINITY
  let maxTime = Number.NEGATIVE_INFINITY
  const progressEvery = Math.max(1, Math.floor(o.events / 200))
  let nextProgress = progressEvery
  const startSecondMs = Math.ceil(o.startMs / 1000) * 1000

  for (let i = 0; i < schedule.count; i++) {
    const stream = schedule.stream[i]!
    const slot = schedule.slot[i]!
    const accountIndex = Math.floor(stream / R)
    const regionIndex = stream % R
    const account = org.accounts[accountIndex]!
    const roster = population.rosters[accountIndex]!
    const catalog = catalogs[accountIndex]!
    const res = account.regions[regionIndex]!
    const n = schedule.events[i]!
    const hasNext = schedule.next[i]! >= 0
    activeAccounts.add(accountIndex)

    // Event times: sorted whole seconds inside the slot, a few files with late records.
    const [loS, hiS] = slotSeconds(slot, o.startMs, o.endMs) ?? [startSecondMs / 1000, startSecondMs / 1000]
    if (times.length < n) times = new Float64Array(Math.max(n, times.length * 2))
    const fileTimes = times.subarray(0, n)
    for (let k = 0; k < n; k++) fileTimes[k] = (loS + rng.int(hiS - loS + 1)) * 1000
    fileTimes.sort()
    if (rng.chance(LATE_FILE_RATE)) {
      for (let k = 0, late = Math.min(n, rng.range(1, 3)); k < late; k++)
        fileTimes[k] = Math.max(startSecondMs, fileTimes[k]! - rng.range(LATE_MIN_S, LATE_MAX_S) * 1000)
    }

    // Scenario steps due in this stream: carried over, then those starting here.
    let steps = carried[stream]!
    carried[stream] = []
    const kinds = plan.get(i)
    if (kinds) for (const kind of kinds) steps = steps.concat(scenarioSteps(kind, roster, population, org, scenarioRng))
    const used = Math.min(steps.length, n)
    if (steps.length > used && hasNext) carried[stream] = steps.slice(used)
    const firstStep = used > 0 ? rng.int(n - used + 1) : 0

    const parts: string[] = []
    let oldest = Number.POSITIVE_INFINITY
    let newest = Number.NEGATIVE_INFINITY
    for (const dup of duplicates[stream]!) {
      parts.push(dup.json)
      if (dup.timeMs < oldest) oldest = dup.timeMs
      if (dup.timeMs > newest) newest = dup.timeMs
      duplicateDeliveries++
    }
    duplicates[stream] = []
    const catalogChoice = regionIndex === 0 ? catalog.home : catalog.regional
    for (let k = 0; k < n; k++) {
      const timeMs = fileTimes[k]!
      let json: string
      if (k >= firstStep && k < firstStep + used) {
        const step = steps[k - firstStep]!
        json = buildRecord({
          rng,
          org,
          account,
          res,
          template: step.template,
          actor: step.actor,
          timeMs,
          build: step.build,
          error: step.error,
        })
      } else {
        const choice = catalogChoice.pick(rng)
        const actor = choice.callers.pick(rng).pick(rng)
        json = buildRecord({ rng, org, account, res, template: choice.template, actor, timeMs })
      }
      parts.push(json)
      if (timeMs < oldest) oldest = timeMs
      if (timeMs > newest) newest = timeMs
      if (hasNext && o.duplicateRate > 0 && rng.chance(o.duplicateRate)) duplicates[stream]!.push({ json, timeMs })
    }
    if (oldest < minTime) minTime = oldest
    if (newest > maxTime) maxTime = newest

    const content = `{"Records":[${parts.join(',')}]}`
    const deliveredMs = (slot + 1) * SLOT_MS
    const key = logFileKey(owners[accountIndex]!, res.region, deliveredMs, names.alnum(16))
    const chain = chains.get(stream)
    if (chain) {
      chain.add({
        s3Object: key,
        deliveredMs,
        hashValue: (await writer.writeHashed(key, content)).hash,
        newestEventTime: isoSeconds(newest),
        oldestEventTime: isoSeconds(oldest),
        newestMs: newest,
        oldestMs: oldest,
      })
    } else await writer.write(key, content)
    // Digests close an hour late here, so the hashes of their files are computed by then (no stall).
    await flushDigests(deliveredMs - HOUR_MS)
    logFiles++
    eventsWritten += n
    if (o.onProgress && eventsWritten >= nextProgress) {
      o.onProgress(eventsWritten)
      nextProgress = eventsWritten + progressEvery
    }
  }
  await writer.flush()
  await flushDigests(o.endMs)

  const insights = buildInsights(new Rng(o.seed, 'insights'), org, population, o.startMs, o.endMs, o.days)
  let insightEvents = 0
  for (const file of insights) {
    await writer.write(file.key, JSON.stringify({ Records: file.records }))
    insightEvents += file.records.length
    for (const t of file.times) {
      if (t < minTime) minTime = t
      if (t > maxTime) maxTime = t
    }
  }
  await writer.flush()
  o.onProgress?.(eventsWritten)

  return {
    files: logFiles + insights.length,
    events: eventsWritten,
    duplicateDeliveries,
    insightEvents,
    insightFiles: insights.length,
    digestFiles,
    bytes: writer.bytes,
    accounts: [...activeAccounts].sort((a, b) => a - b).map((a) => org.accounts[a]!.id),
    from: new Date(Number.isFinite(minTime) ? minTime : o.startMs),
    to: new Date(Number.isFinite(maxTime) ? maxTime : o.endMs),
  }
}

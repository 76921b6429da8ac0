import { readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openLocalLake } from '@cairn/query/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { collectFiles } from '../src/collect/collect-files.js'
import { generateTrail } from '../src/generate/index.js'
import { uniqueEvents } from './support/raw-events.js'
import { canonical, seedExpectations } from './support/seed-expectations.js'

const shared = fileURLToPath(new URL('../../../../shared/', import.meta.url))
const seedDir = join(shared, 'seed-queries')
const seedFiles = readdirSync(seedDir).filter((f) => f.endsWith('.sql')).sort()

async function checkSeedQueries(paths: string[], dataDir: string, label: string) {
  const summary = await collectFiles({ paths, dataDir, partition: label })
  const events = uniqueEvents(paths)
  expect(summary.events).toBe(events.length)
  const lake = await openLocalLake(dataDir)
  let nonEmpty = 0
  for (const file of seedFiles) {
    const sql = readFileSync(join(seedDir, file), 'utf8')
    const result = await lake.query(sql)
    const expected = seedExpectations[file]!(events, new Date())
    expect(canonical(result.rows), `${label}: ${file}`).toEqual(canonical(expected))
    const times = result.rows.map((r) => r.event_time as string)
    expect(times, `${label}: ${file} is ordered by event_time desc`).toEqual([...times].sort().reverse())
    if (result.rows.length > 0) nonEmpty++
  }
  return { summary, nonEmpty }
}

describe('the brief’s seed queries, verbatim', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-seed-'))
  })
  afterAll(async () => rm(dir, { recursive: true, force: true }))

  it('give exactly the independently computed rows on every real CloudTrail fixture', async () => {
    const { nonEmpty } = await checkSeedQueries([join(shared, 'fixtures', 'cloudtrail')], join(dir, 'fixtures-lake'), 'fixtures')
    // the fixtures are years old (01 looks at the last 7 days) and hold no call from 192.0.2.1
    expect(nonEmpty).toBeGreaterThanOrEqual(7)
  }, 180_000)

  it('give exactly the independently computed rows on generated trails, each non-empty', async () => {
    const logs = join(dir, 'generated')
    await generateTrail({ outDir: logs, events: 20_000, seed: 7 })
    const { nonEmpty } = await checkSeedQueries([logs], join(dir, 'generated-lake'), 'generated')
    expect(nonEmpty).toBe(seedFiles.length)
  }, 180_000)
})

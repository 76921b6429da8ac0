import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import type { Server } from 'node:http'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { browserRss, CHROMIUM, launchChromium } from '../e2e/support/chromium.js'
import { serveStatic } from '../e2e/support/static-server.js'

// Sizes and where the generated data is kept between runs (it takes a minute to make 1M events).
const EVENTS = Number(process.env.CAIRN_WEB_BENCH_EVENTS ?? 1_000_000)
const RAW_EVENTS = Number(process.env.CAIRN_WEB_BENCH_RAW_EVENTS ?? 100_000)
const root = fileURLToPath(new URL('../../../', import.meta.url))
const work = process.env.CAIRN_WEB_BENCH_DIR ?? join(root, '.bench', 'web')
const CLI = join(root, 'apps/cli/dist/main.js')
const seedDir = join(root, 'apps/web/src/library/seed-queries')

function cairn(args: string[]): void {
  const run = spawnSync(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'inherit'] })
  if (run.status !== 0 && run.status !== 2) throw new Error(`cairn ${args.join(' ')} exited ${run.status}`)
}

function ensureLake(events: number): string {
  const dir = join(work, `lake-${events}`)
  if (!existsSync(join(dir, 'aws_cloudtrail_log'))) {
    cairn(['generate', '--out', join(work, `trail-${events}`), '--events', String(events), '--seed', '7'])
    cairn(['collect', '--source', 'file', '--path', join(work, `trail-${events}`), '--partition', 'bench', '--data-dir', dir])
  }
  return dir
}

function ensureTrail(events: number): string {
  const dir = join(work, `raw-${events}`)
  if (!existsSync(dir)) cairn(['generate', '--out', dir, '--events', String(events), '--seed', '9'])
  return dir
}

let server: Server
let origin: string
let context: BrowserContext
let profile: string
/** Without Chromium (a new machine before `.ci/run` or apt installed it) the web bench says so and lets `pnpm bench` go on. */
const hasChromium = existsSync(CHROMIUM)
if (!hasChromium) console.warn(`web bench skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CAIRN_CHROMIUM)`)

let peak = 0
let sampler: NodeJS.Timeout
const figures: Record<string, number | string> = {}

beforeAll(async () => {
  if (!hasChromium) return
  await mkdir(work, { recursive: true })
  ;({ server, origin } = await serveStatic(join(root, 'apps/web/dist')))
  ;({ context, profile } = await launchChromium())
  sampler = setInterval(() => {
    peak = Math.max(peak, browserRss(profile))
  }, 250)
})

afterAll(async () => {
  if (!hasChromium) return
  clearInterval(sampler)
  await context?.close()
  server?.close()
  if (profile) await rm(profile, { recursive: true, force: true })
  console.log(JSON.stringify(figures, null, 2))
  await writeFile(join(work, 'figures.json'), `${JSON.stringify(figures, null, 2)}\n`)
  await writeBenchmarkSection(figures)
})

/** The web app's section of BENCHMARKS.md, between its markers (the CLI's bench keeps it when it rewrites the file). */
async function writeBenchmarkSection(measured: Record<string, number | string>): Promise<void> {
  const file = join(root, 'BENCHMARKS.md')
  const start = '<!-- web-bench:start -->'
  const end = '<!-- web-bench:end -->'
  const section = [
    start,
    '## Web app in headless Chromium (issue 4)',
    '',
    `Chromium ${process.env.CAIRN_CHROMIUM_VERSION ?? '(Debian)'}, ${new Date().toISOString().slice(0, 10)}, \`pnpm --filter @cairn/web bench\`. Memory: all of the browser's processes.`,
    '',
    '| figure | value |',
    '|---|---:|',
    ...Object.entries(measured).map(([key, value]) => `| ${key} | ${value} |`),
    end,
  ].join('\n')
  const old = existsSync(file) ? await readFile(file, 'utf8') : ''
  const at = old.indexOf(start)
  const next = at >= 0 ? old.slice(0, at) + section + old.slice(old.indexOf(end) + end.length) : `${old.trimEnd()}\n\n${section}\n`
  await writeFile(file, next)
}

async function freshPage(): Promise<Page> {
  const page = await context.newPage()
  await page.goto(`${origin}/index.html`)
  await page.waitForSelector('#pick-folder', { state: 'attached' })
  return page
}

async function openAndWait(page: Page, folder: string): Promise<void> {
  await page.locator('#pick-folder').setInputFiles(folder)
  await page.waitForSelector('.open-status[data-state="opened"]', { timeout: 600_000 })
}

it.skipIf(!hasChromium)(`opens ${EVENTS.toLocaleString('en-US')} events as Parquet and shows the dashboard, then runs each seed query`, async () => {
  const lake = ensureLake(EVENTS)
  const page = await freshPage()
  peak = 0
  await page.locator('#tab-dashboard').click()
  const started = Date.now()
  await openAndWait(page, lake)
  await page.waitForSelector('.dashboard[data-ready="true"]', { timeout: 600_000 })
  figures[`parquet ${EVENTS} events: open + dashboard, s`] = (Date.now() - started) / 1000
  const regionCounts = await page.locator('[data-panel="regions"] .bar-count').allTextContents()
  const shown = regionCounts.reduce((sum, n) => sum + Number(n), 0)
  figures[`parquet ${EVENTS} events: events the dashboard counted (regions)`] = shown
  expect(shown).toBeGreaterThan(EVENTS * 0.9)
  figures[`parquet ${EVENTS} events: peak browser RSS, MB`] = Math.round(peak / 2 ** 20)
  // the dashboard's second pass: its last panel, and the columns of the example queries
  await page.waitForSelector('.dashboard[data-complete="true"]', { timeout: 600_000 })
  figures[`parquet ${EVENTS} events: open + whole dashboard and the example queries' columns, s`] = (Date.now() - started) / 1000
  await page.locator('#tab-query').click()
  for (const file of (await readdir(seedDir)).sort()) {
    await page.evaluate(() => document.querySelector('.query-status')?.removeAttribute('data-state'))
    const t = Date.now()
    await page.locator(`button[data-query="${file}"]`).click()
    await page.waitForSelector('.query-status[data-state="done"]', { timeout: 120_000 })
    figures[`seed ${file}, s (on ${EVENTS})`] = (Date.now() - t) / 1000
    // where the time of the one with most rows goes: the worker (loading, DuckDB, Arrow IPC) or the page
    if (file.startsWith('01-')) figures[`seed ${file}: of it in the worker, s`] = Number(await page.locator('.query-status').getAttribute('data-engine-ms')) / 1000
  }
  figures[`parquet ${EVENTS} events: peak browser RSS incl. queries, MB`] = Math.round(peak / 2 ** 20)
  await page.close()
  expect(figures[`parquet ${EVENTS} events: open + dashboard, s`]).toBeGreaterThan(0)
})

it.skipIf(!hasChromium)(`normalizes ${RAW_EVENTS.toLocaleString('en-US')} raw events (.json.gz) in the page`, async () => {
  const trail = ensureTrail(RAW_EVENTS)
  const page = await freshPage()
  peak = 0
  const started = Date.now()
  await openAndWait(page, trail)
  figures[`raw ${RAW_EVENTS} events .json.gz: open (normalize), s`] = (Date.now() - started) / 1000
  await page.evaluate(() => document.querySelector('.query-status')?.removeAttribute('data-state'))
  await page.waitForSelector('.query-status[data-state="done"]', { timeout: 120_000 })
  figures[`raw ${RAW_EVENTS} events .json.gz: open + first query, s`] = (Date.now() - started) / 1000
  figures[`raw ${RAW_EVENTS} events: peak browser RSS, MB`] = Math.round(peak / 2 ** 20)
  figures[`raw ${RAW_EVENTS} events: status`] = (await page.locator('.open-status').textContent()) ?? ''
  await page.close()
})

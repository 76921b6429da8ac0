import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises'
import type { Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './support/chromium.js'
import { serveStatic } from './support/static-server.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const dist = join(root, 'apps/web/dist')
const screenshots = join(root, 'apps/web/screenshots')
const CLI = join(root, 'apps/cli/dist/main.js')
const shared = fileURLToPath(new URL('../../../../shared/', import.meta.url))
const fixtures = join(shared, 'fixtures/cloudtrail')
const seedDir = join(shared, 'seed-queries')
const SHOWN = 12

function cairn(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args])
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, stdout, stderr }))
  })
}

const text = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v))

/** The rows the grid shows: the first ones, as the cells' text. */
async function shownRows(page: Page): Promise<{ count: number; rows: string[][] }> {
  const count = Number(await page.locator('.grid-status').getAttribute('data-rows'))
  const rows = await page.$$eval('.grid-body .grid-row', (elements) =>
    elements
      .map((e) => ({ i: Number((e as HTMLElement).dataset.index), cells: [...e.children].map((c) => c.textContent ?? '') }))
      .sort((a, b) => a.i - b.i)
      .map((r) => r.cells),
  )
  return { count, rows: rows.slice(0, SHOWN) }
}

async function runLibraryQuery(page: Page, id: string): Promise<void> {
  await page.locator(`button[data-query="${id}"]`).click()
  await page.waitForSelector('.query-status[data-state="done"], .query-status[data-state="failed"]')
  const failed = await page.locator('.query-status[data-state="failed"]').count()
  if (failed) throw new Error(`${id}: ${await page.locator('.query-status').textContent()}`)
}

/** Every seed query in the page against the CLI's answer on the same data: same number of rows, same first rows. */
async function compareSeedQueries(page: Page, dataDir: string): Promise<number> {
  const files = (await readdir(seedDir)).filter((f) => f.endsWith('.sql')).sort()
  let nonEmpty = 0
  for (const file of files) {
    const cli = await cairn(['query', '--data-dir', dataDir, '--output', 'json', join(seedDir, file)])
    expect(cli.code, cli.stderr).toBe(0)
    const expected = JSON.parse(cli.stdout) as Record<string, unknown>[]
    await page.evaluate(() => document.querySelector('.query-status')?.removeAttribute('data-state'))
    await runLibraryQuery(page, file)
    const shown = await shownRows(page)
    expect(shown.count, file).toBe(expected.length)
    const columns = expected[0] ? Object.keys(expected[0]) : []
    const want = expected.slice(0, SHOWN).map((r) => columns.map((c) => text(r[c]).slice(0, 300)))
    // rows tied on the ORDER BY key may come in either order: same keys in order, and every row shown is the CLI's
    expect(shown.rows.map((r) => r[0]), file).toEqual(want.map((r) => r[0]))
    const all = expected.map((r) => JSON.stringify(columns.map((c) => text(r[c]).slice(0, 300))))
    for (const row of shown.rows) expect(all, file).toContain(JSON.stringify(row))
    if (expected.length > 0) nonEmpty++
  }
  return nonEmpty
}

async function openFolder(page: Page, folder: string): Promise<string> {
  await page.evaluate(() => document.querySelector('.open-status')?.removeAttribute('data-state'))
  await page.locator('#pick-folder').setInputFiles(folder)
  await page.waitForSelector('.open-status[data-state="opened"], .open-status[data-state="failed"]', { timeout: 90_000 })
  return (await page.locator('.open-status').textContent()) ?? ''
}

describe('the web app in Chromium, offline', () => {
  let context: BrowserContext
  let profile: string
  let server: Server
  let origin: string
  let work: string
  const requests: string[] = []

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'cairn-web-e2e-'))
    await mkdir(screenshots, { recursive: true })
    ;({ server, origin } = await serveStatic(dist))
    ;({ context, profile } = await launchChromium())
    context.on('request', (r) => requests.push(r.url()))
  })

  afterAll(async () => {
    await context?.close()
    server?.close()
    await rm(work, { recursive: true, force: true })
    if (profile) await rm(profile, { recursive: true, force: true })
  })

  async function newPage(): Promise<Page> {
    const page = await context.newPage()
    page.on('request', (r) => requests.push(r.url()))
    page.on('worker', (w) => w.on('console', () => {}))
    await page.goto(`${origin}/index.html`)
    await page.waitForSelector('#pick-folder', { state: 'attached' })
    return page
  }

  it('opens a CLI-made Parquet data dir and answers every seed query as the CLI does', async () => {
    const trail = join(work, 'trail')
    const dataDir = join(work, 'lake')
    expect((await cairn(['generate', '--out', trail, '--events', '1500', '--seed', '11'])).code).toBe(0)
    const collected = await cairn(['collect', '--source', 'file', '--path', trail, '--partition', 'gen', '--data-dir', dataDir, '--output', 'json'])
    expect(collected.code, collected.stderr).toBe(0)
    const page = await newPage()
    const status = await openFolder(page, dataDir)
    expect(status).toMatch(/Opened [1-9]\d* lake files/)
    expect(status).toContain('0 rejected')
    const nonEmpty = await compareSeedQueries(page, dataDir)
    expect(nonEmpty).toBeGreaterThanOrEqual(8)
    await page.screenshot({ path: join(screenshots, 'seed-query-parquet.png') })

    // detections of the library find what `cairn detect` finds
    const detect = await cairn(['detect', '--data-dir', dataDir, '--output', 'json'])
    const findings = JSON.parse(detect.stdout) as { detection_id: string }[]
    const perDetection = new Map<string, number>()
    for (const f of findings) perDetection.set(f.detection_id, (perDetection.get(f.detection_id) ?? 0) + 1)
    const busiest = [...perDetection].sort((a, b) => b[1] - a[1]).slice(0, 4)
    expect(busiest.length).toBeGreaterThan(0)
    await page.locator('.library summary', { hasText: 'Detections' }).click()
    for (const [id, count] of busiest) {
      await page.evaluate(() => document.querySelector('.query-status')?.removeAttribute('data-state'))
      await runLibraryQuery(page, id)
      expect(Number(await page.locator('.grid-status').getAttribute('data-rows')), id).toBe(count)
    }

    // 100k rows: the grid keeps only the rows in view in the DOM and reaches the last one
    await page.evaluate(() => document.querySelector('.query-status')?.removeAttribute('data-state'))
    await page.locator('.cm-content').click()
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.insertText("select range as n, 'row ' || range as label from range(100000)")
    await page.keyboard.press('Control+Enter')
    await page.waitForSelector('.query-status[data-state="done"]')
    expect(await page.locator('.grid-status').getAttribute('data-rows')).toBe('100000')
    const scrollStarted = Date.now()
    await page.locator('.grid-scroller').evaluate((e) => e.scrollTo({ top: e.scrollHeight }))
    await page.waitForSelector('.grid-body .grid-row[data-index="99999"]')
    expect(Date.now() - scrollStarted).toBeLessThan(2000)
    expect(await page.locator('.grid-body .grid-row').count()).toBeLessThan(100)

    // the dashboard, a click on a chart element (a filter), then through to one event
    await page.locator('#tab-dashboard').click()
    await page.waitForSelector('.dashboard[data-ready="true"]', { timeout: 60_000 })
    expect(await page.locator('[data-panel="event-names"] .bar-button').count()).toBeGreaterThan(0)
    await page.screenshot({ path: join(screenshots, 'dashboard.png'), fullPage: true })
    const theme = await page.evaluate(() => document.documentElement.dataset.theme)
    await page.locator('#theme').click()
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme === 'dark' ? 'light' : 'dark')
    await page.screenshot({ path: join(screenshots, `dashboard-${theme === 'dark' ? 'light' : 'dark'}.png`) })
    expect(page.url()).toContain('view=dashboard')
    const firstName = (await page.locator('[data-panel="event-names"] .bar-label').first().textContent())!
    await page.locator('[data-panel="event-names"] .bar-button').first().click()
    await page.waitForSelector('.dashboard[data-ready="true"]', { timeout: 60_000 })
    expect(await page.locator('.filters .chip').first().textContent()).toContain(firstName)
    const names = await page.locator('[data-panel="event-names"] .bar-label').allTextContents()
    expect(names).toEqual([firstName])

    await page.locator('#tab-query').click()
    await page.evaluate(() => document.querySelector('.query-status')?.removeAttribute('data-state'))
    await page.locator('.cm-content').click()
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.insertText("select event_time, event_name, user_arn, event_id from aws_cloudtrail_log where user_identity->>'type' = 'Root' order by event_time desc")
    await page.keyboard.press('Control+Enter')
    await page.waitForSelector('.query-status[data-state="done"]')
    await page.locator('.grid-body .grid-row.clickable').first().click()
    await page.waitForSelector('.raw-event')
    const raw = JSON.parse((await page.locator('.raw-event').textContent())!)
    expect(raw.eventID).toEqual(expect.any(String))
    expect(raw.eventTime).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    expect(raw.userIdentity).toEqual(expect.objectContaining({ type: expect.any(String) }))
    await page.screenshot({ path: join(screenshots, 'event-view.png'), fullPage: true })
    expect(await page.locator('button.pivot').count()).toBeGreaterThan(0)
    await page.locator('button.pivot').first().click()
    await page.waitForSelector('.query-status[data-state="done"]')
    expect(Number(await page.locator('.grid-status').getAttribute('data-rows'))).toBeGreaterThan(0)
    await page.close()
  })

  it('normalizes the raw CloudTrail fixtures in the page and answers as the CLI does on them', async () => {
    const dataDir = join(work, 'fixtures-lake')
    const collected = await cairn(['collect', '--source', 'file', '--path', fixtures, '--partition', 'fixtures', '--data-dir', dataDir, '--output', 'json'])
    expect([0, 2], collected.stderr).toContain(collected.code)
    const cliSummary = JSON.parse(collected.stdout) as { events: number }
    const page = await newPage()
    const status = await openFolder(page, fixtures)
    expect(status).toContain(`${cliSummary.events.toLocaleString('en-US')} events read`)
    const nonEmpty = await compareSeedQueries(page, dataDir)
    expect(nonEmpty).toBeGreaterThanOrEqual(7)
    await page.screenshot({ path: join(screenshots, 'seed-query-raw-fixtures.png') })
    await page.close()
  })

  it('made no request to any origin but its own', () => {
    expect(requests.length).toBeGreaterThan(3)
    const foreign = requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('blob:') && !u.startsWith('data:'))
    expect(foreign).toEqual([])
    // the wasm and the worker came from the app's origin
    expect(requests.some((u) => u.endsWith('.wasm'))).toBe(true)
  })
})


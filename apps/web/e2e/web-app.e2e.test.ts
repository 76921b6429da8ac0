import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import type { Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
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

async function openedStatus(page: Page): Promise<string> {
  await page.waitForSelector('.open-status[data-state="opened"], .open-status[data-state="failed"]', { timeout: 90_000 })
  return (await page.locator('.open-status').textContent()) ?? ''
}

async function openFolder(page: Page, folder: string): Promise<string> {
  await page.evaluate(() => document.querySelector('.open-status')?.removeAttribute('data-state'))
  await page.locator('#pick-folder').setInputFiles(folder)
  return openedStatus(page)
}

/** Types SQL into the editor and runs it with Ctrl+Enter; the rows of the result, as the grid shows them. */
async function runTyped(page: Page, sql: string): Promise<{ count: number; rows: string[][] }> {
  await page.evaluate(() => document.querySelector('.query-status')?.removeAttribute('data-state'))
  await page.locator('.cm-content').click()
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.insertText(sql)
  await page.keyboard.press('Control+Enter')
  await page.waitForSelector('.query-status[data-state="done"], .query-status[data-state="failed"]')
  const failed = await page.locator('.query-status[data-state="failed"]').count()
  if (failed) throw new Error(`${sql}: ${await page.locator('.query-status').textContent()}`)
  return shownRows(page)
}

async function cliRows(dataDir: string, sql: string): Promise<Record<string, unknown>[]> {
  const cli = await cairn(['query', '--data-dir', dataDir, '--output', 'json', sql])
  expect(cli.code, cli.stderr).toBe(0)
  return JSON.parse(cli.stdout)
}

const sqlText = (value: string) => `'${value.replaceAll("'", "''")}'`

describe('the web app in Chromium, offline', () => {
  let context: BrowserContext
  let profile: string
  let server: Server
  let origin: string
  let work: string
  const requests: string[] = []
  let lake: Promise<string> | undefined

  /** The CLI-made Parquet data dir the tests share (made once). */
  function cliLake(): Promise<string> {
    lake ??= (async () => {
      const trail = join(work, 'trail')
      const dataDir = join(work, 'lake')
      expect((await cairn(['generate', '--out', trail, '--events', '1500', '--seed', '11'])).code).toBe(0)
      const collected = await cairn(['collect', '--source', 'file', '--path', trail, '--partition', 'gen', '--data-dir', dataDir, '--output', 'json'])
      expect(collected.code, collected.stderr).toBe(0)
      return dataDir
    })()
    return lake
  }

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
    const dataDir = await cliLake()
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
    // the panel drawn in the second pass (it reads large JSON columns)
    await page.waitForSelector('.dashboard[data-complete="true"]', { timeout: 60_000 })
    const signIns = await page.locator('[data-panel="console-mfa"] .bar-label').allTextContents()
    expect(signIns.length).toBeGreaterThan(0)
    for (const label of signIns) expect(label).toMatch(/^(Yes|No|unknown) MFA, (Success|Failure|unknown)$/)
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
    await page.locator('#clear-filters').click()
    expect(await page.locator('.filters').isHidden()).toBe(true)

    await page.locator('#tab-query').click()
    await runTyped(page, "select event_time, event_name, user_arn, event_id from aws_cloudtrail_log where user_identity->>'type' = 'Root' order by event_time desc")
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

  it('applies a clicked dashboard element to the SQL editor, the dashboard and the event view, and restores it from the URL', async () => {
    const dataDir = await cliLake()
    const page = await newPage()
    await page.locator('#tab-dashboard').click()
    expect(await openFolder(page, dataDir)).toContain('0 rejected')
    await page.waitForSelector('.dashboard[data-ready="true"]', { timeout: 60_000 })
    // a region: the CLI tells how many events it has, and which event names
    const region = (await page.locator('[data-panel="regions"] .bar-label').nth(1).textContent())!
    const expected = await cliRows(dataDir, `select event_name, count(*) as n from aws_cloudtrail_log where aws_region = ${sqlText(region)} group by 1 order by 2 desc, 1`)
    const total = expected.reduce((n, r) => n + Number(r.n), 0)
    await page.locator('[data-panel="regions"] .bar-button').nth(1).click()
    await page.waitForSelector('.dashboard[data-ready="true"]', { timeout: 60_000 })
    expect(await page.locator('.filters').getAttribute('data-applied')).toBe(`region = ${region}`)
    expect(await page.locator('[data-panel="regions"] .bar-label').allTextContents()).toEqual([region])

    // the SQL editor's queries see only the filtered rows, whatever the SQL; the indicator says so
    await page.locator('#tab-query').click()
    expect(await page.locator('.filters').isVisible()).toBe(true)
    const sql = 'select event_name, count(*) as n from aws_cloudtrail_log group by 1 order by 2 desc, 1'
    const shown = await runTyped(page, sql)
    expect(shown.count).toBe(expected.length)
    expect(shown.rows).toEqual(expected.slice(0, SHOWN).map((r) => [String(r.event_name), String(r.n)]))
    expect(await page.locator('.query-status').textContent()).toContain('filters applied')
    const cte = await runTyped(page, 'with e as (select * from aws_cloudtrail_log) select count(*) as n, count(distinct aws_region) as regions from e')
    expect(cte.rows).toEqual([[String(total), '1']])

    // the link restores the view: same files opened again, same filter, same SQL, same rows
    await runTyped(page, sql)
    const link = page.url()
    expect(decodeURIComponent(link)).toContain(`"field":"aws_region","value":"${region}"`)
    await page.goto('about:blank')
    await page.goto(link)
    await page.waitForSelector('#pick-folder', { state: 'attached' })
    expect(await page.locator('.filters').getAttribute('data-applied')).toBe(`region = ${region}`)
    await page.evaluate(() => document.querySelector('.query-status')?.removeAttribute('data-state'))
    await openFolder(page, dataDir)
    await page.waitForSelector('.query-status[data-state="done"]')
    expect(await shownRows(page)).toEqual(shown)
    expect(await page.locator('.cm-content').textContent()).toBe(sql)

    // an event opened from the filtered list, and a pivot from it: one more filter, both applied
    const events = await runTyped(page, 'select event_id, aws_region, source_ip_address from aws_cloudtrail_log where source_ip_address is not null order by event_time, event_id')
    expect(new Set(events.rows.map((r) => r[1]))).toEqual(new Set([region]))
    await page.locator('.grid-body .grid-row.clickable').first().click()
    await page.waitForSelector('.event-host[data-ready="true"] .raw-event')
    expect(JSON.parse((await page.locator('.raw-event').textContent())!).awsRegion).toBe(region)
    const ip = events.rows[0]![2]!
    await page.evaluate(() => document.querySelector('.query-status')?.removeAttribute('data-state'))
    await page.locator('button.pivot', { hasText: `source IP ${ip}` }).click()
    await page.waitForSelector('.query-status[data-state="done"]')
    expect(await page.locator('.filters').getAttribute('data-applied')).toBe(`region = ${region}; source IP = ${ip}`)
    const both = await cliRows(dataDir, `select count(*) as n from aws_cloudtrail_log where aws_region = ${sqlText(region)} and source_ip_address = ${sqlText(ip)}`)
    expect(Number(await page.locator('.grid-status').getAttribute('data-rows'))).toBe(both[0]!.n)

    // the time range: a day of the timeline narrows every view, and one click clears everything
    await page.locator('#tab-dashboard').click()
    await page.waitForSelector('.dashboard[data-ready="true"]', { timeout: 60_000 })
    await page.locator('.filters .chip', { hasText: 'source IP' }).click()
    await page.waitForSelector('.dashboard[data-ready="true"]', { timeout: 60_000 })
    const day = (await page.locator('[data-panel="events-over-time"] .column').first().getAttribute('aria-label'))!.slice(0, 10)
    await page.locator('[data-panel="events-over-time"] .column').first().click()
    await page.waitForSelector('.dashboard[data-ready="true"]', { timeout: 60_000 })
    expect(page.url()).toContain(`from=${day}T00%3A00%3A00Z`)
    const inDay = await cliRows(dataDir, `select count(*) as n from aws_cloudtrail_log where aws_region = ${sqlText(region)} and event_time >= '${day}' and event_time < date '${day}' + interval 1 day`)
    const counted = (await page.locator('[data-panel="regions"] .bar-count').allTextContents()).reduce((n, c) => n + Number(c), 0)
    expect(counted).toBe(inDay[0]!.n)
    await page.screenshot({ path: join(screenshots, 'filters.png') })
    await page.locator('#clear-filters').click()
    await page.waitForSelector('.dashboard[data-ready="true"]', { timeout: 60_000 })
    expect(await page.locator('.filters').isHidden()).toBe(true)
    expect(page.url()).not.toContain('filters=')
    expect(page.url()).not.toContain('from=')
    const all = await cliRows(dataDir, 'select count(*) as n from aws_cloudtrail_log')
    const allCounted = (await page.locator('[data-panel="regions"] .bar-count').allTextContents()).reduce((n, c) => n + Number(c), 0)
    expect(allCounted).toBe(all[0]!.n)
    await page.close()
  })

  it('opens files dropped onto the drop zone (a DataTransfer of File objects)', async () => {
    const folder = join(fixtures, 'stratus-red-team/docs/detonation-logs')
    const names = (await readdir(folder)).filter((f) => f.endsWith('.json')).sort().slice(0, 6)
    const dropped = await Promise.all(names.map(async (name) => ({ name, base64: (await readFile(join(folder, name))).toString('base64') })))
    // what the CLI makes of the same files
    const copy = join(work, 'dropped')
    await mkdir(copy, { recursive: true })
    for (const f of dropped) await writeFile(join(copy, f.name), Buffer.from(f.base64, 'base64'))
    const dataDir = join(work, 'dropped-lake')
    const collected = await cairn(['collect', '--source', 'file', '--path', copy, '--partition', 'dropped', '--data-dir', dataDir, '--output', 'json'])
    expect([0, 2], collected.stderr).toContain(collected.code)
    const expected = await cliRows(dataDir, 'select event_id, event_name from aws_cloudtrail_log order by event_time, event_id')
    expect(expected.length).toBeGreaterThan(0)

    const page = await newPage()
    await page.evaluate(() => document.querySelector('.open-status')?.removeAttribute('data-state'))
    const over = await page.evaluate((files) => {
      const transfer = new DataTransfer()
      for (const f of files) {
        const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))
        transfer.items.add(new File([bytes], f.name, { type: 'application/json' }))
      }
      const zone = document.querySelector('.drop-zone')!
      const fire = (type: string) => {
        const event = new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer })
        zone.dispatchEvent(event)
        return event.defaultPrevented
      }
      const accepted = fire('dragenter') && fire('dragover')
      const highlighted = zone.classList.contains('over')
      fire('drop')
      return { accepted, highlighted }
    }, dropped)
    expect(over).toEqual({ accepted: true, highlighted: true })
    const status = await openedStatus(page)
    expect(status).toContain(`Opened 0 lake files, 0 Parquet files, ${names.length} CloudTrail files`)
    expect(status).toContain(`${expected.length.toLocaleString('en-US')} events read`)
    expect(await page.locator('.drop-zone').getAttribute('class')).not.toContain('over')
    const shown = await runTyped(page, 'select event_id, event_name from aws_cloudtrail_log order by event_time, event_id')
    expect(shown.count).toBe(expected.length)
    expect(shown.rows).toEqual(expected.slice(0, SHOWN).map((r) => [String(r.event_id), String(r.event_name)]))
    await page.close()
  })

  it('opens a folder through "Open folder…": the <input webkitdirectory> fallback and the File System Access picker', async () => {
    const dataDir = await cliLake()
    const expected = await cliRows(dataDir, 'select count(*) as n, count(distinct event_id) as ids from aws_cloudtrail_log')

    // a browser without showDirectoryPicker: the button opens the folder input's chooser
    const fallback = await context.newPage()
    await fallback.addInitScript(() => {
      // the picker is an operation of Window.prototype
      delete (Window.prototype as { showDirectoryPicker?: unknown }).showDirectoryPicker
      delete (window as { showDirectoryPicker?: unknown }).showDirectoryPicker
    })
    await fallback.goto(`${origin}/index.html`)
    await fallback.waitForSelector('#pick-folder', { state: 'attached' })
    const [chooser] = await Promise.all([fallback.waitForEvent('filechooser'), fallback.locator('button', { hasText: 'Open folder…' }).click()])
    expect(await chooser.element().getAttribute('webkitdirectory')).not.toBeNull()
    await chooser.setFiles(dataDir)
    expect(await fallback.evaluate(() => 'showDirectoryPicker' in window)).toBe(false)
    expect(await openedStatus(fallback)).toMatch(/Opened [1-9]\d* lake files, 0 Parquet files, 0 CloudTrail files/)
    expect((await runTyped(fallback, 'select count(*) as n, count(distinct event_id) as ids from aws_cloudtrail_log')).rows).toEqual([[String(expected[0]!.n), String(expected[0]!.ids)]])
    await fallback.close()

    // the File System Access API: the picker hands over a real directory handle (of the origin's private file
    // system, holding the same data dir), read in the engine's worker
    const files = (await readdir(dataDir, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => relative(dataDir, join(e.parentPath, e.name)))
    const picked = await Promise.all(files.map(async (path) => ({ path, base64: (await readFile(join(dataDir, path))).toString('base64') })))
    const page = await newPage()
    await page.evaluate(async (files) => {
      const root = await (await navigator.storage.getDirectory()).getDirectoryHandle('lake', { create: true })
      for (const f of files) {
        const parts = f.path.split('/')
        let dir = root
        for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, { create: true })
        const writable = await (await dir.getFileHandle(parts.at(-1)!, { create: true })).createWritable()
        await writable.write(Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0)))
        await writable.close()
      }
      ;(window as unknown as { showDirectoryPicker: () => Promise<FileSystemDirectoryHandle> }).showDirectoryPicker = async () => root
    }, picked)
    await page.evaluate(() => document.querySelector('.open-status')?.removeAttribute('data-state'))
    await page.locator('button', { hasText: 'Open folder…' }).click()
    expect(await openedStatus(page)).toMatch(/Opened [1-9]\d* lake files/)
    expect((await runTyped(page, 'select count(*) as n, count(distinct event_id) as ids from aws_cloudtrail_log')).rows).toEqual([[String(expected[0]!.n), String(expected[0]!.ids)]])
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


import { execFileSync } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium } from 'playwright-core'

export const CHROMIUM = process.env.CAIRN_CHROMIUM ?? '/usr/bin/chromium'

/** Debian's Chromium, headless, with a fresh profile, none of its own background traffic, and no network. */
export async function launchChromium(): Promise<{ context: BrowserContext; profile: string }> {
  const profile = await mkdtemp(join(tmpdir(), 'cairn-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
      // the network is cut: anything not for the loopback app server goes to a proxy that does not exist
      '--proxy-server=http://127.0.0.1:9',
    ],
  })
  return { context, profile }
}

/** Resident memory of the browser running on `profile` and all its child processes (renderers, GPU, ...), bytes. */
export function browserRss(profile: string): number {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,args='], { encoding: 'utf8', maxBuffer: 64 << 20 })
  const procs = out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [pid, ppid, rss] = line.trim().split(/\s+/, 3).map(Number)
      return { pid: pid!, ppid: ppid!, rss: rss!, ours: line.includes(profile) }
    })
  const tree = new Set(procs.filter((p) => p.ours).map((p) => p.pid))
  for (let grew = true; grew; ) {
    grew = false
    for (const p of procs) if (!tree.has(p.pid) && tree.has(p.ppid)) grew = tree.add(p.pid) !== undefined
  }
  return procs.filter((p) => tree.has(p.pid)).reduce((sum, p) => sum + p.rss * 1024, 0)
}

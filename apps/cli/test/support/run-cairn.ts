import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const CLI = fileURLToPath(new URL('../../dist/main.js', import.meta.url))

export interface CairnRun {
  code: number | null
  stdout: string
  stderr: string
}

/**
 * Runs the built `cairn` in a child process without blocking this one: the tests' in-process servers (the fault
 * proxy, the CloudWatch Logs endpoint) must keep answering while it runs, which spawnSync would prevent.
 */
export function runCairn(args: string[], env: Record<string, string> = {}): Promise<CairnRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d
    })
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d
    })
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/**
 * Starts `cairn` and SIGKILLs it as soon as `due()` holds (polled every few milliseconds), so the kill lands
 * mid-run at a point the test chooses by what the servers saw, not after a guessed delay. Resolves to whether
 * the kill came before the run ended by itself.
 */
export function killCairnWhen(args: string[], env: Record<string, string>, due: () => boolean): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: 'ignore', env: { ...process.env, ...env } })
    let killed = false
    const poll = setInterval(() => {
      if (killed || !due()) return
      killed = child.kill('SIGKILL')
    }, 2)
    child.once('error', (error) => {
      clearInterval(poll)
      reject(error)
    })
    child.once('exit', (_code, signal) => {
      clearInterval(poll)
      resolve(killed && signal === 'SIGKILL')
    })
  })
}

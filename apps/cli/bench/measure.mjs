// One measured run of a command in its own child process: wall time from the parent, peak RSS from GNU time
// (/usr/bin/time, Debian's `time` package), whose %M is the largest resident set of the process and every
// descendant it waited for, so a shell pipeline reports its hungriest member.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const GNU_TIME = '/usr/bin/time'
let runs = 0

/**
 * Runs `command args` and returns { seconds, peakRssBytes, status, stdout, stderr }. `stdout` may be a file
 * descriptor to write to (large outputs stay out of this process). An exit status not in `okStatus` is returned
 * as `failed` (the message: the status and the last lines of stderr) rather than thrown, so one run that runs out
 * of memory at 10M events does not end the whole benchmark.
 */
export function runMeasured(command, args, { cwd, env, stdout = 'pipe', okStatus = [0] } = {}) {
  const rssFile = existsSync(GNU_TIME) ? join(tmpdir(), `cairn-bench-${process.pid}-${runs++}.rss`) : undefined
  const argv = rssFile ? [GNU_TIME, ['-f', '%M', '-o', rssFile, command, ...args]] : [command, args]
  const started = performance.now()
  const result = spawnSync(argv[0], argv[1], {
    cwd,
    env: env ?? process.env,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['ignore', stdout, 'pipe'],
  })
  const seconds = (performance.now() - started) / 1000
  if (result.error) throw new Error(`${command} could not run: ${result.error.message}`)
  let peakRssBytes
  if (rssFile && existsSync(rssFile)) {
    // GNU time writes "Command exited with non-zero status N" before the figure when the command failed
    const kb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1))
    if (Number.isFinite(kb)) peakRssBytes = kb * 1024
    rmSync(rssFile, { force: true })
  }
  const stderr = result.stderr ?? ''
  const failed = okStatus.includes(result.status)
    ? undefined
    : `exit ${result.status ?? result.signal}: ${stderr.trim().split('\n').slice(-3).join(' / ').slice(0, 400)}`
  return { seconds, peakRssBytes, status: result.status, stdout: result.stdout ?? '', stderr, failed }
}

/** A JSON object printed last on a child's stdout (children of this bench print one summary line). */
export function lastJson(stdout) {
  const line = stdout.trim().split('\n').at(-1)
  return JSON.parse(line)
}

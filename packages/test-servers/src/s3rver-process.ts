import { type ChildProcess, spawn } from 'node:child_process'
import { createRequire } from 'node:module'

export interface S3rverProcess {
  endpoint: string
  stop(): Promise<void>
}

/** The credentials s3rver accepts (its defaults): fake, and set in each client's config. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }

/**
 * Starts s3rver (patched, see patches/) in a child process on a free loopback port. Its Node gets
 * `--openssl-legacy-provider`: the continuation tokens of truncated listings use DES, which OpenSSL 3 refuses
 * otherwise. The child exits when its stdin closes, so it never outlives the test run.
 */
export async function startS3rver(directory: string): Promise<S3rverProcess> {
  const s3rverMain = createRequire(import.meta.url).resolve('s3rver')
  const script = `
    const S3rver = require(${JSON.stringify(s3rverMain)})
    process.stdin.on('end', () => process.exit(0)).resume()
    new S3rver({ directory: ${JSON.stringify(directory)}, address: '127.0.0.1', port: 0, silent: true })
      .run()
      .then(({ port }) => process.stdout.write('listening ' + port + '\\n'))
      .catch((error) => { console.error(error); process.exit(1) })
  `
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', script], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, NODE_OPTIONS: '' },
  })
  const port = await new Promise<number>((resolve, reject) => {
    let output = ''
    child.stdout?.on('data', (data: Buffer) => {
      output += data.toString()
      const match = output.match(/listening (\d+)/)
      if (match) resolve(Number(match[1]))
    })
    child.once('exit', (code) => reject(new Error(`s3rver exited with code ${code} before listening`)))
    child.once('error', reject)
  })
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => stopChild(child) }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.stdin?.end()
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
  await exited
  clearTimeout(timer)
}

import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect, createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { Writable } from 'node:stream'
import { finished } from 'node:stream/promises'
import { type LakeSession, listLakeFiles } from '@cairn/query'
import { type QueryOutput, runQuery } from '../commands/query-local.js'
import { openLakeAt } from '../lake-store.js'
import { encodeFrame, FRAME_END, frameHeader, FRAME_PROGRESS, FRAME_REQUEST, FRAME_STDERR, FRAME_STDOUT, FrameReader } from './frames.js'
import type { AnswerEnd, QueryRequest, ServerRequest } from './protocol.js'
import { buildId, serverAddress } from './server-address.js'

export interface QueryServerOptions {
  /** Stop after this long without a request. */
  idleSeconds: number
}

/** A frame stream into the socket, with the socket's backpressure. */
function frameStream(socket: Socket, kind: number): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (socket.destroyed) return done(new Error('the client went away'))
      socket.cork()
      socket.write(frameHeader(kind, chunk.length))
      socket.write(chunk, (error) => done(error ?? null))
      socket.uncork()
    },
  })
}

function outputTo(socket: Socket, request: QueryRequest): QueryOutput {
  let last = 0
  return {
    stdout: frameStream(socket, FRAME_STDOUT),
    stderr: frameStream(socket, FRAME_STDERR),
    progress: {
      update(text) {
        const now = Date.now()
        if (!request.progress || socket.destroyed || now - last < 100) return
        last = now
        socket.write(encodeFrame(FRAME_PROGRESS, typeof text === 'function' ? text() : text))
      },
      done() {},
    },
  }
}

/** Resolves once what the query wrote has gone to the socket: the end frame must come after the last of it. */
async function written(output: QueryOutput): Promise<void> {
  for (const stream of [output.stdout, output.stderr] as Writable[]) {
    stream.end()
    await finished(stream)
  }
}

function end(socket: Socket, answer: AnswerEnd): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve()
    socket.end(encodeFrame(FRAME_END, JSON.stringify(answer)), () => resolve())
  })
}

/** What the lake holds now: a collect, a compaction or a delete changes it (every rewrite makes a new file name). */
async function lakeFingerprint(session: LakeSession): Promise<string> {
  const files = await listLakeFiles(session.store)
  return files.map((f) => `${f.path}:${f.size}`).join('\n')
}

/** Whether the pid file still names this process (a server started after this one stopped may have rewritten it). */
function ownPidFile(path: string): boolean {
  try {
    return readFileSync(path, 'utf8').trim() === String(process.pid)
  } catch {
    return false
  }
}

/** Whether a server already answers at `socket` (then this one is not needed). */
function answering(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(socket)
    probe.once('connect', () => {
      probe.destroy()
      resolve(true)
    })
    probe.once('error', () => resolve(false))
  })
}

async function listen(server: Server, socket: string): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
      server.once('error', resolve)
      server.listen(socket, () => {
        server.off('error', resolve)
        resolve(undefined)
      })
    })
    if (!error) return true
    if (error.code !== 'EADDRINUSE' || (await answering(socket))) return false
    // a server killed without closing left its socket file behind
    rmSync(socket, { force: true })
  }
  return false
}

/**
 * `cairn query-server`: keeps one warm duckdb-wasm session over a local lake and answers `cairn query` processes
 * through a socket, one query at a time, with exactly the output and errors `cairn query --no-server` gives. What a
 * query loaded stays loaded for the next, until the lake's files change. Started by `cairn query` itself when
 * none runs; stops after `idleSeconds` without a request, when asked to, or when a client of another build asks.
 */
export async function serveQueries(dataDir: string, options: QueryServerOptions): Promise<void> {
  const address = serverAddress(dataDir)
  if (!address) throw new Error(`no private folder for the query server's socket under ${tmpdir()} (see cairn query --help)`)
  const { socket, pid } = address
  const build = buildId()
  const session = await openLakeAt({ kind: 'local', dataDir })
  let fingerprint = ''
  let queue = Promise.resolve()
  let idleTimer: NodeJS.Timeout | undefined
  let stopping = false

  const server = createServer((client) => {
    const reader = new FrameReader()
    client.on('error', () => {})
    client.on('data', (chunk) => {
      for (const frame of reader.push(chunk)) {
        if (frame.kind !== FRAME_REQUEST) continue
        const request = JSON.parse(frame.payload.toString('utf8')) as ServerRequest
        queue = queue.then(() => answer(client, request))
      }
    })
  })

  const stop = () => {
    stopping = true
    if (idleTimer) clearTimeout(idleTimer)
    server.close()
  }
  const restartIdleTimer = () => {
    if (idleTimer) clearTimeout(idleTimer)
    idleTimer = setTimeout(stop, options.idleSeconds * 1000)
    idleTimer.unref()
  }

  async function answer(client: Socket, request: ServerRequest): Promise<void> {
    if (stopping) return end(client, { exitCode: 0, restart: true })
    if (request.kind === 'stop') {
      stop()
      return end(client, { exitCode: 0 })
    }
    if (request.build !== build) {
      stop()
      return end(client, { exitCode: 0, restart: true })
    }
    restartIdleTimer()
    let output: QueryOutput | undefined
    try {
      const now = await lakeFingerprint(session)
      if (now !== fingerprint) {
        session.forget()
        fingerprint = now
      }
      const { from, to, kind: _, build: __, progress: ___, sql, ...rest } = request
      const queryOptions = { ...rest, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined }
      output = outputTo(client, request)
      await runQuery(session, sql, queryOptions, output)
      await written(output)
      await end(client, { exitCode: 0 })
    } catch (error) {
      if (output) await written(output).catch(() => {})
      await end(client, { exitCode: 1, error: (error as Error).message })
    } finally {
      restartIdleTimer()
    }
  }

  if (!(await listen(server, socket))) return
  writeFileSync(pid, `${process.pid}\n`, { mode: 0o600 })
  restartIdleTimer()
  await new Promise<void>((resolve) => server.once('close', () => resolve()))
  if (ownPidFile(pid)) rmSync(pid, { force: true })
  // the answer being sent when the server was told to stop; a client gone mid-answer must not keep it alive
  await Promise.race([queue, new Promise((resolve) => setTimeout(resolve, 5_000).unref())])
}

import { spawn } from 'node:child_process'
import { openSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { fileURLToPath } from 'node:url'
import { Progress } from '../progress.js'
import { encodeFrame, FRAME_END, FRAME_PROGRESS, FRAME_REQUEST, FRAME_STDERR, FRAME_STDOUT, FrameReader } from './frames.js'
import type { AnswerEnd, QueryRequest, ServerRequest } from './protocol.js'
import { serverAddress } from './server-address.js'

/** How long a starting server may take to listen (duckdb-wasm's start is about a second on a quiet machine). */
const START_TIMEOUT_MS = 30_000
const POLL_MS = 50

/** The query server did not answer: the caller answers in its own process. */
export const NO_SERVER = Symbol('no query server')

function connectTo(path: string): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = connect(path)
    socket.once('connect', () => {
      socket.off('error', fail)
      resolve(socket)
    })
    const fail = () => resolve(undefined)
    socket.once('error', fail)
  })
}

/** Starts `cairn query-server` for the data dir, detached (it outlives this process), its stderr to its log. */
function startServer(dataDir: string, log: string): { exited: () => boolean } {
  const main = fileURLToPath(new URL('../main.js', import.meta.url))
  const logFd = openSync(log, 'a', 0o600)
  const child = spawn(process.execPath, [main, 'query-server', '--data-dir', dataDir], {
    detached: true,
    stdio: ['ignore', 'ignore', logFd],
    env: process.env,
  })
  let exited = false
  child.once('exit', () => {
    exited = true
  })
  child.once('error', () => {
    exited = true
  })
  child.unref()
  return { exited: () => exited }
}

async function serverSocket(dataDir: string, start: boolean): Promise<Socket | undefined> {
  const address = serverAddress(dataDir)
  if (!address) return undefined
  const { socket: path, log } = address
  const running = await connectTo(path)
  if (running || !start) return running
  const started = startServer(dataDir, log)
  const deadline = Date.now() + START_TIMEOUT_MS
  while (Date.now() < deadline && !started.exited()) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
    const socket = await connectTo(path)
    if (socket) return socket
  }
  return undefined
}

/** Sends one request and plays the answer onto this process's stdout, stderr and progress line. */
function exchange(socket: Socket, request: ServerRequest): Promise<AnswerEnd | typeof NO_SERVER> {
  return new Promise((resolve, reject) => {
    const reader = new FrameReader()
    const progress = new Progress()
    let wroteOutput = false
    let settled = false
    let paused = false
    const settle = (value: AnswerEnd | typeof NO_SERVER | Error) => {
      if (settled) return
      settled = true
      progress.done()
      socket.destroy()
      if (value instanceof Error) reject(value)
      else resolve(value)
    }
    socket.on('data', (chunk) => {
      for (const frame of reader.push(chunk)) {
        switch (frame.kind) {
          case FRAME_STDOUT:
            wroteOutput = true
            if (!process.stdout.write(frame.payload) && !paused) {
              paused = true
              socket.pause()
              process.stdout.once('drain', () => {
                paused = false
                socket.resume()
              })
            }
            break
          case FRAME_STDERR:
            process.stderr.write(frame.payload)
            break
          case FRAME_PROGRESS:
            progress.update(frame.payload.toString('utf8'))
            break
          case FRAME_END:
            settle(JSON.parse(frame.payload.toString('utf8')) as AnswerEnd)
            return
        }
      }
    })
    // A server that dies before answering is no answer: this process answers instead. Once part of the answer is
    // out, asking again would print it twice.
    const lost = () =>
      settle(wroteOutput ? new Error('the query server stopped in the middle of its answer (see its log)') : NO_SERVER)
    socket.on('close', lost)
    socket.on('error', lost)
    // a reader that went away (`| head`): stop, as an in-process query does
    process.stdout.once('error', (error) => settle(error))
    socket.write(encodeFrame(FRAME_REQUEST, JSON.stringify(request)))
  })
}

/**
 * Answers a query through the data dir's query server, starting one when none runs. Resolves NO_SERVER when no
 * server could be reached or started (nothing was printed then); rejects with the query's own error.
 */
export async function queryThroughServer(dataDir: string, request: QueryRequest): Promise<typeof NO_SERVER | undefined> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const socket = await serverSocket(dataDir, true)
    if (!socket) return NO_SERVER
    const answer = await exchange(socket, request)
    if (answer === NO_SERVER) return NO_SERVER
    if (answer.restart) continue
    if (answer.error !== undefined) throw new Error(answer.error)
    return undefined
  }
  return NO_SERVER
}

/** Asks the data dir's query server, if one runs, to stop; resolves whether one did. */
export async function stopServer(dataDir: string): Promise<boolean> {
  const socket = await serverSocket(dataDir, false)
  if (!socket) return false
  await exchange(socket, { kind: 'stop' })
  return true
}

import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * - `internal-error`: 500 InternalError
 * - `slow-down`: 503 SlowDown
 * - `reset`: the connection is dropped before any response
 * - `truncate`: the real response's headers, then part of its body, then the connection is dropped
 * - `truncate-clean`: the real response without its Content-Length, chunked, ending cleanly after part of the body
 * - `ignore-range`: the request reaches the server without its Range header, as if the server ignored it
 */
export type Fault = 'internal-error' | 'slow-down' | 'reset' | 'truncate' | 'truncate-clean' | 'ignore-range'

export interface FaultRule {
  fault: Fault
  /** GetObject (default) or ListObjectsV2 requests. */
  operation?: 'get' | 'list'
  /** The object key (or, for listings, the prefix) the rule applies to. */
  target: string | RegExp
  /** How many times per key the fault strikes; Infinity for always. */
  times: number
  /** For truncations: the body bytes let through (default: half of what the response holds). */
  passBytes?: number
}

export interface ProxiedRequest {
  operation: 'get' | 'list' | 'other'
  target: string
  range?: string
  ifMatch?: string
  fault?: Fault
}

export interface FaultProxy {
  endpoint: string
  /** Every request seen, in order. */
  requests: ProxiedRequest[]
  setRules(rules: FaultRule[]): void
  close(): Promise<void>
}

/** An HTTP proxy in front of the S3 server that injects faults by rule, a given number of times per key. */
export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const upstreamUrl = new URL(upstream)
  let rules: FaultRule[] = []
  const strikes = new Map<string, number>()
  const requests: ProxiedRequest[] = []

  const server: Server = createServer((incoming, response) => {
    const url = new URL(incoming.url ?? '/', 'http://proxy')
    const [, , ...keyParts] = url.pathname.split('/')
    const key = decodeURIComponent(keyParts.join('/'))
    const isList = incoming.method === 'GET' && key === '' && url.searchParams.get('list-type') === '2'
    const operation = isList ? 'list' : incoming.method === 'GET' && key !== '' ? 'get' : 'other'
    const target = isList ? (url.searchParams.get('prefix') ?? '') : key
    const rule = rules.find((candidate, index) => {
      if ((candidate.operation ?? 'get') !== operation) return false
      const matches = typeof candidate.target === 'string' ? candidate.target === target : candidate.target.test(target)
      return matches && (strikes.get(`${index}\n${target}`) ?? 0) < candidate.times
    })
    if (rule) {
      const strikeKey = `${rules.indexOf(rule)}\n${target}`
      strikes.set(strikeKey, (strikes.get(strikeKey) ?? 0) + 1)
    }
    requests.push({
      operation,
      target,
      ...(incoming.headers.range ? { range: incoming.headers.range } : {}),
      ...(incoming.headers['if-match'] ? { ifMatch: String(incoming.headers['if-match']) } : {}),
      ...(rule ? { fault: rule.fault } : {}),
    })
    switch (rule?.fault) {
      case 'internal-error':
        return sendError(
          incoming,
          response,
          500,
          'InternalError',
          'We encountered an internal error. Please try again.',
        )
      case 'slow-down':
        return sendError(incoming, response, 503, 'SlowDown', 'Please reduce your request rate.')
      case 'reset':
        incoming.resume()
        incoming.socket.resetAndDestroy()
        return
      default:
        forward(incoming, response, upstreamUrl, rule)
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    setRules(next) {
      rules = next
      strikes.clear()
      requests.length = 0
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function sendError(incoming: IncomingMessage, response: ServerResponse, status: number, code: string, message: string) {
  incoming.resume()
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>fault-proxy</RequestId></Error>`
  response.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) })
  response.end(body)
}

function forward(incoming: IncomingMessage, response: ServerResponse, upstream: URL, rule: FaultRule | undefined) {
  const outgoing = request(
    {
      host: upstream.hostname,
      port: upstream.port,
      method: incoming.method,
      path: incoming.url,
      // The Host header is kept: the request was signed for it.
      headers:
        rule?.fault === 'ignore-range'
          ? Object.fromEntries(Object.entries(incoming.headers).filter(([name]) => name !== 'range'))
          : incoming.headers,
    },
    (upstreamResponse) => {
      if (rule?.fault !== 'truncate' && rule?.fault !== 'truncate-clean') {
        response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers)
        upstreamResponse.pipe(response)
        return
      }
      const length = Number(upstreamResponse.headers['content-length'] ?? 0)
      const passBytes = rule.passBytes ?? Math.floor(length / 2)
      const headers = { ...upstreamResponse.headers }
      if (rule.fault === 'truncate-clean') delete headers['content-length']
      response.writeHead(upstreamResponse.statusCode ?? 502, headers)
      const cut = (part?: Buffer) => {
        upstreamResponse.destroy()
        if (rule.fault === 'truncate-clean') response.end(part)
        else {
          // Ending the socket, not destroying it, lets the bytes already written reach the client first.
          if (part) response.write(part)
          else response.flushHeaders()
          response.socket?.end()
        }
      }
      if (passBytes <= 0) return cut()
      let passed = 0
      upstreamResponse.on('data', (chunk: Buffer) => {
        const part = chunk.subarray(0, passBytes - passed)
        passed += part.byteLength
        if (passed >= passBytes) return cut(part)
        if (!response.write(part)) {
          upstreamResponse.pause()
          response.once('drain', () => upstreamResponse.resume())
        }
      })
      upstreamResponse.on('end', () => response.end())
    },
  )
  outgoing.on('error', () => response.destroy())
  incoming.pipe(outgoing)
}

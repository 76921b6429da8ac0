import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A CloudWatch Logs endpoint on 127.0.0.1 speaking the service's JSON 1.1 protocol as
 * `@aws-sdk/client-cloudwatch-logs` sends it: `POST /`, `X-Amz-Target: Logs_20140328.<Operation>`,
 * `Content-Type: application/x-amz-json-1.1`, a SigV4 `Authorization` header (present, not verified). Errors are
 * `{"__type": "<Name>", "message": ...}`: 400 for client errors and throttling, 500 for service faults.
 *
 * Semantics, from the SDK model's documentation:
 * - FilterLogEvents: startTime inclusive, endTime inclusive ("events with a timestamp later than this time are not
 *   returned"), events in (timestamp, arrival) order, interleaved across streams, `nextToken` while more remain,
 *   pages of at most `limit` (default and maximum 10,000) and at most `filterPageSize` events.
 * - GetLogEvents: startTime inclusive, endTime exclusive ("equal to or later than this time are not included"),
 *   `startFromHead` false by default (the latest events), `nextForwardToken` returned unchanged at the end.
 * - DescribeLogStreams: by name (or LastEventTime), `logStreamNamePrefix`, pages of at most 50 (`describePageSize`).
 */

export type Operation = 'DescribeLogStreams' | 'FilterLogEvents' | 'GetLogEvents'

export interface StoredLogEvent {
  logStreamName: string
  eventId: string
  timestamp: number
  ingestionTime: number
  message: string
  /** Arrival order in the whole server: breaks ties between equal timestamps. */
  seq: number
}

interface StoredStream {
  name: string
  creationTime: number
  /** Sorted by (timestamp, seq). */
  events: StoredLogEvent[]
  lastIngestionTime?: number
}

/**
 * `throttle`: 400 ThrottlingException. `unavailable`: 500 ServiceUnavailableException. `internal`: 500
 * InternalFailure. `reset`: the connection is destroyed before any response. `empty-page`: FilterLogEvents answers
 * no events and a token that resumes where the request was (as the service does while it searches).
 * `access-denied`: 400 AccessDeniedException (not retryable).
 */
export type FaultKind = 'throttle' | 'unavailable' | 'internal' | 'reset' | 'empty-page' | 'access-denied'

export interface Fault {
  kind: FaultKind
  operation?: Operation
  /** Only requests about this stream (in `logStreamNames` or `logStreamName`). */
  logStream?: string
  /** How many matching requests it hits; `Infinity` for a permanent failure. */
  times: number
  /** Matching requests let through before it hits. */
  after?: number
}

export interface RecordedCall {
  operation: string
  request: Record<string, unknown>
  status: number | 'reset'
  /** Events or streams answered. */
  items: number
}

export interface FakeCloudWatchLogsOptions {
  filterPageSize?: number
  describePageSize?: number
}

class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message)
  }
}

const invalid = (message: string) => new ServiceError('InvalidParameterException', message)

function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

function decodeToken<T>(token: unknown): T {
  if (typeof token !== 'string') throw invalid('nextToken is not a string')
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString()) as T
  } catch {
    throw invalid('The specified nextToken is invalid.')
  }
}

/** The first index whose (timestamp, seq) is after (t, s). */
function firstAfter(events: readonly StoredLogEvent[], t: number, s: number): number {
  let lo = 0
  let hi = events.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const e = events[mid] as StoredLogEvent
    if (e.timestamp < t || (e.timestamp === t && e.seq <= s)) lo = mid + 1
    else hi = mid
  }
  return lo
}

function compareEvents(a: StoredLogEvent, b: StoredLogEvent): number {
  return a.timestamp - b.timestamp || a.seq - b.seq
}

function optionalInteger(request: Record<string, unknown>, key: string): number | undefined {
  const value = request[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid(`${key} must be an integer`)
  return value
}

function limitOf(request: Record<string, unknown>, max: number): number {
  const limit = optionalInteger(request, 'limit') ?? max
  if (limit < 1 || limit > max) throw invalid(`1 validation error detected: Value '${limit}' at 'limit' failed`)
  return limit
}

export class FakeCloudWatchLogs {
  readonly calls: RecordedCall[] = []
  readonly faults: Fault[] = []
  /** The most requests answered at once. */
  maxInFlight = 0
  private inFlight = 0
  private readonly groups = new Map<string, Map<string, StoredStream>>()
  private readonly filterPageSize: number
  private readonly describePageSize: number
  private seq = 0
  private server: Server | undefined
  url = ''

  private constructor(options: FakeCloudWatchLogsOptions) {
    this.filterPageSize = options.filterPageSize ?? 10_000
    this.describePageSize = options.describePageSize ?? 50
  }

  static async start(options: FakeCloudWatchLogsOptions = {}): Promise<FakeCloudWatchLogs> {
    const fake = new FakeCloudWatchLogs(options)
    const server = createServer((req, res) => {
      fake.handle(req, res).catch((error) => {
        res.destroy(error as Error)
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    fake.server = server
    fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    return fake
  }

  async close(): Promise<void> {
    const server = this.server
    if (server === undefined) return
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  createLogGroup(name: string): void {
    if (!this.groups.has(name)) this.groups.set(name, new Map())
  }

  createLogStream(group: string, name: string, creationTime = Date.now()): void {
    this.createLogGroup(group)
    const streams = this.groups.get(group) as Map<string, StoredStream>
    if (!streams.has(name)) streams.set(name, { name, creationTime, events: [] })
  }

  /** Stores events (creating the group and stream if needed), each placed by its timestamp as a late one would be. */
  putLogEvents(
    group: string,
    stream: string,
    events: readonly { timestamp: number; message: string }[],
    ingestionTime = Date.now(),
  ): StoredLogEvent[] {
    this.createLogStream(group, stream)
    const target = this.groups.get(group)?.get(stream) as StoredStream
    const stored = events.map((event) => {
      const seq = this.seq++
      return {
        logStreamName: stream,
        // 56 digits, as the service's ids are.
        eventId: String(event.timestamp).padStart(20, '0') + String(seq).padStart(36, '0'),
        timestamp: event.timestamp,
        ingestionTime,
        message: event.message,
        seq,
      }
    })
    const last = target.events.at(-1)
    const inOrder = stored.every((e, i) => i === 0 || compareEvents(stored[i - 1] as StoredLogEvent, e) < 0)
    if (inOrder && (last === undefined || (stored[0] !== undefined && compareEvents(last, stored[0]) < 0))) {
      for (const event of stored) target.events.push(event)
    } else {
      for (const event of stored) {
        target.events.splice(firstAfter(target.events, event.timestamp, event.seq), 0, event)
      }
    }
    target.lastIngestionTime = ingestionTime
    return stored
  }

  injectFault(fault: Fault): void {
    this.faults.push(fault)
  }

  callsOf(operation: Operation): RecordedCall[] {
    return this.calls.filter((call) => call.operation === operation)
  }

  private takeFault(operation: string, request: Record<string, unknown>): Fault | undefined {
    const streams = [
      ...(Array.isArray(request.logStreamNames) ? request.logStreamNames : []),
      ...(typeof request.logStreamName === 'string' ? [request.logStreamName] : []),
    ]
    const fault = this.faults.find(
      (f) =>
        f.times > 0 &&
        (f.operation === undefined || f.operation === operation) &&
        (f.logStream === undefined || streams.includes(f.logStream)) &&
        (f.kind !== 'empty-page' || operation === 'FilterLogEvents'),
    )
    if (fault === undefined) return undefined
    if ((fault.after ?? 0) > 0) {
      fault.after = (fault.after ?? 0) - 1
      return undefined
    }
    fault.times--
    return fault
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight++
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight)
    try {
      await this.answer(req, res)
    } finally {
      this.inFlight--
    }
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const target = String(req.headers['x-amz-target'] ?? '')
    const operation = target.startsWith('Logs_20140328.') ? target.slice('Logs_20140328.'.length) : target
    let request: Record<string, unknown> = {}
    const respond = (status: number, body: unknown, items = 0) => {
      this.calls.push({ operation, request, status, items })
      const text = JSON.stringify(body)
      res.writeHead(status, {
        'content-type': 'application/x-amz-json-1.1',
        'content-length': Buffer.byteLength(text),
        'x-amzn-requestid': randomUUID(),
      })
      res.end(text)
    }
    try {
      if (req.method !== 'POST' || req.url !== '/') throw new ServiceError('UnknownOperationException', 'not POST /')
      if (req.headers['content-type'] !== 'application/x-amz-json-1.1') {
        throw new ServiceError('SerializationException', `unexpected content type ${req.headers['content-type']}`)
      }
      if (!String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 Credential=')) {
        throw new ServiceError('MissingAuthenticationTokenException', 'Missing Authentication Token')
      }
      request = JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, unknown>
      const fault = this.takeFault(operation, request)
      switch (fault?.kind) {
        case 'reset':
          this.calls.push({ operation, request, status: 'reset', items: 0 })
          req.socket.destroy()
          return
        case 'throttle':
          throw new ServiceError('ThrottlingException', 'Rate exceeded')
        case 'unavailable':
          throw new ServiceError('ServiceUnavailableException', 'The service cannot complete the request.', 500)
        case 'internal':
          throw new ServiceError('InternalFailure', 'The request processing has failed.', 500)
        case 'access-denied':
          throw new ServiceError('AccessDeniedException', 'User is not authorized to perform: logs:FilterLogEvents')
      }
      switch (operation) {
        case 'DescribeLogStreams': {
          const body = this.describeLogStreams(request)
          respond(200, body, body.logStreams.length)
          return
        }
        case 'FilterLogEvents': {
          const body = this.filterLogEvents(request, fault?.kind === 'empty-page')
          respond(200, body, body.events.length)
          return
        }
        case 'GetLogEvents': {
          const body = this.getLogEvents(request)
          respond(200, body, body.events.length)
          return
        }
        default:
          throw new ServiceError('UnknownOperationException', `unknown operation ${target}`)
      }
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error
      respond(error.status, { __type: error.type, message: error.message })
    }
  }

  private streamsOf(request: Record<string, unknown>): Map<string, StoredStream> {
    const name = request.logGroupName ?? request.logGroupIdentifier
    const streams = typeof name === 'string' ? this.groups.get(name) : undefined
    if (streams === undefined)
      throw new ServiceError('ResourceNotFoundException', 'The specified log group does not exist.')
    return streams
  }

  private streamOf(streams: Map<string, StoredStream>, name: unknown): StoredStream {
    const stream = typeof name === 'string' ? streams.get(name) : undefined
    if (stream === undefined)
      throw new ServiceError('ResourceNotFoundException', 'The specified log stream does not exist.')
    return stream
  }

  private describeLogStreams(request: Record<string, unknown>) {
    const streams = this.streamsOf(request)
    const prefix = request.logStreamNamePrefix
    const orderBy = request.orderBy ?? 'LogStreamName'
    if (orderBy === 'LastEventTime' && prefix !== undefined) {
      throw invalid('Cannot order by LastEventTime with a logStreamNamePrefix.')
    }
    const limit = limitOf(request, 50)
    let listed = [...streams.values()].filter((s) => typeof prefix !== 'string' || s.name.startsWith(prefix))
    listed.sort((a, b) =>
      orderBy === 'LastEventTime'
        ? (a.events.at(-1)?.timestamp ?? 0) - (b.events.at(-1)?.timestamp ?? 0)
        : a.name < b.name
          ? -1
          : a.name > b.name
            ? 1
            : 0,
    )
    if (request.descending === true) listed = listed.reverse()
    const offset = request.nextToken === undefined ? 0 : decodeToken<{ offset: number }>(request.nextToken).offset
    const end = offset + Math.min(limit, this.describePageSize)
    return {
      logStreams: listed.slice(offset, end).map((s) => ({
        logStreamName: s.name,
        creationTime: s.creationTime,
        firstEventTimestamp: s.events[0]?.timestamp,
        lastEventTimestamp: s.events.at(-1)?.timestamp,
        lastIngestionTime: s.lastIngestionTime,
        arn: `arn:aws:logs:us-east-1:111122223333:log-group:${String(request.logGroupName)}:log-stream:${s.name}`,
        storedBytes: 0,
      })),
      ...(end < listed.length ? { nextToken: encodeToken({ offset: end }) } : {}),
    }
  }

  private filterLogEvents(request: Record<string, unknown>, emptyPage: boolean) {
    const streams = this.streamsOf(request)
    const names = request.logStreamNames
    const prefix = request.logStreamNamePrefix
    if (names !== undefined && prefix !== undefined) {
      throw invalid('logStreamNames and logStreamNamePrefix cannot both be specified')
    }
    if (typeof request.filterPattern === 'string' && request.filterPattern.trim() !== '') {
      throw invalid('this fake does not evaluate filter patterns')
    }
    const limit = limitOf(request, 10_000)
    const startTime = optionalInteger(request, 'startTime')
    const endTime = optionalInteger(request, 'endTime')
    if (startTime !== undefined && endTime !== undefined && startTime > endTime) {
      throw invalid('endTime must be greater than or equal to startTime')
    }
    let selected: StoredStream[]
    if (Array.isArray(names)) {
      if (names.length < 1 || names.length > 100) throw invalid('logStreamNames must hold 1 to 100 names')
      selected = names.map((name) => this.streamOf(streams, name))
    } else {
      selected = [...streams.values()].filter((s) => typeof prefix !== 'string' || s.name.startsWith(prefix))
    }
    // The cursor is the (timestamp, seq) of the last event returned: events placed behind it later are not seen.
    const cursor =
      request.nextToken === undefined
        ? { t: startTime ?? Number.MIN_SAFE_INTEGER, s: -1 }
        : decodeToken<{ t: number; s: number }>(request.nextToken)
    if (emptyPage) {
      return {
        events: [],
        searchedLogStreams: selected.map((s) => ({ logStreamName: s.name, searchedCompletely: false })),
        nextToken: encodeToken(cursor),
      }
    }
    const size = Math.min(limit, this.filterPageSize)
    const candidates: StoredLogEvent[] = []
    for (const stream of selected) {
      const first = firstAfter(stream.events, cursor.t, cursor.s)
      for (let i = first; i < stream.events.length && i < first + size + 1; i++) {
        const event = stream.events[i] as StoredLogEvent
        if (endTime !== undefined && event.timestamp > endTime) break
        candidates.push(event)
      }
    }
    candidates.sort(compareEvents)
    const page = candidates.slice(0, size)
    const more = candidates.length > size
    const last = page.at(-1)
    return {
      events: page.map((e) => ({
        logStreamName: e.logStreamName,
        timestamp: e.timestamp,
        message: e.message,
        ingestionTime: e.ingestionTime,
        eventId: e.eventId,
      })),
      searchedLogStreams: selected.map((s) => ({ logStreamName: s.name, searchedCompletely: !more })),
      ...(more && last !== undefined ? { nextToken: encodeToken({ t: last.timestamp, s: last.seq }) } : {}),
    }
  }

  private getLogEvents(request: Record<string, unknown>) {
    const stream = this.streamOf(this.streamsOf(request), request.logStreamName)
    const limit = limitOf(request, 10_000)
    const startTime = optionalInteger(request, 'startTime')
    const endTime = optionalInteger(request, 'endTime')
    const events = stream.events
    const lo = startTime === undefined ? 0 : firstAfter(events, startTime, -1)
    const hi = endTime === undefined ? events.length : firstAfter(events, endTime, -1)
    let from: number
    let to: number
    const token = request.nextToken
    if (typeof token === 'string' && token.startsWith('f/')) {
      from = Math.min(Math.max(Number(token.slice(2)), lo), Math.max(lo, hi))
      to = Math.min(from + limit, hi)
    } else if (typeof token === 'string' && token.startsWith('b/')) {
      to = Math.max(Math.min(Number(token.slice(2)), hi), lo)
      from = Math.max(to - limit, lo)
    } else if (token !== undefined) {
      throw invalid('The specified nextToken is invalid.')
    } else if (request.startFromHead === true) {
      from = lo
      to = Math.min(lo + limit, hi)
    } else {
      to = Math.max(hi, lo)
      from = Math.max(to - limit, lo)
    }
    return {
      events: events.slice(from, Math.max(from, to)).map((e) => ({
        timestamp: e.timestamp,
        message: e.message,
        ingestionTime: e.ingestionTime,
      })),
      nextForwardToken: `f/${Math.max(from, to)}`,
      nextBackwardToken: `b/${from}`,
    }
  }
}

import {
  DEFAULT_POSITION_POLICY,
  type LogStreamPosition,
  mergePositions,
  type PositionPolicy,
  parseLogStreamPosition,
} from './log-stream-position.js'

/** What a log group's collection has taken so far: one position per stream. JSON-serialisable. */
export interface CloudWatchState {
  version: 1
  logGroup: string
  streams: Record<string, LogStreamPosition>
}

export function emptyCloudWatchState(logGroup: string): CloudWatchState {
  return { version: 1, logGroup, streams: {} }
}

/** A copy of `state` with the stream's position replaced: persist it once the batch's rows are durable. */
export function withStreamPosition(
  state: CloudWatchState,
  logStream: string,
  position: LogStreamPosition,
): CloudWatchState {
  return { ...state, streams: { ...state.streams, [logStream]: position } }
}

/** Both states' streams; a stream in both gets `mergePositions` of the two. */
export function mergeCloudWatchStates(
  a: CloudWatchState,
  b: CloudWatchState,
  policy: PositionPolicy = DEFAULT_POSITION_POLICY,
): CloudWatchState {
  if (a.logGroup !== b.logGroup) throw new Error(`cannot merge the states of '${a.logGroup}' and '${b.logGroup}'`)
  const streams = { ...a.streams }
  for (const [name, position] of Object.entries(b.streams)) {
    const other = streams[name]
    streams[name] = other === undefined ? position : mergePositions(other, position, policy)
  }
  return { version: 1, logGroup: a.logGroup, streams }
}

/** A state read back from JSON (text or parsed), checked; throws saying what is wrong. */
export function parseCloudWatchState(json: string | unknown): CloudWatchState {
  const value: unknown = typeof json === 'string' ? JSON.parse(json) : json
  if (typeof value !== 'object' || value === null) throw new Error('CloudWatch state is not an object')
  const { version, logGroup, streams } = value as Record<string, unknown>
  if (version !== 1) throw new Error(`CloudWatch state version ${String(version)} is not supported (expected 1)`)
  if (typeof logGroup !== 'string' || logGroup === '') throw new Error('CloudWatch state has no logGroup')
  if (typeof streams !== 'object' || streams === null || Array.isArray(streams)) {
    throw new Error('CloudWatch state streams is not an object')
  }
  const parsed: Record<string, LogStreamPosition> = {}
  for (const [name, position] of Object.entries(streams)) {
    parsed[name] = parseLogStreamPosition(position, `CloudWatch state stream '${name}'`)
  }
  return { version: 1, logGroup, streams: parsed }
}

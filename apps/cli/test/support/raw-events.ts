import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'

/**
 * Reads CloudTrail events out of files the plain way (whole file, zlib, JSON.parse), independently of Cairn's
 * streaming normalizer, so tests can compute what queries must return without Cairn or DuckDB.
 */
export function rawEventsOf(path: string): Record<string, any>[] {
  let bytes = readFileSync(path)
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes)
    } catch {
      return []
    }
  }
  const text = bytes.toString('utf8').trim()
  const values: unknown[] = []
  try {
    values.push(JSON.parse(text))
  } catch {
    for (const line of text.split('\n')) {
      try {
        if (line.trim()) values.push(JSON.parse(line))
      } catch {
        // a bad line is the normalizer's business; here it just holds no event
      }
    }
  }
  const events: Record<string, any>[] = []
  const take = (v: any) => {
    if (!v || typeof v !== 'object') return
    if (Array.isArray(v)) return v.forEach(take)
    if (Array.isArray(v.Records)) return v.Records.forEach(take)
    if (Array.isArray(v.Events)) return v.Events.forEach(take)
    if (typeof v.CloudTrailEvent === 'string') return take(JSON.parse(v.CloudTrailEvent))
    // Logstash-style exports carry the event time as @timestamp only; Cairn takes it as eventTime.
    const time = v.eventTime ?? v['@timestamp']
    if (typeof v.eventID === 'string' && typeof time === 'string' && !Number.isNaN(Date.parse(time))) {
      events.push(v.eventTime === undefined ? { ...v, eventTime: time } : v)
    }
  }
  values.forEach(take)
  return events
}

export function filesUnder(root: string): string[] {
  if (statSync(root).isFile()) return [root]
  return readdirSync(root, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .filter((e) => !e.name.startsWith('.'))
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(root, e.name)) : e.isFile() ? [join(root, e.name)] : []))
}

/**
 * Unique events as the lake keeps them: an event id is stored once per account (tp_index) and day, the first
 * delivery in file order winning, since CloudTrail's at-least-once delivery repeats whole events.
 */
export function uniqueEvents(paths: string[]): Record<string, any>[] {
  const seen = new Map<string, Record<string, any>>()
  for (const file of paths.flatMap(filesUnder)) {
    for (const e of rawEventsOf(file)) {
      const index = e.recipientAccountId ?? e.userIdentity?.accountId ?? 'default'
      const key = `${e.eventID}|${index}|${new Date(Date.parse(e.eventTime)).toISOString().slice(0, 10)}`
      if (!seen.has(key)) seen.set(key, e)
    }
  }
  return [...seen.values()]
}

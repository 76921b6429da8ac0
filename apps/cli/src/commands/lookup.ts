import type { LakeFilter, LakeSession } from '@cairn/query'
import { cloudTrailRecordOf, quoteStringLiteral } from '@cairn/schema'
import { lakeLocationOf, type S3LakeFlags } from '../lake-location.js'
import { openLakeAt } from '../lake-store.js'
import { formatResult, type LOOKUP_OUTPUTS } from '../output/format-result.js'
import { Progress } from '../progress.js'

/** The lookup attributes of CloudTrail's Event history (LookupAttributeKey), with how each is found in the table. */
const ATTRIBUTES = {
  EventId: (v: string) => `event_id = ${quoteStringLiteral(v)}`,
  EventName: (v: string) => `event_name = ${quoteStringLiteral(v)}`,
  EventSource: (v: string) => `event_source = ${quoteStringLiteral(v)}`,
  ReadOnly: (v: string) => {
    if (!/^(true|false)$/i.test(v)) throw new Error(`ReadOnly takes true or false, not ${v}`)
    return `read_only = ${v.toLowerCase()}`
  },
  AccessKeyId: (v: string) => `access_key_id = ${quoteStringLiteral(v)}`,
  // Event history's user name: the IAM user's name, or the last part of the ARN (an assumed role's session)
  Username: (v: string) =>
    `(user_name = ${quoteStringLiteral(v)} or ends_with(user_arn, ${quoteStringLiteral(`/${v}`)})${v === 'root' ? " or user_type = 'Root'" : ''})`,
  ResourceType: (v: string) => `contains(resources, ${quoteStringLiteral(`"resourceType":${JSON.stringify(v)}`)})`,
  ResourceName: (v: string) => `contains(resources, ${quoteStringLiteral(`"resourceName":${JSON.stringify(v)}`)})`,
} as const
type AttributeKey = keyof typeof ATTRIBUTES


export interface LookupCommandOptions extends S3LakeFlags {
  dataDir?: string
  attribute?: string[]
  startTime?: Date
  endTime?: Date
  partition?: string[]
  index?: string[]
  maxResults?: number
  output: (typeof LOOKUP_OUTPUTS)[number]
}

/** `Key=Value` pairs: the same key given twice means either value, different keys must all hold. */
export function lookupCondition(attributes: readonly string[]): string {
  const byKey = new Map<AttributeKey, string[]>()
  for (const attribute of attributes) {
    const at = attribute.indexOf('=')
    const name = at > 0 ? attribute.slice(0, at) : ''
    const key = (Object.keys(ATTRIBUTES) as AttributeKey[]).find((k) => k.toLowerCase() === name.toLowerCase())
    if (!key) throw new Error(`--attribute ${attribute}: expected Key=Value with Key one of ${Object.keys(ATTRIBUTES).join(', ')}`)
    byKey.set(key, [...(byKey.get(key) ?? []), ATTRIBUTES[key](attribute.slice(at + 1))])
  }
  const parts = [...byKey.values()].map((alternatives) => `(${alternatives.join(' or ')})`)
  return parts.length > 0 ? parts.join(' and ') : 'true'
}

interface LookupEvent {
  EventId: string
  EventName: string | null
  ReadOnly: string | null
  AccessKeyId?: string
  EventTime: string
  EventSource: string | null
  Username?: string
  Resources: { ResourceType?: string; ResourceName?: string }[]
  CloudTrailEvent: string
}

function usernameOf(row: Record<string, unknown>): string | undefined {
  if (typeof row.user_name === 'string') return row.user_name
  if (row.user_type === 'Root') return 'root'
  if (typeof row.user_arn === 'string') return row.user_arn.split('/').at(-1)
  return undefined
}

function lookupEventOf(row: Record<string, unknown>): LookupEvent {
  const resources = typeof row.resources === 'string' ? (JSON.parse(row.resources) as Record<string, string>[]) : []
  return {
    EventId: String(row.event_id),
    EventName: (row.event_name as string | null) ?? null,
    ReadOnly: row.read_only === null || row.read_only === undefined ? null : String(row.read_only),
    ...(row.access_key_id ? { AccessKeyId: String(row.access_key_id) } : {}),
    EventTime: String(row.event_time),
    EventSource: (row.event_source as string | null) ?? null,
    ...(usernameOf(row) ? { Username: usernameOf(row) } : {}),
    Resources: resources.map((r) => ({ ResourceType: r.resourceType ?? r.type, ResourceName: r.resourceName ?? r.ARN })),
    CloudTrailEvent: JSON.stringify(cloudTrailRecordOf(row)),
  }
}

/**
 * Event-history lookups over the lake, shaped like `aws cloudtrail lookup-events`, newest first, without its
 * limits: any number of attributes, any time range, every account and region the lake holds. The matching events
 * are found on a few columns first; only their days are then read whole to give each event's full record.
 */
export async function lookup(session: LakeSession, options: LookupCommandOptions, progress: Progress): Promise<LookupEvent[]> {
  const filter: LakeFilter = { from: options.startTime, to: options.endTime, partitions: options.partition, indexes: options.index }
  const where = lookupCondition(options.attribute ?? [])
  const limit = options.maxResults ?? 50
  progress.update('finding the events')
  const matches = await session.query(
    `select event_id, epoch_ms(event_time) as t from aws_cloudtrail_log where ${where} order by event_time desc, event_id limit ${limit}`,
    { filter },
  )
  if (matches.rows.length === 0) return []
  const times = matches.rows.map((r) => Number(r.t))
  const days: LakeFilter = { ...filter, from: new Date(Math.min(...times)), to: new Date(Math.max(...times) + 1) }
  const ids = matches.rows.map((r) => quoteStringLiteral(String(r.event_id))).join(', ')
  progress.update(`reading ${matches.rows.length} events`)
  const full = await session.query(
    `select * from aws_cloudtrail_log where event_id in (${ids}) order by event_time desc, event_id`,
    { filter: days },
  )
  progress.done()
  return full.rows.map(lookupEventOf)
}

export async function lookupCommand(options: LookupCommandOptions): Promise<void> {
  const session = await openLakeAt(lakeLocationOf(options.dataDir, options))
  const events = await lookup(session, options, new Progress())
  if (options.output === 'json') {
    process.stdout.write(`${JSON.stringify({ Events: events }, null, 4)}\n`)
    return
  }
  const rows = events.map((e) => ({
    EventTime: e.EventTime,
    EventName: e.EventName,
    Username: e.Username ?? '',
    EventSource: e.EventSource,
    ResourceType: e.Resources.map((r) => r.ResourceType).join(', '),
    ResourceName: e.Resources.map((r) => r.ResourceName).join(', '),
    AccessKeyId: e.AccessKeyId ?? '',
    ReadOnly: e.ReadOnly,
    EventId: e.EventId,
  }))
  const columns = Object.keys(rows[0] ?? { EventTime: '' }).map((name) => ({ name, type: 'VARCHAR' }))
  process.stdout.write(`${formatResult({ columns, rows } as never, 'table')}\n`)
}

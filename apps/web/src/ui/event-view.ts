import { cloudTrailRecordOf } from '@cairn/schema'
import type { Filter, FilterField } from '../filters/filters.js'
import { h } from './dom.js'

/** A pivot: the filter to every event of an identity, access key, source IP or resource. */
export interface Pivot {
  label: string
  filter: Filter & { value: string }
}

/** What an analyst can pivot on in an event: its identity, access key, source IP and resources. */
export function pivotsOf(row: Readonly<Record<string, unknown>>): Pivot[] {
  const pivots: Pivot[] = []
  const add = (label: string, field: FilterField, value: unknown) => {
    if (typeof value === 'string' && value !== '') pivots.push({ label, filter: { field, value } })
  }
  add('identity', 'user_arn', row.user_arn)
  add('access key', 'access_key_id', row.access_key_id)
  add('source IP', 'source_ip_address', row.source_ip_address)
  try {
    const resources = JSON.parse(String(row.resources ?? '[]')) as { ARN?: string }[]
    if (Array.isArray(resources)) for (const r of resources) add('resource', 'resource', r?.ARN)
  } catch {
    // resources that are not JSON have nothing to pivot on
  }
  return pivots
}

/** One event, as CloudTrail wrote it (rebuilt from its row), with pivots. */
export function eventView(row: Readonly<Record<string, unknown>>, pivot: (p: Pivot) => void): HTMLElement {
  const record = cloudTrailRecordOf(row)
  return h(
    'section',
    { class: 'event-view', 'aria-label': 'Event' },
    h('h2', { text: `${String(row.event_name ?? 'event')} · ${String(row.event_time ?? '')}` }),
    h(
      'div',
      { class: 'toolbar' },
      ...pivotsOf(row).map((p) =>
        h('button', { type: 'button', class: 'pivot', onclick: () => pivot(p), text: `All events of ${p.label} ${p.filter.value}` }),
      ),
    ),
    h('pre', { class: 'raw-event', tabindex: '0', 'aria-label': 'Raw event JSON', text: JSON.stringify(record, null, 2) }),
  )
}

import type { SigmaFieldMatch, SigmaRule } from '@cairn/detections'
import { itemMatches, ruleMatches } from './sigma-oracle.js'

type Event = Record<string, unknown>

/** A neutral event: it names no service or action any rule looks for. */
function baseEvent(): Event {
  return {
    eventVersion: '1.08',
    awsRegion: 'us-east-1',
    recipientAccountId: '111122223333',
    sourceIPAddress: '203.0.113.10',
    eventType: 'AwsApiCall',
    eventSource: 'cairn-test.amazonaws.com',
    eventName: 'CairnTestCall',
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/base', userName: 'base' },
  }
}

function setField(event: Event, field: string, value: string | undefined): void {
  const keys = field.split('.')
  let target = event
  for (const key of keys.slice(0, -1)) {
    const next = target[key]
    if (next === null || typeof next !== 'object' || Array.isArray(next)) target[key] = {}
    target = target[key] as Event
  }
  const last = keys.at(-1)!
  // A whole JSON object (e.g. `requestParameters|contains`) matched as text: the value goes inside it.
  const isObjectField =
    keys.length === 1 && ['requestParameters', 'responseElements', 'additionalEventData', 'userIdentity'].includes(last)
  if (value === undefined) delete target[last]
  else target[last] = isObjectField ? { cairnWitness: value } : value
}

/** Flips the case of every letter, so that matching that ignores case is put to the test. */
const swapCase = (s: string) => s.replace(/[a-z]/gi, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()))

function wildcardWitness(value: string): string {
  let out = ''
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!
    const next = value[i + 1]
    if (c === '\\' && (next === '*' || next === '?' || next === '\\')) {
      out += next
      i++
    } else if (c === '*') out += 'Ab'
    else if (c === '?') out += 'q'
    else out += c
  }
  return out
}

/** A string a simple regex matches: its wildcards and classes made concrete, checked before use. */
function regexWitness(pattern: string): string {
  const candidate = pattern
    .replace(/^\^|\$$/g, '')
    .replace(/\.\+/g, 'x')
    .replace(/\.\*/g, '')
    .replace(/\\d\+?/g, '7')
    .replace(/\\(.)/g, '$1')
  return candidate
}

function witness(item: SigmaFieldMatch, value: string): string {
  switch (item.match) {
    case 'contains':
      return `Pre-${wildcardWitness(value)}-Post`
    case 'startswith':
      return `${wildcardWitness(value)}-Post`
    case 'endswith':
      return `Pre-${wildcardWitness(value)}`
    case 're':
      return regexWitness(value)
    case 'cidr':
      return value.split('/')[0]!
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return String(Number(value) + (item.match.startsWith('g') ? 1 : -1))
    default:
      return wildcardWitness(value)
  }
}

/** Sets the event so that the item holds (for its `choice`-th value, or all of them with `|all`). */
function satisfy(event: Event, item: SigmaFieldMatch, choice: number): void {
  const values = item.all ? item.values : [item.values[choice % item.values.length]!]
  if (values.includes(null)) {
    setField(event, item.field, undefined)
  } else if (item.match === 'exists') {
    setField(event, item.field, values[0] === 'true' ? 'present' : undefined)
  } else if (item.match === 'fieldref') {
    setField(event, item.field, 'cairn-same-value')
    setField(event, values[0]!, 'cairn-same-value')
  } else {
    const text = values.map((v) => witness(item, v!)).join(' ')
    setField(event, item.field, item.cased || item.match === 're' ? text : swapCase(text))
  }
}

/** Sets the event so that the item fails: an unrelated value, or no value where any value would match. */
function violate(event: Event, item: SigmaFieldMatch): void {
  if (item.values.includes(null) || (item.match === 'exists' && item.values[0] === 'false')) {
    setField(event, item.field, 'cairn-present')
    return
  }
  setField(event, item.field, item.match === 'cidr' ? '198.51.100.77' : 'cairn-unrelated-value')
  if (item.match === 'fieldref') setField(event, item.values[0]!, 'cairn-other-value')
  if (itemMatches(event, item)) setField(event, item.field, undefined)
}

export interface SigmaTestEvent {
  event: Event
  /** Sigma's verdict on it (see `ruleMatches`). */
  match: boolean
}

/**
 * Events for a rule from its detection: for each assignment of true/false to its searches, an event that makes
 * the true ones hold (one of their alternatives) and the false ones fail (one item of each alternative), in a few
 * variants. Each is labelled with Sigma's verdict, so both matching and non-matching ones come out.
 */
export function sigmaTestEvents(rule: SigmaRule): SigmaTestEvent[] {
  const names = [...rule.searches.keys()]
  const seen = new Set<string>()
  const out: SigmaTestEvent[] = []
  for (let mask = 0; mask < 2 ** names.length; mask++) {
    for (let variant = 0; variant < 3; variant++) {
      const event = baseEvent()
      const truths = names.map((_, i) => (mask & (1 << i)) !== 0)
      names.forEach((name, i) => {
        if (truths[i]) return
        for (const group of rule.searches.get(name)!) violate(event, group[variant % group.length]!)
      })
      names.forEach((name, i) => {
        if (!truths[i]) return
        const groups = rule.searches.get(name)!
        for (const item of groups[variant % groups.length]!) satisfy(event, item, variant)
      })
      const key = JSON.stringify(event)
      if (seen.has(key)) continue
      seen.add(key)
      out.push({ event, match: ruleMatches(rule, event) })
    }
  }
  return out
}

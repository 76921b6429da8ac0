/**
 * The delivery plan: which account/region delivers a file in which 5-minute slot, and how many unique events
 * each file holds. Small typed arrays only (one entry per file), so the plan for 10M events stays small.
 * Files concentrate on busy accounts, the home region and working hours; the shape decides file sizes.
 */
import type { ResolvedOptions, TrailShape } from './options.js'
import type { Org } from './org.js'
import type { Rng } from './prng.js'
import { SLOT_MS } from './time-format.js'

export interface FileSchedule {
  count: number
  /** Slot index (ms / SLOT_MS) of each file; files are in slot order. */
  slot: Int32Array
  /** Stream (accountIndex * regionCount + regionIndex) of each file. */
  stream: Int32Array
  /** Unique events in each file. */
  events: Uint32Array
  /** Next file of the same stream, or -1. */
  next: Int32Array
  /** First file of each stream, or -1. */
  first: Int32Array
  streams: number
  regionCount: number
}

const REGION_WEIGHTS = [1, 0.45, 0.3, 0.15]

/** Mean events per file each shape aims at. */
export const SHAPE_MEAN: Record<TrailShape, number> = { 'small-files': 5, mixed: 40, busy: 1000 }

/** Whole seconds of [start, end] inside a slot: [lo, hi] in seconds, or null. */
export function slotSeconds(slot: number, startMs: number, endMs: number): [number, number] | null {
  const lo = Math.ceil(Math.max(slot * SLOT_MS, startMs) / 1000)
  const hi = Math.floor(Math.min((slot + 1) * SLOT_MS - 1, endMs) / 1000)
  return lo <= hi ? [lo, hi] : null
}

function timeWeight(slot: number, startMs: number, endMs: number): number {
  const seconds = slotSeconds(slot, startMs, endMs)
  if (!seconds) return 0
  const coverage = (seconds[1] - seconds[0] + 1) / (SLOT_MS / 1000)
  const d = new Date(slot * SLOT_MS)
  const hour = d.getUTCHours()
  const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6
  const working = hour >= 8 && hour < 22 ? 1 : 0.25
  return coverage * (0.35 + 0.65 * working * (weekend ? 0.3 : 1))
}

class GrowableInts {
  data: Int32Array
  length = 0
  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity))
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2)
      bigger.set(this.data)
      this.data = bigger
    }
    this.data[this.length++] = value
  }
}

export function buildSchedule(o: ResolvedOptions, org: Org, rng: Rng): FileSchedule {
  const regionCount = o.regions.length
  const streams = org.accounts.length * regionCount
  const streamWeight = new Float64Array(streams)
  for (const account of org.accounts) {
    for (let r = 0; r < regionCount; r++)
      streamWeight[account.index * regionCount + r] = account.activity * (REGION_WEIGHTS[r] ?? 0.1)
  }
  const firstSlot = Math.floor(o.startMs / SLOT_MS)
  const lastSlot = Math.floor(o.endMs / SLOT_MS)
  const slotCount = lastSlot - firstSlot + 1

  // Distinct slot weights (a handful), to solve for the inclusion scale quickly.
  const slotWeight = new Float64Array(slotCount)
  const classes = new Map<number, number>()
  let positiveSlots = 0
  for (let i = 0; i < slotCount; i++) {
    const w = timeWeight(firstSlot + i, o.startMs, o.endMs)
    slotWeight[i] = w
    if (w > 0) {
      positiveSlots++
      classes.set(w, (classes.get(w) ?? 0) + 1)
    }
  }
  const cells = positiveSlots * streams
  const target = o.events === 0 ? 0 : Math.min(cells, o.events, Math.max(1, Math.round(o.events / SHAPE_MEAN[o.shape])))
  const expected = (scale: number): number => {
    let sum = 0
    for (const [w, count] of classes) {
      let perSlot = 0
      for (let s = 0; s < streams; s++) perSlot += Math.min(1, scale * w * streamWeight[s]!)
      sum += perSlot * count
    }
    return sum
  }
  let scale = Number.POSITIVE_INFINITY
  if (target < cells) {
    let lo = 0
    let hi = 1
    while (expected(hi) < target) hi *= 2
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2
      if (expected(mid) < target) lo = mid
      else hi = mid
    }
    scale = hi
  }

  const slots = new GrowableInts(target * 1.2 + 16)
  const streamOf = new GrowableInts(target * 1.2 + 16)
  if (target > 0) {
    for (let i = 0; i < slotCount; i++) {
      const w = slotWeight[i]!
      if (w === 0) continue
      for (let s = 0; s < streams; s++) {
        const p = scale * w * streamWeight[s]!
        if (p >= 1 || rng.float() < p) {
          slots.push(firstSlot + i)
          streamOf.push(s)
        }
      }
    }
    if (slots.length === 0) {
      let i = slotCount - 1
      while (i > 0 && slotWeight[i] === 0) i--
      slots.push(firstSlot + i)
      streamOf.push(0)
    }
  }

  // Keep at most one file per unique event.
  let count = slots.length
  let keep: ((k: number) => number) | undefined
  if (count > o.events) {
    const total = count
    keep = (k) => Math.floor((k * total) / o.events)
    count = o.events
  }
  const slot = new Int32Array(count)
  const stream = new Int32Array(count)
  for (let k = 0; k < count; k++) {
    const from = keep ? keep(k) : k
    slot[k] = slots.data[from]!
    stream[k] = streamOf.data[from]!
  }

  // File sizes: a weight per file, then the events split in proportion, at least one each.
  let fileWeightedStream = 0
  let streamTotal = 0
  for (let s = 0; s < streams; s++) {
    fileWeightedStream += streamWeight[s]! * streamWeight[s]!
    streamTotal += streamWeight[s]!
  }
  const typicalStream = fileWeightedStream / streamTotal
  const weights = new Float64Array(count)
  let weightSum = 0
  for (let k = 0; k < count; k++) {
    let w: number
    if (o.shape === 'small-files') w = 1 + rng.exp(4)
    else if (o.shape === 'busy') w = Math.min(6000, Math.max(150, rng.logNormal(800, 0.7)))
    else {
      const pLarge = Math.min(0.6, (0.1 * streamWeight[stream[k]!]!) / typicalStream)
      w = rng.chance(pLarge) ? Math.min(5000, Math.max(60, rng.logNormal(250, 0.8))) : 1 + rng.exp(4)
    }
    weights[k] = w
    weightSum += w
  }
  const events = new Uint32Array(count)
  const extra = o.events - count
  let allocated = 0
  let cumulative = 0
  for (let k = 0; k < count; k++) {
    cumulative += weights[k]!
    const upTo = k === count - 1 ? extra : Math.round((extra * cumulative) / weightSum)
    events[k] = 1 + upTo - allocated
    allocated = upTo
  }

  const next = new Int32Array(count).fill(-1)
  const first = new Int32Array(streams).fill(-1)
  const last = new Int32Array(streams).fill(-1)
  for (let k = 0; k < count; k++) {
    const s = stream[k]!
    if (last[s]! >= 0) next[last[s]!] = k
    else first[s] = k
    last[s] = k
  }
  return { count, slot, stream, events, next, first, streams, regionCount }
}

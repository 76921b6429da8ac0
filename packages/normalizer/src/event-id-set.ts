import { hash128 } from './hash.js'

const MAX_LOAD = 0.7
const words = new Uint32Array(4)

/**
 * A set of CloudTrail event ids for deduplication (delivery is at least once), kept compact: each id is stored as
 * a 64-bit hash in an open-addressing table of typed arrays (linear probing, doubled when 70% full), so about 12 to
 * 23 bytes per id whatever the id's length, 10 million ids in under 256 MB.
 *
 * Two different ids share a 64-bit hash with probability about n² / 2^65 over n ids: 3·10^-6 for 10 million ids,
 * 3·10^-4 for 100 million. Such a collision makes the later event look like a duplicate of the earlier one.
 */
export class EventIdSet {
  /** Pairs (high, low) of 32-bit words; (0, 0) marks an empty slot. */
  private table: Uint32Array
  private mask: number
  private count = 0

  constructor(expectedSize = 1024) {
    let capacity = 16
    while (capacity * MAX_LOAD < expectedSize) capacity *= 2
    this.table = new Uint32Array(capacity * 2)
    this.mask = capacity - 1
  }

  get size(): number {
    return this.count
  }

  has(eventId: string): boolean {
    const [high, low] = key(eventId)
    return this.find(high, low) >= 0
  }

  add(eventId: string): this {
    this.addIfAbsent(eventId)
    return this
  }

  /** Adds the id; true when it was not there yet (the event is new), false for a duplicate. */
  addIfAbsent(eventId: string): boolean {
    const [high, low] = key(eventId)
    if (this.find(high, low) >= 0) return false
    if (this.count + 1 > (this.mask + 1) * MAX_LOAD) this.grow()
    this.insert(high, low)
    this.count++
    return true
  }

  clear(): void {
    this.table.fill(0)
    this.count = 0
  }

  /** The slot holding the hash, or -1. */
  private find(high: number, low: number): number {
    const table = this.table
    let slot = low & this.mask
    for (;;) {
      const h = table[slot * 2] as number
      const l = table[slot * 2 + 1] as number
      if (h === high && l === low) return slot
      if (h === 0 && l === 0) return -1
      slot = (slot + 1) & this.mask
    }
  }

  private insert(high: number, low: number): void {
    const table = this.table
    let slot = low & this.mask
    while (table[slot * 2] !== 0 || table[slot * 2 + 1] !== 0) slot = (slot + 1) & this.mask
    table[slot * 2] = high
    table[slot * 2 + 1] = low
  }

  private grow(): void {
    const old = this.table
    this.table = new Uint32Array(old.length * 2)
    this.mask = old.length - 1
    for (let i = 0; i < old.length; i += 2) {
      const high = old[i] as number
      const low = old[i + 1] as number
      if (high !== 0 || low !== 0) this.insert(high, low)
    }
  }
}

const pair: [number, number] = [0, 0]

function key(eventId: string): [number, number] {
  hash128(eventId, words)
  pair[0] = words[0] as number
  // (0, 0) means empty: move the one hash that would collide with it.
  pair[1] = pair[0] === 0 && words[1] === 0 ? 1 : (words[1] as number)
  return pair
}

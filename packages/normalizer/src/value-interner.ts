/** Entries kept per column; past that the column's table starts over (values repeat in runs, not forever). */
const MAX_ENTRIES = 2048
/** Lookups after which a column's hit rate is judged. */
const JUDGE_AFTER = 4096
/** A column whose values repeat less often than this stops being interned (ids, timestamps inside JSON ...). */
const MIN_HIT_RATE = 0.5

/**
 * Gives equal column values one string object. The text sliced out of a record is a view that keeps the whole
 * file's decoded text alive while its row waits to be written, and every slice is a new string that the Parquet
 * dictionary must hash and compare in full. An interned value is a small copy of its own, shared by every row
 * that has it, and hashed once. Columns whose values turn out mostly distinct are left alone.
 *
 * One per thread is enough (`sharedInterner`): it is bounded, and values live on from file to file.
 */
export class ValueInterner {
  private readonly tables: (Map<string, string> | null)[]
  private readonly lookups: Int32Array
  private readonly hits: Int32Array

  constructor(columns: number) {
    this.tables = Array.from({ length: columns }, () => new Map())
    this.lookups = new Int32Array(columns)
    this.hits = new Int32Array(columns)
  }

  intern(column: number, value: string): string {
    const table = this.tables[column]
    if (table === null || table === undefined) return value
    const found = table.get(value)
    const lookups = ++this.lookups[column]!
    if (found !== undefined) {
      this.hits[column]!++
      return found
    }
    if (lookups === JUDGE_AFTER) {
      if (this.hits[column]! < JUDGE_AFTER * MIN_HIT_RATE) {
        this.tables[column] = null
        return value
      }
      this.lookups[column] = 0
      this.hits[column] = 0
    }
    if (table.size >= MAX_ENTRIES) table.clear()
    const own = ownCopy(value)
    table.set(own, own)
    return own
  }
}

/**
 * A string that does not share another's memory: concatenation makes a rope, and slicing a rope flattens it into a
 * new string of just these characters (short strings are copied by V8 anyway). For keeping a value sliced out of a
 * record without keeping the record's whole decoded file alive with it.
 */
export function ownCopy(value: string): string {
  return value.length < 13 ? value : ` ${value}`.slice(1)
}

let shared: ValueInterner | undefined

/** This thread's interner for the record columns (`columns` = their count; the same everywhere in a build). */
export function sharedInterner(columns: number): ValueInterner {
  shared ??= new ValueInterner(columns)
  return shared
}

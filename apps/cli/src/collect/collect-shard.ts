import { createHash } from 'node:crypto'

/**
 * `cairn collect --shard <index>/<count>`: one of `count` collects that split an org trail between them, numbered
 * from 1. The unit of work is the member account: every object of an account belongs to one shard.
 *
 * Why not account and day: CloudTrail files an event under the day it delivers it, so a file of day D holds events
 * of the evening before, which belong in the lake folder of day D-1 (`tp_index=<account>/tp_date=<D-1>`). Split by
 * day, two shards would write that folder, and an event CloudTrail delivered twice around midnight (it does; so
 * does `cairn generate`) would be kept twice, as neither shard sees the other's rows. Split by account, every lake
 * folder has one writer, whose deduplication and small-file merging no other shard can race, on one disk or on n
 * machines writing one lake.
 */
export interface CollectShard {
  /** 1-based. */
  index: number
  count: number
}

export const MAX_SHARDS = 1024

/** Parses `<i>/<n>` (1 <= i <= n); the message says what is wrong, for a usage error. */
export function parseShard(text: string): CollectShard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text)
  if (!m) throw new Error(`'${text}' is not <i>/<n>: give the shard's number and the number of shards, e.g. 2/3`)
  const index = Number(m[1])
  const count = Number(m[2])
  if (count < 1 || count > MAX_SHARDS) throw new Error(`'${text}': the number of shards must be 1 to ${MAX_SHARDS}`)
  if (index < 1 || index > count) throw new Error(`'${text}': shards are numbered from 1 to ${count}`)
  return { index, count }
}

export function describeShard(shard: CollectShard): string {
  return `${shard.index}/${shard.count}`
}

/** `shard-2-of-3`: names the shard's state file, lock and run files. */
export function shardLabel(shard: CollectShard): string {
  return `shard-${shard.index}-of-${shard.count}`
}

/** `shardLabel`'s text as a regular expression's source, index and count captured: for names that carry it. */
export const SHARD_LABEL_SOURCE = 'shard-(\\d+)-of-(\\d+)'

/**
 * The shard (1-based) an account belongs to among `count`: SHA-256 of the account id, its first 32 bits mod count.
 * Fixed by the id alone (not by the order accounts are met, the engine or the machine), and independent of the FNV
 * hash that spreads a collect's folders over its worker threads, so a shard still uses every worker.
 */
export function shardOfAccount(account: string, count: number): number {
  if (count <= 1) return 1
  return (createHash('sha256').update(account).digest().readUInt32BE(0) % count) + 1
}

/**
 * Decides which objects a shard takes and counts what it leaves to the others. An object whose key or file name
 * names no account (a custom layout without `account_id`, an NDJSON export) belongs to shard 1, so that it is read
 * exactly once.
 */
export class ShardFilter {
  private skippedObjects = 0
  private readonly skippedFolders = new Set<string>()
  private readonly owners = new Map<string, number>()

  constructor(readonly shard: CollectShard) {}

  owns(account: string | undefined): boolean {
    if (account === undefined) return this.shard.index === 1
    let owner = this.owners.get(account)
    if (owner === undefined) {
      owner = shardOfAccount(account, this.shard.count)
      this.owners.set(account, owner)
    }
    return owner === this.shard.index
  }

  /** For an object or file: whether this shard takes it; counts it when not. */
  takes(account: string | undefined): boolean {
    if (this.owns(account)) return true
    this.skippedObjects++
    return false
  }

  /** For a listing: whether to list `folder`, given the fields its prefix fixes; counts it when not. */
  lists(fields: Readonly<Record<string, string>>, folder: string): boolean {
    const account = fields.account_id
    if (account === undefined || this.owns(account)) return true
    this.skippedFolders.add(folder)
    return false
  }

  summary(): ShardSummary {
    return { shard: describeShard(this.shard), skippedObjects: this.skippedObjects, skippedFolders: this.skippedFolders.size }
  }
}

/** What the collect summary says about a shard's run. */
export interface ShardSummary {
  /** `2/3` */
  shard: string
  /** Objects (files) listed that belong to other shards: not downloaded (read). */
  skippedObjects: number
  /** Folders of other shards' accounts that were not listed at all (their objects are not counted above). */
  skippedFolders: number
}

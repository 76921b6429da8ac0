/** The generator's public options and summary, and how unset options get their defaults. */

export type TrailShape = 'mixed' | 'small-files' | 'busy'

export interface GenerateOptions {
  /** Directory that receives `AWSLogs/...` (created if missing). */
  outDir: string
  /** Number of unique events to write (duplicate deliveries and Insights events come on top). */
  events: number
  /** Same seed and same options give byte-identical files. Default 1. */
  seed?: number
  /** Events fall in [end - days, end]. Default: now. */
  end?: Date
  /** Days of history. Default 30. */
  days?: number
  /** Number of member accounts. Default 6. */
  accounts?: number
  /** Regions with activity; the first is the home region, where global services (IAM, STS, sign-in) log. */
  regions?: string[]
  /** Organization id in the key prefix. Default 'o-a1b2c3d4e5'. */
  orgId?: string
  /** File size profile: 'mixed' (default), 'small-files' (~5 events a file) or 'busy' (hundreds to thousands). */
  shape?: TrailShape
  /** Fraction of events delivered a second time, in a later file (CloudTrail's at-least-once delivery). */
  duplicateRate?: number
  /** Bucket name written into digest files. Default 'cairn-org-trail-logs'. */
  bucket?: string
  /** Called as files are written, with the number of unique events written so far. */
  onProgress?: (eventsWritten: number) => void
}

export interface GenerateSummary {
  /** Files holding `Records` (log files and Insights files); digests are counted in `digestFiles`. */
  files: number
  /** Unique events written (equals `options.events`). */
  events: number
  /** Records written a second time (same eventID, another file). */
  duplicateDeliveries: number
  /** Insights events (Start and End records), not counted in `events`. */
  insightEvents: number
  /** Insights files, included in `files`. */
  insightFiles: number
  digestFiles: number
  /** Bytes written (compressed), all files. */
  bytes: number
  /** Account ids that have logs. */
  accounts: string[]
  /** Earliest and latest eventTime written. */
  from: Date
  to: Date
}

export interface ResolvedOptions {
  outDir: string
  events: number
  seed: number
  endMs: number
  startMs: number
  days: number
  accounts: number
  regions: string[]
  orgId: string
  shape: TrailShape
  duplicateRate: number
  bucket: string
  onProgress?: (eventsWritten: number) => void
}

export const DEFAULT_REGIONS: readonly string[] = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1']
export const DEFAULT_ORG_ID = 'o-a1b2c3d4e5'
export const DEFAULT_BUCKET = 'cairn-org-trail-logs'
const DAY_MS = 86_400_000

export function resolveOptions(options: GenerateOptions): ResolvedOptions {
  const events = options.events
  if (!Number.isSafeInteger(events) || events < 0)
    throw new Error(`events must be a non-negative integer, got ${events}`)
  const seed = options.seed ?? 1
  if (!Number.isFinite(seed)) throw new Error(`seed must be a number, got ${seed}`)
  const days = options.days ?? 30
  if (!(days > 0)) throw new Error(`days must be positive, got ${days}`)
  const accounts = options.accounts ?? 6
  if (!Number.isInteger(accounts) || accounts < 1 || accounts > 1000)
    throw new Error(`accounts must be 1..1000, got ${accounts}`)
  const regions = options.regions ?? [...DEFAULT_REGIONS]
  if (regions.length === 0) throw new Error('regions must not be empty')
  for (const region of regions) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw new Error(`not a region name: ${region}`)
  }
  const duplicateRate = options.duplicateRate ?? 0.005
  if (!(duplicateRate >= 0 && duplicateRate <= 0.5))
    throw new Error(`duplicateRate must be in [0, 0.5], got ${duplicateRate}`)
  const shape = options.shape ?? 'mixed'
  if (shape !== 'mixed' && shape !== 'small-files' && shape !== 'busy')
    throw new Error(`unknown shape ${String(shape)}`)
  const orgId = options.orgId ?? DEFAULT_ORG_ID
  if (!/^o-[a-z0-9]{10,32}$/.test(orgId)) throw new Error(`not an organization id: ${orgId}`)
  const endMs = (options.end ?? new Date()).getTime()
  if (!Number.isFinite(endMs)) throw new Error('end is not a valid date')
  return {
    outDir: options.outDir,
    events,
    seed,
    endMs,
    startMs: endMs - Math.round(days * DAY_MS),
    days,
    accounts,
    regions: [...new Set(regions)],
    orgId,
    shape,
    duplicateRate,
    bucket: options.bucket ?? DEFAULT_BUCKET,
    onProgress: options.onProgress,
  }
}

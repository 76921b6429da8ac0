import { readFile } from 'node:fs/promises'
import {
  createS3Client,
  isInvalid,
  listTrailPublicKeys,
  PublicKeyRing,
  parsePublicKeyList,
  parseTrailArn,
  S3TrailStore,
  type TrailPublicKey,
  type TrailStore,
  ValidationTally,
  type ValidationRecord,
  validateS3SourceConfig,
  validateTrail,
  validationLine,
} from '@cairn/s3-source'
import { formatCount, Progress } from '../progress.js'
import { DataDirTrailStore } from '../validate/data-dir-trail-store.js'

export interface ValidateCommandOptions {
  trailArn: string
  startTime: Date
  endTime?: Date
  bucket?: string
  prefix?: string
  endpoint?: string
  cloudtrailEndpoint?: string
  forcePathStyle?: boolean
  region?: string
  profile?: string
  accountId?: string
  dataDir?: string
  publicKeys?: string
  verbose?: boolean
  output: 'text' | 'json'
}

const display = (date: Date) => `${date.toISOString().slice(0, 19)}Z`

/** `cairn validate`: the AWS CLI's validate-logs, online (S3) or offline (a data dir); exit 1 when anything is invalid. */
export async function validateCommand(options: ValidateCommandOptions): Promise<number> {
  const arn = parseTrailArn(options.trailArn)
  const from = options.startTime
  const to = options.endTime ?? new Date()
  if (from > to) throw new Error('Invalid time range specified: --start-time must occur before --end-time')
  if ((options.bucket === undefined) === (options.dataDir === undefined)) {
    throw new Error('give either --bucket (validate S3) or --data-dir (validate what cairn collect kept)')
  }
  const keys = new PublicKeyRing(await publicKeys(options, arn.homeRegion, from, to))
  if (keys.size === 0) throw new Error(`No public keys found between ${display(from)} and ${display(to)}`)

  let store: TrailStore
  let close = () => {}
  if (options.bucket !== undefined) {
    const config = { bucket: options.bucket, prefix: options.prefix, region: options.region, profile: options.profile, endpoint: options.endpoint, forcePathStyle: options.forcePathStyle }
    validateS3SourceConfig(config)
    const client = createS3Client(config)
    close = () => client.destroy()
    store = new S3TrailStore(client, { bucket: options.bucket, prefix: options.prefix })
  } else {
    const offline = await DataDirTrailStore.open(options.dataDir!)
    for (const problem of offline.problems) process.stderr.write(`cairn: ${problem}\n`)
    store = offline
  }

  const report = options.output === 'json' ? new JsonReport() : new TextReport(options.verbose === true)
  const tally = new ValidationTally()
  const progress = new Progress()
  report.start(options.trailArn, from, to)
  try {
    for await (const record of validateTrail(store, { trailArn: options.trailArn, from, to, accountId: options.accountId, publicKeys: keys })) {
      tally.add(record)
      progress.done()
      report.record(record)
      progress.update(`validated ${formatCount(tally.digestsValid + tally.digestsInvalid)} digests, ${formatCount(tally.logsValid + tally.logsInvalid)} log files`)
    }
  } finally {
    progress.done()
    close()
  }
  report.finish(tally, from, to)
  return tally.invalid ? 1 : 0
}

async function publicKeys(options: ValidateCommandOptions, homeRegion: string, from: Date, to: Date): Promise<TrailPublicKey[]> {
  if (options.publicKeys) return parsePublicKeyList(await readFile(options.publicKeys, 'utf8'), options.publicKeys)
  return listTrailPublicKeys({
    region: options.region ?? homeRegion,
    endpoint: options.cloudtrailEndpoint ?? (options.dataDir !== undefined ? options.endpoint : undefined),
    profile: options.profile,
    from,
    to,
  })
}

interface Report {
  start(trailArn: string, from: Date, to: Date): void
  record(record: ValidationRecord): void
  finish(tally: ValidationTally, from: Date, to: Date): void
}

/** The AWS CLI's layout: problems on stderr, each set off by blank lines; valid files on stdout with --verbose. */
class TextReport implements Report {
  private lastWasBlank = true

  constructor(private readonly verbose: boolean) {}

  start(trailArn: string, from: Date, to: Date): void {
    process.stdout.write(`Validating log files for trail ${trailArn} between ${display(from)} and ${display(to)}\n\n`)
  }

  record(record: ValidationRecord): void {
    const line = validationLine(record)
    if (isInvalid(record) || record.type === 'gap') {
      process.stderr.write(this.lastWasBlank ? `${line}\n\n` : `\n${line}\n\n`)
      this.lastWasBlank = true
    } else if (this.verbose) {
      process.stdout.write(`${line}\n`)
      this.lastWasBlank = false
    }
  }

  finish(tally: ValidationTally, from: Date, to: Date): void {
    const out: string[] = []
    if (!this.lastWasBlank) out.push('\n')
    out.push(`Results requested for ${display(from)} to ${display(to)}\n`)
    if (tally.digestsValid + tally.digestsInvalid === 0) {
      out.push('No digests found\n')
    } else {
      if (tally.foundStart && tally.foundEnd) {
        const start = new Date(Math.max(Date.parse(tally.foundStart), from.getTime()))
        const end = new Date(Math.min(Date.parse(tally.foundEnd), to.getTime()))
        out.push(`Results found for ${display(start)} to ${display(end)}:\n`)
      } else out.push('No valid digests found in range\n')
      out.push(ratio(tally.digestsValid, tally.digestsInvalid, 'digest'))
      out.push(ratio(tally.logsValid, tally.logsInvalid, 'log'))
      out.push('\n')
    }
    process.stdout.write(out.join(''))
  }
}

function ratio(valid: number, invalid: number, name: string): string {
  const total = valid + invalid
  if (total === 0) return ''
  return `\n${valid}/${total} ${name} files valid${invalid > 0 ? `, ${invalid}/${total} ${name} files INVALID` : ''}`
}

/** One JSON document: every record as found, then the totals. */
class JsonReport implements Report {
  private readonly records: ValidationRecord[] = []
  private trailArn = ''

  start(trailArn: string): void {
    this.trailArn = trailArn
  }

  record(record: ValidationRecord): void {
    this.records.push(record)
  }

  finish(tally: ValidationTally, from: Date, to: Date): void {
    const totals = {
      digestFiles: { valid: tally.digestsValid, invalid: tally.digestsInvalid },
      logFiles: { valid: tally.logsValid, invalid: tally.logsInvalid },
      gaps: tally.gaps,
    }
    const document = {
      trailArn: this.trailArn,
      from: from.toISOString(),
      to: to.toISOString(),
      valid: !tally.invalid,
      ...(tally.foundStart && tally.foundEnd ? { found: { from: tally.foundStart, to: tally.foundEnd } } : {}),
      totals,
      records: this.records,
    }
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`)
  }
}

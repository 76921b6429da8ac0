// Events per second through readCloudTrail, on the invictus S3 delivery records (1.3 KB each) repeated to ~73 MB,
// plain and gzip'd, read in 1 MB chunks, one thread. Run after `pnpm build`: `pnpm bench`.
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { EventIdSet, normalizeMessage, readCloudTrail } from '../dist/index.js'

const dir = fileURLToPath(new URL('../../../../shared/fixtures/cloudtrail/invictus-aws-dataset/CloudTrail/', import.meta.url))
const records = readdirSync(dir).flatMap((name) => JSON.parse(readFileSync(dir + name, 'utf8')).Records.map((r) => JSON.stringify(r)))
const copies = 20
const body = Buffer.from(
  `{"Records":[${Array.from({ length: copies }, (_, k) => records.map((r) => r.replace('"eventID":"', `"eventID":"${k}-`)).join(',')).join(',')}]}`,
)
const gz = gzipSync(body)
const events = records.length * copies
const context = { partition: 'bench', sourceType: 'file', ingestTime: 0 }

function* chunks(bytes) {
  for (let i = 0; i < bytes.length; i += 1 << 20) yield bytes.subarray(i, i + (1 << 20))
}

async function measure(name, input, options = () => ({})) {
  let best = Number.POSITIVE_INFINITY
  for (let round = 0; round < 5; round++) {
    const started = performance.now()
    let rows = 0
    for await (const item of readCloudTrail({ location: name, chunks: chunks(input) }, context, options())) {
      if (item.kind === 'row') rows++
    }
    if (rows !== events) throw new Error(`${name}: ${rows} rows, expected ${events}`)
    best = Math.min(best, performance.now() - started)
  }
  console.log(`${name.padEnd(28)} ${Math.round((events / best) * 1000).toLocaleString('en')} events/s`)
}

console.log(`${events.toLocaleString('en')} events, ${(body.length / 1e6).toFixed(1)} MB (${(gz.length / 1e6).toFixed(1)} MB gzip'd)`)
await measure('Records, plain', body)
await measure('Records, plain, dedup', body, () => ({ deduplicator: new EventIdSet() }))
await measure('Records, gzip', gz)
{
  let best = Number.POSITIVE_INFINITY
  for (let round = 0; round < 5; round++) {
    const started = performance.now()
    for (const message of records) normalizeMessage(message, context)
    best = Math.min(best, performance.now() - started)
  }
  console.log(`${'normalizeMessage'.padEnd(28)} ${Math.round((records.length / best) * 1000).toLocaleString('en')} events/s`)
}

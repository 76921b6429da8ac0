#!/usr/bin/env node
// Parquet encoding of ~100k realistic rows: the former hyparquet-writer path against Cairn's own encoder, with
// each codec, side by side in one process (rounds interleaved, best and median kept). Run after
// `pnpm --filter @cairn/query build`:  node packages/query/bench/parquet-encode.mjs
// Rows: the files of .bench/data-100000 (made by `pnpm bench`; CAIRN_BENCH_DATA picks another lake) decoded with
// decodeParquetRows, encoded (a) as one file and (b) as the lake has them, one file per account and day.
// CAIRN_BENCH_ROUNDS sets the rounds (3).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parquetSchema, storedColumns } from '@cairn/schema'
import { ByteWriter, ParquetWriter } from 'hyparquet-writer'
import { decodeParquet, decodeParquetRows, encodeParquet } from '../dist/index.js'
import { compression, nativeZlib } from '../dist/parquet/compression.js'

const here = dirname(fileURLToPath(import.meta.url))
const repo = join(here, '..', '..', '..')
const lake = process.env.CAIRN_BENCH_DATA ?? join(repo, '.bench', 'data-100000')
const logs = lake.replace(/data-(\d+)$/, 'logs-$1')
const rounds = Number(process.env.CAIRN_BENCH_ROUNDS ?? 3)

if (!existsSync(join(lake, 'aws_cloudtrail_log'))) {
  console.error(`no lake at ${lake}: run \`pnpm bench\` (CAIRN_BENCH_SIZES=100000) first, or set CAIRN_BENCH_DATA`)
  process.exit(1)
}

const files = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]))
const toBuffer = (b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)

// The rows, one batch per lake file (partition keys back from the hive path).
const batches = []
for (const path of files(join(lake, 'aws_cloudtrail_log')).filter((p) => p.endsWith('.parquet')).sort()) {
  const rows = await decodeParquetRows(toBuffer(readFileSync(path)))
  const [, partition, index, date] = path.match(/tp_partition=([^/]+)\/tp_index=([^/]+)\/tp_date=([^/]+)/) ?? []
  for (const row of rows) Object.assign(row, { tp_partition: partition, tp_index: index, tp_date: date })
  batches.push(rows)
}
const all = batches.flat()
const gzInput = existsSync(logs)
  ? files(logs).filter((p) => p.endsWith('.gz')).reduce((sum, p) => sum + statSync(p).size, 0)
  : undefined

/** The encoder before this one (hyparquet-writer 0.17, SNAPPY), as parquet-codec.ts had it. */
const UNIQUE_COLUMNS = new Set(['event_id', 'tp_id', 'request_id'])
function encodeWithHyparquetWriter(rows) {
  const sorted = [...rows].sort((a, b) => a.event_time - b.event_time)
  const columnData = storedColumns.map((column) => {
    const name = column.name
    const data =
      column.type === 'timestamp'
        ? sorted.map((r) => (r[name] == null ? null : BigInt(r[name])))
        : sorted.map((r) => r[name] ?? null)
    const unique = UNIQUE_COLUMNS.has(column.name)
    const bulky = column.type === 'json' || column.type === 'varchar[]'
    return { name: column.name, data, statistics: !(bulky || unique), ...(unique ? { encoding: 'PLAIN' } : {}) }
  })
  const schema = parquetSchema()
  for (const element of schema) if (element.converted_type === 'JSON') element.converted_type = 'UTF8'
  const writer = new ByteWriter()
  const parquet = new ParquetWriter({ writer, schema, createdBy: 'cairn', kvMetadata: [{ key: 'cairn.table', value: 'aws_cloudtrail_log' }] })
  parquet.write({ columnData, rowGroupSize: 100_000 })
  for (const element of schema) if (element.converted_type === 'UTF8' && !element.logical_type) element.converted_type = 'JSON'
  parquet.finish()
  return new Uint8Array(writer.getBuffer())
}

/** fflate's gzip: what a runtime without Node's zlib (a browser) gets. */
async function fflateGzip(level) {
  const { gzipSync } = await import('fflate')
  return { codec: 'GZIP', compress: (page) => gzipSync(page, { level, mtime: 0 }) }
}

const zlib = nativeZlib()
const variants = [
  { name: 'hyparquet-writer SNAPPY (old)', encode: encodeWithHyparquetWriter },
  { name: 'cairn UNCOMPRESSED', compression: compression('UNCOMPRESSED') },
  { name: 'cairn SNAPPY (JS)', compression: compression('SNAPPY') },
  { name: 'cairn GZIP 1 (zlib)', compression: compression('GZIP', 1) },
  { name: 'cairn GZIP 6 (zlib)', compression: compression('GZIP', 6) },
  { name: 'cairn GZIP 1 (fflate)', compression: await fflateGzip(1) },
  { name: 'cairn BROTLI 1 (zlib)', compression: compression('BROTLI', 1) },
  { name: 'cairn BROTLI 4 (zlib)', compression: compression('BROTLI', 4) },
]
if (zlib?.zstdCompressSync) {
  variants.push({ name: 'cairn ZSTD 1 (zlib)', compression: compression('ZSTD', 1) })
  variants.push({ name: 'cairn ZSTD 3 (zlib)', compression: compression('ZSTD', 3) })
}
for (const v of variants) v.encode ??= (rows) => encodeParquet(rows, { compression: v.compression })

const scenarios = [
  { name: `one file of ${all.length.toLocaleString('en')} rows`, inputs: [all] },
  { name: `${batches.length} files as the lake has them (one per account and day)`, inputs: batches },
]

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const fmt = (n) => Math.round(n).toLocaleString('en')

console.log(`node ${process.version}, ${all.length.toLocaleString('en')} rows from ${lake}` +
  (gzInput ? `, input .json.gz ${(gzInput / 1e6).toFixed(1)} MB` : ''))
for (const scenario of scenarios) {
  const rows = scenario.inputs.reduce((n, b) => n + b.length, 0)
  const results = variants.map(() => ({ times: [], bytes: 0, decode: Number.POSITIVE_INFINITY }))
  for (let round = 0; round < rounds; round++) {
    // interleaved, starting at a different variant each round, so drifting machine load hits them all alike
    for (let k = 0; k < variants.length; k++) {
      const i = (k + round) % variants.length
      const started = performance.now()
      let bytes = 0
      const outputs = []
      for (const input of scenario.inputs) {
        const out = variants[i].encode(input)
        bytes += out.length
        if (round === 0) outputs.push(out)
      }
      results[i].times.push(performance.now() - started)
      results[i].bytes = bytes
      if (round === 0) {
        // decoding all stored columns, as loading the lake does (once: it is not what is compared here)
        const names = storedColumns.map((c) => c.name)
        const t = performance.now()
        for (const out of outputs) await decodeParquet(toBuffer(out), names)
        results[i].decode = performance.now() - t
      }
    }
  }
  const old = results[0]
  console.log(`\n## ${scenario.name}, ${rounds} rounds\n`)
  console.log('| encoder | best ms | median ms | rows/s (best) | x old | bytes | x old bytes |' + (gzInput ? ' / gz input |' : '') + ' decode all ms |')
  console.log('|---|---:|---:|---:|---:|---:|---:|' + (gzInput ? '---:|' : '') + '---:|')
  variants.forEach((v, i) => {
    const r = results[i]
    const best = Math.min(...r.times)
    console.log(
      `| ${v.name} | ${fmt(best)} | ${fmt(median(r.times))} | ${fmt((rows / best) * 1000)} | ${(Math.min(...old.times) / best).toFixed(2)} | ` +
        `${fmt(r.bytes)} | ${(r.bytes / old.bytes).toFixed(2)} |` +
        (gzInput ? ` ${((r.bytes / gzInput) * 100).toFixed(0)} % |` : '') +
        ` ${fmt(r.decode)} |`,
    )
  })
}

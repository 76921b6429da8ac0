#!/usr/bin/env node
// The scale benchmark of issue 6, every figure side by side in one run on this machine:
//   collect   `cairn collect` of generated trails (many small files; busy accounts) beside, on the same files,
//             the single-thread decode floor (decode-floor.mjs), native DuckDB's JSON-to-Parquet (native-duckdb.mjs)
//             and jq (jq.mjs);
//   query     the seed queries and the detection library on Cairn's duckdb-wasm engine beside native DuckDB on the
//             same Parquet, and a one-day --from/--to query's files read against the lake's.
// Each measured run is its own child process (wall time and peak RSS its own). Writes its section of BENCHMARKS.md
// between the scale-bench markers, leaving the rest of the file as it is.
//   CAIRN_SCALE_SIZES=100000,1000000,10000000   events per trail (default: all three)
//   CAIRN_SCALE_SHAPES=small-files,busy         `cairn generate --shape`s (default: both)
//   CAIRN_SCALE_BUSY_SIZES=100000,1000000       sizes of the busy shape's trails (default: CAIRN_SCALE_SIZES)
//   CAIRN_SCALE_QUERY_SIZES=1000000,10000000    sizes whose lake is queried (default: 1M and 10M, when run)
//   CAIRN_SCALE_QUERY_SHAPE=small-files         whose lake is queried
// Trails are generated once and kept under .bench/scale/ (CAIRN_BENCH_DIR); lakes are collected anew each run.
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { JQ, runJq } from './jq.mjs'
import { lastJson, runMeasured } from './measure.mjs'
import { totalBytes, trailFiles } from './trail-files.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const repo = join(here, '..', '..', '..')
const cli = join(here, '..', 'dist', 'main.js')
const seedDir = join(repo, '..', 'shared', 'seed-queries')
const work = join(process.env.CAIRN_BENCH_DIR ?? join(repo, '.bench'), 'scale')
/** The worker heap limit of the side-by-side bounded collect (CAIRN_COLLECT_WORKER_HEAP_MB). */
const BOUNDED_HEAP_MB = 384
const list = (value, fallback) => (value ?? fallback).split(',').map((s) => s.trim()).filter(Boolean)
const sizes = list(process.env.CAIRN_SCALE_SIZES, '100000,1000000,10000000').map(Number)
const shapes = list(process.env.CAIRN_SCALE_SHAPES, 'small-files,busy')
const sizesOf = (shape) => (shape === 'busy' ? list(process.env.CAIRN_SCALE_BUSY_SIZES, sizes.join(',')).map(Number) : sizes)
const querySizes = list(process.env.CAIRN_SCALE_QUERY_SIZES, '1000000,10000000').map(Number).filter((n) => sizes.includes(n))
const queryShape = process.env.CAIRN_SCALE_QUERY_SHAPE ?? shapes[0]
for (const n of sizes) if (!Number.isInteger(n) || n <= 0) throw new Error(`CAIRN_SCALE_SIZES: ${n} is not a number of events`)
for (const s of shapes) if (!['small-files', 'busy', 'mixed'].includes(s)) throw new Error(`CAIRN_SCALE_SHAPES: unknown shape ${s}`)
if (querySizes.length && !shapes.includes(queryShape)) throw new Error(`CAIRN_SCALE_QUERY_SHAPE: ${queryShape} is not among CAIRN_SCALE_SHAPES`)

const GiB = 2 ** 30
const MB = 2 ** 20
const node = process.execPath
const log = (message) => process.stderr.write(`scale bench: ${message}\n`)
const seeds = readdirSync(seedDir).filter((f) => f.endsWith('.sql')).sort()

/** The cached trail of `events` events in `shape`, generated on first use (into a temporary name, renamed when done). */
function trail(shape, events) {
  const dir = join(work, `logs-${shape}-${events}`)
  if (existsSync(dir)) return dir
  mkdirSync(work, { recursive: true })
  const partial = `${dir}.partial`
  rmSync(partial, { recursive: true, force: true })
  log(`generating ${events} events, ${shape} (kept in ${dir})`)
  const run = runMeasured(node, [cli, 'generate', '--out', partial, '--events', String(events), '--seed', '1', '--shape', shape])
  if (run.failed) throw new Error(`cairn generate failed: ${run.failed}`)
  renameSync(partial, dir)
  return dir
}

function parquetBytes(dir) {
  let bytes = 0
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.parquet') && !entry.name.startsWith('.')) bytes += statSync(join(entry.parentPath, entry.name)).size
  }
  return bytes
}

function benchCollect(shape, events) {
  const logs = trail(shape, events)
  const files = trailFiles(logs)
  const inputBytes = totalBytes(files)
  // every tool reads the files from the page cache: read them once before the first measured run
  for (const file of files) readFileSync(file)
  const data = join(work, `data-${shape}-${events}`)
  rmSync(data, { recursive: true, force: true })

  log(`${shape} ${events}: decode floor`)
  const floorRun = runMeasured(node, [join(here, 'decode-floor.mjs'), logs])
  const floor = floorRun.failed ? { failed: floorRun.failed } : { ...lastJson(floorRun.stdout), seconds: floorRun.seconds, peakRssBytes: floorRun.peakRssBytes }

  log(`${shape} ${events}: cairn collect`)
  const collectRun = runMeasured(node, [cli, 'collect', '--source', 'file', '--path', logs, '--data-dir', data, '--output', 'json'], { okStatus: [0, 2] })
  const cairn = collectRun.failed
    ? { failed: collectRun.failed }
    : (() => {
        const summary = lastJsonObject(collectRun.stdout)
        return { summary, seconds: collectRun.seconds, peakRssBytes: collectRun.peakRssBytes ?? summary.peakRssBytes, parquetBytes: parquetBytes(data) }
      })()

  // The same collect with each worker's heap bounded, beside it: what bounding memory costs in time.
  log(`${shape} ${events}: cairn collect, worker heap ${BOUNDED_HEAP_MB} MB`)
  const boundedData = `${data}-bounded`
  rmSync(boundedData, { recursive: true, force: true })
  const boundedRun = runMeasured(node, [cli, 'collect', '--source', 'file', '--path', logs, '--data-dir', boundedData, '--output', 'json'], {
    okStatus: [0, 2],
    env: { ...process.env, CAIRN_COLLECT_WORKER_HEAP_MB: String(BOUNDED_HEAP_MB) },
  })
  rmSync(boundedData, { recursive: true, force: true })
  const bounded = boundedRun.failed ? { failed: boundedRun.failed } : { seconds: boundedRun.seconds, peakRssBytes: boundedRun.peakRssBytes }

  log(`${shape} ${events}: native DuckDB read_json_objects -> Parquet`)
  const out = join(work, `duckdb-${shape}-${events}.parquet`)
  rmSync(out, { force: true })
  const duckRun = runMeasured(node, [join(here, 'native-duckdb.mjs'), 'convert', logs, out], { cwd: here })
  rmSync(out, { force: true })
  const duckdb = duckRun.failed ? { failed: duckRun.failed } : { ...lastJson(duckRun.stdout), wall: duckRun.seconds, peakRssBytes: duckRun.peakRssBytes }

  log(`${shape} ${events}: jq`)
  const jq = runJq(logs)
  return { shape, events, files: files.length, inputBytes, floor, cairn, bounded, duckdb, jq, data }
}

/** `cairn collect --output json` pretty-prints one object: the whole of stdout. */
function lastJsonObject(stdout) {
  return JSON.parse(stdout.slice(stdout.indexOf('{')))
}

const VERBOSE_LINE = /read ([\d,]+) of ([\d,]+) lake files, ([\d,]+) of ([\d,]+) bytes, ([\d,]+) rows/
function verboseLoad(stderr) {
  const m = stderr.match(VERBOSE_LINE)
  if (!m) return undefined
  const [files, totalFiles, bytes, total, rows] = m.slice(1).map((v) => Number(v.replaceAll(',', '')))
  return { files, totalFiles, bytes, totalBytes: total, rows }
}

/** `cairn query` with stdout sent to a file (a 10M-event result is too big to hold here) and --verbose's load line. */
function cairnQuery(args, env) {
  const outFile = join(tmpdir(), `cairn-scale-${process.pid}.out`)
  const fd = openSync(outFile, 'w')
  const run = runMeasured(node, [cli, 'query', '--verbose', ...args], { stdout: fd, env })
  closeSync(fd)
  const output = run.failed ? '' : readFileSync(outFile, 'utf8')
  rmSync(outFile, { force: true })
  return { ...run, output, load: verboseLoad(run.stderr) }
}

function benchQueries(events, data) {
  const sqlFiles = seeds.map((s) => join(seedDir, s))
  log(`queries on ${events}: native DuckDB`)
  const nativeRun = runMeasured(node, [join(here, 'native-duckdb.mjs'), 'queries', data, ...sqlFiles], { cwd: here })
  const native = nativeRun.failed ? { failed: nativeRun.failed } : lastJson(nativeRun.stdout)
  const queries = seeds.map((seed, i) => {
    log(`queries on ${events}: ${seed}`)
    const cold = cairnQuery(['--no-server', '--data-dir', data, '--output', 'csv', sqlFiles[i]])
    const warmRun = runMeasured(node, [join(here, 'wasm-query.mjs'), data, sqlFiles[i]], { cwd: here })
    const warm = warmRun.failed ? { failed: warmRun.failed } : { ...lastJson(warmRun.stdout), peakRssBytes: warmRun.peakRssBytes }
    return { seed, cold: cold.failed ? { failed: cold.failed } : { seconds: cold.seconds, peakRssBytes: cold.peakRssBytes, load: cold.load }, warm, native: native.queries?.[i] ?? native }
  })
  // each a `cairn query` process through the lake's query server: a new server (each query reads the columns it
  // adds), then every query again with the server warm
  const serverEnv = { ...process.env, CAIRN_QUERY_SERVER: 'on' }
  const stopServer = () => runMeasured(node, [cli, 'query-server', '--stop', '--data-dir', data], { env: serverEnv })
  stopServer()
  for (const pass of ['serverFirst', 'serverWarm']) {
    for (const [i, q] of queries.entries()) {
      log(`queries on ${events} through the query server (${pass}): ${q.seed}`)
      const run = cairnQuery(['--data-dir', data, '--output', 'csv', sqlFiles[i]], serverEnv)
      q[pass] = run.failed ? { failed: run.failed } : { seconds: run.seconds }
    }
  }
  stopServer()

  log(`detections on ${events}: cairn detect`)
  const findingsFile = join(tmpdir(), `cairn-scale-${process.pid}.findings.json`)
  const fd = openSync(findingsFile, 'w')
  const detectRun = runMeasured(node, [cli, 'detect', '--data-dir', data, '--output', 'json'], { stdout: fd, okStatus: [0, 2] })
  closeSync(fd)
  const detect = detectRun.failed
    ? { failed: detectRun.failed }
    : { seconds: detectRun.seconds, peakRssBytes: detectRun.peakRssBytes, findings: JSON.parse(readFileSync(findingsFile, 'utf8')).length, failedDetections: detectRun.status === 2 ? detectRun.stderr.trim().split('\n').length : 0 }
  rmSync(findingsFile, { force: true })
  log(`detections on ${events}: native DuckDB`)
  const nativeDetectRun = runMeasured(node, [join(here, 'native-duckdb.mjs'), 'detections', data], { cwd: here })
  const nativeDetect = nativeDetectRun.failed ? { failed: nativeDetectRun.failed } : { ...lastJson(nativeDetectRun.stdout), wall: nativeDetectRun.seconds, peakRssBytes: nativeDetectRun.peakRssBytes }

  return { events, shape: queryShape, queries, nativeStart: native.startSeconds, extensions: native.extensions, detect, nativeDetect, window: benchWindow(data) }
}

/** A one-day --from/--to query, its files read against the files in that day's folders and in the whole lake. */
function benchWindow(data) {
  const dayFiles = new Map()
  for (const entry of readdirSync(join(data, 'aws_cloudtrail_log'), { recursive: true, withFileTypes: true })) {
    const day = entry.parentPath.match(/tp_date=(\d{4}-\d{2}-\d{2})$/)?.[1]
    if (day && entry.isFile() && entry.name.endsWith('.parquet') && !entry.name.startsWith('.') && !entry.name.startsWith('_'))
      dayFiles.set(day, (dayFiles.get(day) ?? 0) + 1)
  }
  const days = [...dayFiles.keys()].sort()
  const day = days[Math.floor(days.length / 2)]
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
  log(`window query ${day}`)
  const run = cairnQuery(['--data-dir', data, '--output', 'json', '--from', day, '--to', next, 'select count(*) as n from aws_cloudtrail_log'])
  if (run.failed) return { day, failed: run.failed }
  return { day, seconds: run.seconds, load: run.load, filesOfDay: dayFiles.get(day), events: JSON.parse(run.output)[0].n }
}

// ---- rendering ----
const fmt = (n, d = 0) => (n === undefined || Number.isNaN(n) ? '—' : n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }))
const mb = (bytes) => (bytes === undefined ? '—' : `${fmt(bytes / MB, 1)} MB`)
const rss = (bytes) => (bytes === undefined ? '—' : `${fmt(bytes / MB)} MB`)
const secs = (s, d = 1) => (s === undefined ? '—' : fmt(s, d))
const failedCell = (r) => `failed: ${r.failed.replaceAll('|', '/').slice(0, 120)}`
const verdict = (ok) => (ok === undefined ? 'not measured' : ok ? 'met' : '**falls short**')
const ratio = (a, b) => (a === undefined || b === undefined ? undefined : a / b)
const x = (r) => (r === undefined ? '—' : `${fmt(r, 2)}x`)

function collectTables(runs) {
  const lines = [
    '### Collect: Cairn beside the decode floor, native DuckDB and jq, on the same files',
    '',
    '| shape | events | files | input .json.gz | Cairn wall s | events/s | MB/s (gz in) | peak RSS | Parquet | Parquet / gz | decode floor s (RSS) | DuckDB s (RSS) | DuckDB Parquet | jq s (RSS) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ]
  for (const r of runs) {
    const c = r.cairn
    const cairnCells = c.failed
      ? [failedCell(c), '', '', '', '', '']
      : [secs(c.seconds), fmt(c.summary.events / c.seconds), fmt(r.inputBytes / MB / c.seconds, 1), rss(c.peakRssBytes), mb(c.parquetBytes), `${fmt((100 * c.parquetBytes) / r.inputBytes)} %`]
    const floor = r.floor.failed ? failedCell(r.floor) : `${secs(r.floor.seconds)} (${rss(r.floor.peakRssBytes)})`
    const duck = r.duckdb.failed ? failedCell(r.duckdb) : `${secs(r.duckdb.wall)} (${rss(r.duckdb.peakRssBytes)})`
    const jq = r.jq.failed ? failedCell(r.jq) : `${secs(r.jq.seconds)} (${rss(r.jq.peakRssBytes)})`
    lines.push(`| ${r.shape}${r.earlier ? ' †' : ''} | ${fmt(r.events)} | ${fmt(r.files)} | ${mb(r.inputBytes)} | ${cairnCells.join(' | ')} | ${floor} | ${duck} | ${r.duckdb.failed ? '—' : mb(r.duckdb.parquetBytes)} | ${jq} |`)
  }
  if (runs.some((r) => r.earlier)) lines.push('', '† not run this time: the figures of the previous run of this bench (same machine, an earlier build).')
  if (runs.some((r) => r.bounded)) lines.push(
    '',
    `Memory bound: the same collect with \`CAIRN_COLLECT_WORKER_HEAP_MB=${BOUNDED_HEAP_MB}\` (each worker's heap limited; it writes`,
    'its buffered rows out early as its heap nears the limit), beside the default (V8 lets each busy heap grow to several',
    'times what it holds live before collecting):',
    '',
    '| shape | events | default: wall s | peak RSS | bounded: wall s | peak RSS | time, bounded / default | RSS, bounded / default |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  )
  for (const r of runs) {
    const c = r.cairn
    const b = r.bounded
    if (!b || c.failed) continue
    const cells = b.failed ? [failedCell(b), '', '', ''] : [secs(b.seconds), rss(b.peakRssBytes), x(ratio(b.seconds, c.seconds)), x(ratio(b.peakRssBytes, c.peakRssBytes))]
    lines.push(`| ${r.shape} | ${fmt(r.events)} | ${secs(c.seconds)} | ${rss(c.peakRssBytes)} | ${cells.join(' | ')} |`)
  }
  lines.push('', 'Records each tool saw (Cairn: events written + duplicate deliveries dropped = records read):', '')
  lines.push('| shape | events | Cairn events | Cairn duplicates | Cairn records | decode floor records | DuckDB rows | jq lines | agree |', '|---|---:|---:|---:|---:|---:|---:|---:|---|')
  for (const r of runs) {
    const s = r.cairn.summary
    const counts = [s?.records, r.floor.records, r.duckdb.rows, r.jq.records]
    const agree = counts.every((n) => n !== undefined) ? (counts.every((n) => n === counts[0]) ? 'yes' : '**no**') : '—'
    lines.push(`| ${r.shape} | ${fmt(r.events)} | ${fmt(s?.events)} | ${fmt(s?.duplicates)} | ${fmt(s?.records)} | ${fmt(r.floor.records)} | ${fmt(r.duckdb.rows)} | ${fmt(r.jq.records)} | ${agree} |`)
  }
  return lines
}

const served = (run) => (run === undefined ? '—' : run.failed ? failedCell(run) : secs(run.seconds, 2))

function queryTables(q) {
  const lines = [
    `### Seed queries on ${fmt(q.events)} events (${q.shape} lake)${q.earlier ? ' †' : ''}: duckdb-wasm beside native DuckDB, seconds`,
    '',
    '*cold* = one `cairn query --output csv --verbose <file>` process (Node start, wasm instantiation, the columns',
    'loaded with hyparquet, the query, CSV out); *load* / *warm* = in one `openLocalLake` session (wasm-query.mjs):',
    'loading the query\'s columns, then the query run a second time; *wasm heap* = duckdb-wasm\'s memory after it',
    '(wasm32: at most 4 GiB). *native* = the query verbatim in one @duckdb/node-api process over',
    "`read_parquet('<data>/aws_cloudtrail_log/**/*.parquet', hive_partitioning = true)` (reading Parquet each time).",
    '',
    '*server 1st* / *server* = the `cairn query` command through the lake\'s query server: the queries in order with a',
    'new server (the first starts it, each reads the columns it adds), then each again with the server warm.',
    '',
    '| query | rows (wasm) | rows (native) | cold s | cold RSS | server 1st s | server s | load s | warm s | wasm heap | native s | cold / native | server / native | warm / native |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ]
  for (const r of q.queries) {
    const w = r.warm
    const n = r.native
    const rowsNative = n.failed ? failedCell(n) : fmt(n.rows)
    const mismatch = !w.failed && !n.failed && w.rows !== n.rows ? ' **≠**' : ''
    lines.push(
      `| ${r.seed.replace('.sql', '')} | ${w.failed ? failedCell(w) : fmt(w.rows)} | ${rowsNative}${mismatch} | ${r.cold.failed ? failedCell(r.cold) : secs(r.cold.seconds, 2)} | ${rss(r.cold.peakRssBytes)} | ${served(r.serverFirst)} | ${served(r.serverWarm)} | ${secs(w.loadSeconds, 2)} | ${secs(w.warmSeconds, 3)} | ${mb(w.wasmHeapBytes)} | ${secs(n.seconds, 3)} | ${x(ratio(r.cold.seconds, n.seconds))} | ${x(ratio(r.serverWarm?.seconds, n.seconds))} | ${x(ratio(w.warmSeconds, n.seconds))} |`,
    )
  }
  const d = q.detect
  const nd = q.nativeDetect
  lines.push(
    '',
    `Native DuckDB start (instance, connection, view): ${secs(q.nativeStart, 3)} s. Extensions: ${(q.extensions ?? []).map((e) => `${e.extension_name} ${e.install_mode}`).join(', ') || '—'}.`,
    '',
    `### Detection library on ${fmt(q.events)} events`,
    '',
    '| engine | wall s | detection SQL s | peak RSS | detections | findings | notes |',
    '|---|---:|---:|---:|---:|---:|---|',
    d.failed ? `| duckdb-wasm (\`cairn detect --output json\`) | ${failedCell(d)} | | | | | |` : `| duckdb-wasm (\`cairn detect --output json\`) | ${secs(d.seconds)} | — | ${rss(d.peakRssBytes)} | — | ${fmt(d.findings)} | ${d.failedDetections ? `${d.failedDetections} lines on stderr (failed detections)` : ''} |`,
    nd.failed
      ? `| native DuckDB | ${failedCell(nd)} | | | | | |`
      : `| native DuckDB, same SQL over read_parquet | ${secs(nd.wall)} | ${secs(nd.seconds)} | ${rss(nd.peakRssBytes)} | ${fmt(nd.detections)} | ${fmt(nd.findings)} | ${nd.failedVerbatim.length} ran only as Cairn rewrites them (JSON arrows bind looser natively); ${nd.failedNatively.length} failed natively${nd.failedNatively.length ? `: ${nd.failedNatively.map((f) => `${f.id} (${f.message.slice(0, 80)})`).join('; ')}` : ''} |`,
    ...(d.failed || nd.failed || d.findings === nd.findings ? [] : ['', `**The engines disagree: ${fmt(d.findings)} findings with duckdb-wasm, ${fmt(nd.findings)} natively.**`]),
  )
  const w = q.window
  lines.push('', `### Time-window pruning on ${fmt(q.events)} events`, '')
  if (w.failed) lines.push(`One-day query (${w.day}): ${failedCell(w)}`)
  else {
    const l = w.load ?? {}
    lines.push(
      `\`cairn query --verbose --from ${w.day} --to <next day> "select count(*) ..."\`: read ${fmt(l.files)} of ${fmt(l.totalFiles)} lake files`,
      `(${fmt((100 * l.files) / l.totalFiles, 1)} %), ${mb(l.bytes)} of ${mb(l.totalBytes)} (${fmt((100 * l.bytes) / l.totalBytes, 1)} %), ${fmt(w.events)} events, ${secs(w.seconds, 2)} s; the day's folders hold`,
      `${fmt(w.filesOfDay)} files: ${l.files === w.filesOfDay ? 'it opened exactly those' : '**it did not open exactly those**'}.`,
    )
  }
  return lines
}

function targetLines(runs, queries) {
  const small = runs.filter((r) => r.shape === 'small-files' && !r.cairn.failed)
  const busy = runs.filter((r) => r.shape === 'busy' && !r.cairn.failed)
  const collected = runs.filter((r) => !r.cairn.failed)
  const worst = (items, f) => (items.length ? Math.max(...items.map(f)) : undefined)
  const least = (items, f) => (items.length ? Math.min(...items.map(f)) : undefined)
  const vsFloor = worst(small.filter((r) => !r.floor.failed), (r) => r.cairn.seconds / r.floor.seconds)
  const vsDuck = worst(small.filter((r) => !r.duckdb.failed), (r) => r.cairn.seconds / r.duckdb.wall)
  const busyEps = least(busy, (r) => r.cairn.summary.events / r.cairn.seconds)
  const peak = worst(collected, (r) => r.cairn.peakRssBytes)
  const parquetShare = worst(collected, (r) => r.cairn.parquetBytes / r.inputBytes)
  const each = (items, f) => items.map((r) => `${r.shape} ${fmt(r.events)}: ${f(r)}`).join('; ')
  const lines = [
    '### Against the targets (issue 6)',
    '',
    '| target | measured (worst case) | ratio | verdict |',
    '|---|---|---:|---|',
    `| collect, many small files: wall <= 1.0x the single-thread decode floor | ${each(small, (r) => `${secs(r.cairn.seconds)} s vs ${secs(r.floor.seconds)} s`) || '—'} | ${x(vsFloor)} | ${verdict(vsFloor === undefined ? undefined : vsFloor <= 1)} |`,
    `| collect, many small files: wall <= 0.25x native DuckDB JSON → Parquet | ${each(small, (r) => `${secs(r.cairn.seconds)} s vs ${secs(r.duckdb.wall)} s`) || '—'} | ${x(vsDuck)} (target 0.25x) | ${verdict(vsDuck === undefined ? undefined : vsDuck <= 0.25)} |`,
    `| collect, busy accounts: >= 150,000 events/s | ${each(busy, (r) => `${fmt(r.cairn.summary.events / r.cairn.seconds)} events/s`) || '—'} | ${x(ratio(busyEps, 150_000))} | ${verdict(busyEps === undefined ? undefined : busyEps >= 150_000)} |`,
    `| peak RSS < 1 GiB whatever the input | ${each(collected, (r) => rss(r.cairn.peakRssBytes))} | ${x(ratio(peak, GiB))} of 1 GiB | ${verdict(peak === undefined ? undefined : peak < GiB)} |`,
    `| Parquet <= 60 % of gzip input | ${each(collected, (r) => `${fmt((100 * r.cairn.parquetBytes) / r.inputBytes)} %`)} | ${x(ratio(parquetShare, 0.6))} of the budget | ${verdict(parquetShare === undefined ? undefined : parquetShare <= 0.6)} |`,
  ]
  const q = queries.find((r) => r.events === 10_000_000) ?? queries.at(-1)
  if (q) {
    const cold = q.queries.map((r) => r.cold.seconds)
    const warm = q.queries.map((r) => r.warm.warmSeconds)
    const server = q.queries.map((r) => r.serverWarm?.seconds)
    const vsNative = q.queries.map((r) => ratio(r.cold.seconds, r.native.seconds))
    const serverVsNative = q.queries.map((r) => ratio(r.serverWarm?.seconds, r.native.seconds))
    const allMeasured = (values) => values.every((v) => v !== undefined)
    const worstOf = (values) => (allMeasured(values) ? Math.max(...values) : undefined)
    const label = q.events === 10_000_000 ? '10M' : `${fmt(q.events)} (10M not run)`
    lines.push(
      `| each seed query < 2 s with duckdb-wasm on ${label}, cold \`cairn query --no-server\` | worst ${secs(worstOf(cold), 2)} s${allMeasured(cold) ? '' : ' (some failed)'} | ${x(ratio(worstOf(cold), 2))} of the budget | ${verdict(allMeasured(cold) ? worstOf(cold) < 2 : false)} |`,
      `| each seed query < 2 s with duckdb-wasm on ${label}, \`cairn query\` with the query server warm | worst ${secs(worstOf(server), 2)} s${allMeasured(server) ? '' : ' (some failed)'} | ${x(ratio(worstOf(server), 2))} of the budget | ${verdict(allMeasured(server) ? worstOf(server) < 2 : false)} |`,
      `| each seed query within 3x of native DuckDB on ${label} (\`cairn query\`, server warm / native) | worst ${x(worstOf(serverVsNative))} | ${x(ratio(worstOf(serverVsNative), 3))} of 3x | ${verdict(allMeasured(serverVsNative) ? worstOf(serverVsNative) <= 3 : false)} |`,
      `| each seed query < 2 s with duckdb-wasm on ${label}, warm session | worst ${secs(worstOf(warm), 3)} s${allMeasured(warm) ? '' : ' (some failed)'} | ${x(ratio(worstOf(warm), 2))} of the budget | ${verdict(allMeasured(warm) ? worstOf(warm) < 2 : false)} |`,
      `| each seed query within 3x of native DuckDB on ${label} (cold \`cairn query --no-server\` / native) | worst ${x(worstOf(vsNative))} | ${x(ratio(worstOf(vsNative), 3))} of 3x | ${verdict(allMeasured(vsNative) ? worstOf(vsNative) <= 3 : false)} |`,
    )
  }
  for (const r of queries) {
    const w = r.window
    const ok = w.failed || !w.load ? undefined : w.load.files === w.filesOfDay
    lines.push(
      `| a one-day --from/--to query opens only its day's files (${fmt(r.events)}) | ${w.load ? `${fmt(w.load.files)} of ${fmt(w.load.totalFiles)} files, ${mb(w.load.bytes)} of ${mb(w.load.totalBytes)}` : '—'} | ${w.load ? `${fmt((100 * w.load.files) / w.load.totalFiles, 1)} % of files` : '—'} | ${verdict(ok)} |`,
    )
  }
  return lines
}

function section(runs, queries) {
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${fmt(totalmem() / GiB)} GiB, Node ${process.version}, load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' / ')}`
  const mismatched = queries.some((q) => q.queries.some((r) => !r.warm.failed && !r.native.failed && r.warm.rows !== r.native.rows))
  return [
    '<!-- scale-bench:start -->',
    '## Scale (issue 6): Cairn beside the decode floor, native DuckDB and jq',
    '',
    `Machine: ${machine}. Date: ${new Date().toISOString().slice(0, 10)}. Reproduce: \`pnpm --filter @cairn/cli bench:scale\` (part of \`pnpm bench\`;`,
    '`CAIRN_SCALE_SIZES`, `CAIRN_SCALE_SHAPES`, `CAIRN_SCALE_BUSY_SIZES`, `CAIRN_SCALE_QUERY_SIZES`, `CAIRN_SCALE_QUERY_SHAPE`). Trails: `cairn generate --seed 1 --shape',
    'small-files` (a quiet org, ~5 events a file) and `--shape busy` (hundreds to thousands a file); every tool is given',
    'every `.json.gz` of the trail (log files, Insights files, digests) from the page cache, each run its own process;',
    'peak RSS from GNU time (the largest process of a pipeline).',
    '',
    '- **decode floor** (`bench/decode-floor.mjs`): one Node thread that reads, gunzips (node:zlib) and `JSON.parse`s each',
    '  file and counts its Records, writing nothing.',
    "- **native DuckDB** (`@duckdb/node-api`, 2 threads): `COPY (SELECT unnest(json_extract(json, '$.Records[*]')) AS record",
    "  FROM read_json_objects('<trail>/**/*.json.gz', format = 'auto')) TO '<out>.parquet' (FORMAT PARQUET)`, insertion order",
    '  not preserved. One JSON column per event (Snappy): no normalization into the 50-odd typed columns, no',
    '  hive partitioning by account and day, no deduplication by eventID, no Insights/digest handling, no rejected',
    '  records. It is the time DuckDB needs to turn the same files into Parquet at all.',
    `- **jq** (${JQ}): \`find | sort | xargs gzip -dc | jq -c '.Records[]?' | wc -l\` — every record, so its count is`,
    "  Cairn's records read (events written plus duplicate deliveries, which Cairn drops by eventID).",
    '',
    ...collectTables(runs),
    '',
    ...queries.flatMap((q) => [...queryTables(q), '']),
    ...(mismatched
      ? [
          '**The engines disagree** on rows marked ≠ (same files, same SQL): read no time of such a row as a comparison.',
          'A reader that skips row groups by their statistics (native DuckDB, Athena, Spark) returns fewer rows than',
          "Cairn's (which ignores them) when the lake's Parquet statistics are wrong, as the encoder's were before it",
          'copied min/max out of its reused buffers.',
          '',
        ]
      : []),
    ...targetLines(runs, queries),
    '<!-- scale-bench:end -->',
  ]
}

/** Writes the section between its markers in BENCHMARKS.md (appended when the file has none yet). */
function writeSection(lines) {
  const file = join(repo, 'BENCHMARKS.md')
  const text = lines.join('\n')
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n'
  const marked = /<!-- scale-bench:start -->[\s\S]*<!-- scale-bench:end -->/
  writeFileSync(file, marked.test(old) ? old.replace(marked, () => text) : `${old.trimEnd()}\n\n${text}\n`)
}

// `--render`: write the section again from the last run's figures (kept in .bench/scale/results.json)
const resultsFile = join(work, 'results.json')
let results
if (process.argv.includes('--render')) results = JSON.parse(readFileSync(resultsFile, 'utf8'))
else {
  const runs = []
  for (const shape of shapes) for (const events of sizesOf(shape)) runs.push(benchCollect(shape, events))
  const queries = []
  for (const events of querySizes) {
    const run = runs.find((r) => r.shape === queryShape && r.events === events)
    if (run.cairn.failed) log(`no lake to query at ${events}: the collect failed`)
    else queries.push(benchQueries(events, run.data))
  }
  results = { runs, queries }
  // CAIRN_SCALE_MERGE=1: sizes not run now keep their figures from the previous run (marked † in the tables)
  if (process.env.CAIRN_SCALE_MERGE === '1' && existsSync(resultsFile)) {
    const before = JSON.parse(readFileSync(resultsFile, 'utf8'))
    const earlier = (r) => ({ ...r, earlier: r.earlier ?? true })
    for (const old of before.runs) if (!runs.some((r) => r.shape === old.shape && r.events === old.events)) runs.push(earlier(old))
    for (const old of before.queries) if (!queries.some((q) => q.events === old.events)) queries.push(earlier(old))
    runs.sort((a, b) => a.shape.localeCompare(b.shape) || a.events - b.events)
    queries.sort((a, b) => a.events - b.events)
  }
  writeFileSync(resultsFile, JSON.stringify(results, null, 2))
}
const lines = section(results.runs, results.queries)
writeSection(lines)
process.stdout.write(`${lines.join('\n')}\n`)

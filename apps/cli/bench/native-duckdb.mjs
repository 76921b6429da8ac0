#!/usr/bin/env node
// Native DuckDB (@duckdb/node-api, a bench-only devDependency) beside Cairn on the same inputs, one mode per
// process so each run's time and peak RSS are its own:
//   convert <trail dir> <out.parquet>     the trail's .json.gz files to Parquet, one row (the record as JSON) per event
//   queries <data dir> <file.sql>...      SQL files verbatim over the lake's Parquet, each timed
//   detections <data dir>                 the detection library (as `cairn detect` selects it) over the lake's Parquet
// Prints one JSON summary line. Nothing is downloaded: json, parquet and icu are linked into the binary, and
// autoinstalling extensions is switched off so a missing one fails instead of reaching the network.
import { readFileSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { findingsSql, selectDetections } from '@cairn/detections'
import { loadBuiltinDetections } from '@cairn/detections/node'
import { rewriteJsonAccess } from '@cairn/query'
import { DuckDBInstance } from '@duckdb/node-api'

const quote = (text) => `'${text.replaceAll("'", "''")}'`

async function connect() {
  const started = performance.now()
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'true' })
  const connection = await instance.connect()
  await connection.run("SET TimeZone = 'UTC'")
  // the machine is shared: DuckDB's default (80 % of RAM) could starve the others; it spills past this instead
  await connection.run("SET memory_limit = '8GB'")
  const extensions = (
    await connection.runAndReadAll(`select extension_name, install_mode from duckdb_extensions() where extension_name in ('json', 'parquet', 'icu')`)
  ).getRowObjectsJson()
  return { connection, extensions, startSeconds: (performance.now() - started) / 1000 }
}

/** The lake's files as Cairn's table: hive folders typed as Cairn types them (tp_index is text, not a number). */
async function defineLakeView(connection, dataDir) {
  const glob = join(dataDir, 'aws_cloudtrail_log', '**', '*.parquet')
  await connection.run(
    `CREATE VIEW aws_cloudtrail_log AS SELECT * FROM read_parquet(${quote(glob)}, hive_partitioning = true, hive_types = {'tp_partition': VARCHAR, 'tp_index': VARCHAR, 'tp_date': DATE})`,
  )
}

async function convert(trailDir, out) {
  const { connection, extensions } = await connect()
  await connection.run('SET preserve_insertion_order = false')
  const glob = join(trailDir, '**', '*.json.gz')
  const started = performance.now()
  await connection.run(
    `COPY (SELECT unnest(json_extract(json, '$.Records[*]')) AS record FROM read_json_objects(${quote(glob)}, format = 'auto', compression = 'gzip', maximum_object_size = 268435456)) TO ${quote(out)} (FORMAT PARQUET)`,
  )
  const seconds = (performance.now() - started) / 1000
  const rows = Number((await connection.runAndReadAll(`SELECT count(*) AS n FROM read_parquet(${quote(out)})`)).getRowObjectsJson()[0].n)
  return { seconds, rows, parquetBytes: statSync(out).size, extensions }
}

async function queries(dataDir, files) {
  const { connection, extensions, startSeconds } = await connect()
  await defineLakeView(connection, dataDir)
  const results = []
  for (const file of files) {
    const started = performance.now()
    try {
      const reader = await connection.runAndReadAll(readFileSync(file, 'utf8'))
      results.push({ seed: basename(file), seconds: (performance.now() - started) / 1000, rows: reader.currentRowCount })
    } catch (error) {
      results.push({ seed: basename(file), failed: error.message.split('\n')[0] })
    }
  }
  return { startSeconds, queries: results, extensions }
}

async function detections(dataDir) {
  const { connection, startSeconds } = await connect()
  await defineLakeView(connection, dataDir)
  const selected = selectDetections(loadBuiltinDetections(), { minSeverity: 'low' })
  // Detections are written for Cairn's engine, where `->>` binds like a function call; in native DuckDB the arrow
  // operators bind looser than AND (`a and j->>'k' = 'v'` is `(a and j) ->> ('k' = 'v')`). A detection that fails
  // verbatim is run again as Cairn's SQL front end rewrites it (JSON access as json_extract_string calls).
  const failedVerbatim = []
  const failedNatively = []
  let findings = 0
  let seconds = 0
  for (const detection of selected) {
    const sql = findingsSql(detection)
    let started = performance.now()
    try {
      findings += (await connection.runAndReadAll(sql)).currentRowCount
      seconds += (performance.now() - started) / 1000
      continue
    } catch (error) {
      failedVerbatim.push({ id: detection.id, message: error.message.split('\n')[0].slice(0, 200) })
    }
    started = performance.now()
    try {
      findings += (await connection.runAndReadAll(rewriteJsonAccess(sql))).currentRowCount
      seconds += (performance.now() - started) / 1000
    } catch (error) {
      failedNatively.push({ id: detection.id, message: error.message.split('\n')[0].slice(0, 200) })
    }
  }
  return { startSeconds, seconds, detections: selected.length, findings, failedVerbatim, failedNatively }
}

const [mode, ...args] = process.argv.slice(2)
const modes = { convert: () => convert(args[0], args[1]), queries: () => queries(args[0], args.slice(1)), detections: () => detections(args[0]) }
if (!modes[mode] || !args[0]) throw new Error('usage: native-duckdb.mjs convert <trail dir> <out.parquet> | queries <data dir> <file.sql>... | detections <data dir>')
const summary = await modes[mode]()
console.log(JSON.stringify({ ...summary, peakRssBytes: process.resourceUsage().maxRSS * 1024 }))

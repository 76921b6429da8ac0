#!/usr/bin/env node
// One seed query on Cairn's duckdb-wasm engine, in its own process: the lake opened with openLocalLake, the
// query's columns loaded, the query run once (first) and again (warm: what the shell and the web app pay), and the
// wasm heap it took (wasm32 caps it at 4 GiB). Usage: node wasm-query.mjs <data dir> <file.sql>
import { readFileSync } from 'node:fs'
import { openLocalLake } from '@cairn/query/node'

const [dataDir, file] = process.argv.slice(2)
if (!dataDir || !file) throw new Error('usage: wasm-query.mjs <data dir> <file.sql>')
const sql = readFileSync(file, 'utf8')
const seconds = (since) => (performance.now() - since) / 1000
let started = performance.now()
const lake = await openLocalLake(dataDir)
const openSeconds = seconds(started)
started = performance.now()
const load = await lake.ensureLoaded(sql)
const loadSeconds = seconds(started)
started = performance.now()
const { rows } = await lake.query(sql)
const firstSeconds = seconds(started)
started = performance.now()
await lake.query(sql)
const warmSeconds = seconds(started)
// emscripten's module object holds the wasm memory; its size is the high-water mark of DuckDB's heap
const wasmHeapBytes = lake.engine.bindings.mod?.HEAPU8?.byteLength
console.log(
  JSON.stringify({ openSeconds, loadSeconds, firstSeconds, warmSeconds, rows: rows.length, loadedRows: load.rows, files: load.files, wasmHeapBytes }),
)

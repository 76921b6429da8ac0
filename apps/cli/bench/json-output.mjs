// Side by side in one process: a seed query's answer written as --output json/jsonl from row objects
// (toQueryResultBatches + writeResult) and from the Arrow buffers (jsonTextChunks + writeChunks), alternating.
// Usage: node bench/json-output.mjs <data-dir> [<sql file>] [rounds]
import { createWriteStream, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { jsonTextChunks, toQueryResultBatches } from '@cairn/query'
import { openLocalLake } from '@cairn/query/node'
import { writeChunks, writeResult } from '../dist/output/format-result.js'

const [dataDir, sqlFile = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'seed-queries', '01-basic-log-analysis.sql'), rounds = '5'] = process.argv.slice(2)
const session = await openLocalLake(dataDir)
const sql = readFileSync(sqlFile, 'utf8')
const out = join(tmpdir(), `cairn-json-output-${process.pid}`)
const times = { rows: { json: [], jsonl: [] }, arrow: { json: [], jsonl: [] } }
let rows = 0
let bytes = 0
for (let round = 0; round < Number(rounds); round++) {
  for (const way of ['rows', 'arrow']) {
    for (const format of ['json', 'jsonl']) {
      const { table } = await session.queryTable(sql)
      rows = table.numRows
      const started = performance.now()
      const stream = createWriteStream(out)
      if (way === 'rows') await writeResult(toQueryResultBatches(table), format, stream)
      else await writeChunks(jsonTextChunks(table, format === 'json' ? 'pretty' : 'lines'), stream)
      await new Promise((resolve) => stream.end(resolve))
      bytes = stream.bytesWritten
      times[way][format].push((performance.now() - started) / 1000)
    }
  }
}
rmSync(out, { force: true })
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]
const result = { rows, rounds: Number(rounds) }
for (const format of ['json', 'jsonl']) {
  result[format] = { rowsSeconds: median(times.rows[format]), arrowSeconds: median(times.arrow[format]), ratio: median(times.arrow[format]) / median(times.rows[format]) }
}
result.jsonlBytes = bytes
console.log(JSON.stringify(result))

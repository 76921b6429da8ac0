import { readFileSync } from 'node:fs'
import { openLocalLake } from '@cairn/query/node'
import { toQueryResult } from '@cairn/query'
const sql = readFileSync('/work/shared/seed-queries/01-basic-log-analysis.sql', 'utf8')
const lake = await openLocalLake('/work/main/.bench/data-1000000')
await lake.ensureLoaded(sql)
for (let i = 0; i < 4; i++) {
  let t = performance.now(); const table = lake.engine.run(sql); const run = performance.now() - t
  t = performance.now(); const r = toQueryResult(table); const conv = performance.now() - t
  console.log('run', run.toFixed(0), 'toQueryResult', conv.toFixed(0), 'rows', r.rows.length)
}
const { rewriteJsonAccess } = await import('@cairn/query')
console.log(rewriteJsonAccess(sql))

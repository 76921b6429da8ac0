import { walkFiles } from './dist/collect/walk-files.js'
import { readAhead } from './dist/collect/read-ahead.js'
import { readCloudTrail } from '@cairn/normalizer'
import { LakeWriter } from '@cairn/query'
import { FsLakeStore, ParquetEncoderPool } from '@cairn/query/node'
import { rmSync } from 'node:fs'
const rowsAll = []
for await (const f of readAhead(walkFiles('/tmp/g100k'))) {
  for await (const item of readCloudTrail({ location: f.path, chunks: [f.bytes] }, { partition: 'x', sourceType: 'file' })) if (item.kind === 'row') rowsAll.push(item.row)
}
for (const mode of ['local', 'pool']) {
  rmSync('/tmp/wr', { recursive: true, force: true })
  const pool = mode === 'pool' ? new ParquetEncoderPool(2) : undefined
  const w = new LakeWriter(new FsLakeStore('/tmp/wr'), pool ? { encode: pool.encode, maxPendingFiles: 3 } : {})
  let t = performance.now()
  for (let i = 0; i < rowsAll.length; i += 5000) await w.write(rowsAll.slice(i, i + 5000))
  const tw = performance.now() - t
  const s = await w.close()
  console.log(mode, 'write', tw.toFixed(0), 'close', (performance.now() - t - tw).toFixed(0), s.filesWritten)
  await pool?.close()
}

import { createBrowserLake, filesOfDirectoryHandle, type PickedFile } from '@cairn/query/browser'
import type { EngineMessage, EngineProgress, EngineRequest, WireFilter } from './protocol.js'

// duckdb-wasm's bindings block while a query runs: here, in a worker, the page stays responsive meanwhile.
const lake = createBrowserLake()
const post = (message: EngineMessage) => (self as unknown as Worker).postMessage(message)

function lakeFilter(filter: WireFilter) {
  return {
    ...(filter.from ? { from: new Date(filter.from) } : {}),
    ...(filter.to ? { to: new Date(filter.to) } : {}),
  }
}

let queue: Promise<unknown> = Promise.resolve()

self.onmessage = (event: MessageEvent<EngineRequest>) => {
  const request = event.data
  // one request at a time: the engine has one connection and loads are not reentrant
  queue = queue.then(async () => {
    try {
      const engine = await lake
      const progress = (p: EngineProgress) => post({ id: request.id, kind: 'progress', progress: p })
      let result: Extract<EngineMessage, { kind: 'done' }>['result']
      if (request.op === 'prepare') result = await engine.prepare(request.sqls, lakeFilter(request.filter), progress)
      else if (request.op === 'query') result = await engine.query(request.sql, lakeFilter(request.filter), progress)
      else if (request.op === 'open') result = await engine.open(request.files, progress)
      else {
        const files: PickedFile[] = []
        for await (const f of filesOfDirectoryHandle(request.handle)) files.push(f)
        result = await engine.open(files, progress)
      }
      post({ id: request.id, kind: 'done', result })
    } catch (error) {
      post({ id: request.id, kind: 'failed', error: (error as Error).message ?? String(error) })
    }
  })
}

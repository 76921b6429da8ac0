import { createBrowserLake, filesOfDirectoryHandle, type PickedFile } from '@cairn/query/browser'
import type { EngineMessage, EngineProgress, EngineRequest } from './protocol.js'
import { prepareInScope, queryInScope } from './scoped-query.js'

// duckdb-wasm's bindings block while a query runs: here, in a worker, the page stays responsive meanwhile.
const lake = createBrowserLake()
const post = (message: EngineMessage, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(message, transfer)

let queue: Promise<unknown> = Promise.resolve()

self.onmessage = (event: MessageEvent<EngineRequest>) => {
  const request = event.data
  // one request at a time: the engine has one connection and loads are not reentrant
  queue = queue.then(async () => {
    try {
      const engine = await lake
      const progress = (p: EngineProgress) => post({ id: request.id, kind: 'progress', progress: p })
      if (request.op === 'query') {
        const answer = await queryInScope(engine, request.sql, request.scope, progress)
        // the result's bytes move to the page: no row is decoded or cloned here
        return post({ id: request.id, kind: 'done', result: answer }, [answer.ipc.buffer])
      }
      let result: Extract<EngineMessage, { kind: 'done' }>['result']
      if (request.op === 'prepare') result = await prepareInScope(engine, request.sqls, request.scope, progress)
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

import type { DuckDBBindings } from '@duckdb/duckdb-wasm/blocking'
import { BROWSER_RUNTIME, createDuckDB, VoidLogger } from '@duckdb/duckdb-wasm/dist/duckdb-browser-blocking.mjs'
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url'
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url'

/**
 * Instantiates duckdb-wasm's blocking bindings in a browser (meant for a Web Worker, where blocking is harmless)
 * from the wasm files of the npm package, which the bundler serves from the app's own origin: no CDN, no download
 * from elsewhere. Blocking bindings are the ones with JS scalar functions, which the JSON operators need.
 */
export async function createBrowserBindings(): Promise<DuckDBBindings> {
  const bundles = {
    mvp: { mainModule: mvpWasm, mainWorker: '' },
    eh: { mainModule: ehWasm, mainWorker: '' },
  }
  const db = await createDuckDB(bundles, new VoidLogger(), BROWSER_RUNTIME)
  await db.instantiate(() => {})
  return db
}

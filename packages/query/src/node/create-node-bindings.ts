import { createRequire } from 'node:module'
import { createDuckDB, type DuckDBBindings, NODE_RUNTIME, VoidLogger } from '@duckdb/duckdb-wasm/blocking'

const require = createRequire(import.meta.url)

/** Instantiates duckdb-wasm's blocking Node bindings from the wasm files inside the npm package: no download. */
export async function createNodeBindings(): Promise<DuckDBBindings> {
  const bundles = {
    mvp: {
      mainModule: require.resolve('@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm'),
      mainWorker: require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-mvp.worker.cjs'),
    },
    eh: {
      mainModule: require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'),
      mainWorker: require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-eh.worker.cjs'),
    },
  }
  const db = await createDuckDB(bundles, new VoidLogger(), NODE_RUNTIME)
  await db.instantiate()
  return db
}

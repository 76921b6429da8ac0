import { QueryEngine } from './engine/query-engine.js'
import type { LakeReadStore } from './lake/lake-store.js'
import { LakeSession } from './lake/lake-session.js'
import { createNodeBindings } from './node/create-node-bindings.js'
import { FsLakeStore } from './node/fs-lake-store.js'

export { createNodeBindings } from './node/create-node-bindings.js'
export { FsLakeStore } from './node/fs-lake-store.js'
export { createStoreFromModule, type LakeStoreModule } from './node/lake-store-module.js'

/** A query session over a data dir on local disk, with duckdb-wasm running in this Node process. */
export async function openLocalLake(dataDir: string): Promise<LakeSession> {
  return openLake(new FsLakeStore(dataDir))
}

/** A query session over a lake in any store (e.g. S3), with duckdb-wasm running in this Node process. */
export async function openLake(store: LakeReadStore): Promise<LakeSession> {
  return new LakeSession(new QueryEngine(await createNodeBindings()), store)
}
export {
  type DigestFound,
  type IngestInput,
  type IngestResult,
  LakeIngestPool,
  type LakeIngestOptions,
  WHOLE_INPUT_BYTES,
  WorkerHeapExhausted,
} from './node/ingest/lake-ingest-pool.js'

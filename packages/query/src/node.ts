import { QueryEngine } from './engine/query-engine.js'
import { LakeSession } from './lake/lake-session.js'
import { createNodeBindings } from './node/create-node-bindings.js'
import { FsLakeStore } from './node/fs-lake-store.js'

export { createNodeBindings } from './node/create-node-bindings.js'
export { FsLakeStore } from './node/fs-lake-store.js'

/** A query session over a data dir on local disk, with duckdb-wasm running in this Node process. */
export async function openLocalLake(dataDir: string): Promise<LakeSession> {
  return new LakeSession(new QueryEngine(await createNodeBindings()), new FsLakeStore(dataDir))
}
export { type DigestFound, type IngestInput, type IngestResult, LakeIngestPool, type LakeIngestOptions } from './node/ingest/lake-ingest-pool.js'

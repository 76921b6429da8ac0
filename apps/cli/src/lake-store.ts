import { deleteLakeRows, type LakeSession, type LakeWriteStore } from '@cairn/query'
import { FsLakeStore, type LakeStoreModule, openLake } from '@cairn/query/node'
import { S3LakeStore } from '@cairn/s3-source'
import type { LakeLocation } from './lake-location.js'

// Apart from lake-location.ts because these load the query engine and the AWS SDK: a command that only names a
// lake (or hands its query to the query server) starts without them.

/** The lake's store. An S3 store holds a client: `closeLakeStore` it when done. */
export function lakeStoreOf(location: LakeLocation): LakeWriteStore {
  if (location.kind === 'local') return new FsLakeStore(location.dataDir)
  const { kind: _, ...config } = location
  // S3LakeStore meets LakeWriteStore structurally (@cairn/s3-source does not depend on @cairn/query): checked here
  const store: LakeWriteStore = new S3LakeStore(config)
  return store
}

export function closeLakeStore(store: LakeWriteStore): void {
  if (store instanceof S3LakeStore) store.destroy()
}

/** A query session over the lake (ranged reads on S3: footers and the column chunks a query needs). */
export async function openLakeAt(location: LakeLocation): Promise<LakeSession> {
  return openLake(lakeStoreOf(location))
}

/** How collect's worker threads make the lake's store, when it is not the local data dir. */
export function workerLakeStore(location: LakeLocation): LakeStoreModule | undefined {
  if (location.kind === 'local') return undefined
  const { kind: _, ...options } = location
  return { module: import.meta.resolve('@cairn/s3-source'), factory: 'createS3LakeStore', options }
}


/** Deletes a partition's rows (of `from`..`to` only, when given) wherever the lake is: `partition delete`, `--overwrite`. */
export async function deleteRowsAt(
  location: LakeLocation,
  window: { partition: string; from?: Date; to?: Date },
): Promise<{ files: number; rows: number }> {
  const store = lakeStoreOf(location)
  try {
    return await deleteLakeRows(store, { partitions: [window.partition], from: window.from, to: window.to })
  } finally {
    closeLakeStore(store)
  }
}

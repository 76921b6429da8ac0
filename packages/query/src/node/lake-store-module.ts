import type { LakeWriteStore } from '../lake/lake-store.js'

/**
 * A lake store named so that a worker thread can make its own: a store holds clients and sockets, which cannot
 * cross threads, but the module that makes it and its options can. `module` is an absolute URL (resolve a package
 * with `import.meta.resolve`), `factory` the name of its export that takes `options` and returns the store.
 */
export interface LakeStoreModule {
  module: string
  factory: string
  /** Passed to the factory; structured-cloneable. */
  options: unknown
}

export async function createStoreFromModule(spec: LakeStoreModule): Promise<LakeWriteStore> {
  const loaded = (await import(spec.module)) as Record<string, unknown>
  const factory = loaded[spec.factory]
  if (typeof factory !== 'function') throw new Error(`${spec.module} has no function export '${spec.factory}' to make a lake store`)
  return (await factory(spec.options)) as LakeWriteStore
}

/**
 * Which of `shards` workers owns a lake folder, by its index (account) and day. Inputs are sent to the worker that
 * will own most of their rows, so rows rarely cross threads; every row of a folder is deduplicated and written by
 * one worker, which is what keeps a folder's event ids unique.
 */
export function shardOwner(index: string, day: string, shards: number): number {
  if (shards <= 1) return 0
  let hash = 0x811c9dc5
  const key = `${index}/${day}`
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0) % shards
}

/** A copy without the keys whose value is undefined, so configs compare and print cleanly. */
export function withoutUndefined<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T
}

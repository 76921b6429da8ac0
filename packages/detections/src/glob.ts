/** A whole-string regex for a glob of `*` (any run) and `?` (one character); everything else is literal. */
export function globRegex(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')
  return new RegExp(`^${body}$`)
}

/**
 * The candidate the user most likely meant: a typo away (edits, with swapped neighbours as one edit), or one
 * name containing the other (`log_group` for `log_group_name`). Undefined when nothing is close.
 */
export function closestName(input: string, candidates: readonly string[]): string | undefined {
  const wanted = input.toLowerCase()
  let best: { name: string; distance: number } | undefined
  for (const name of candidates) {
    const candidate = name.toLowerCase()
    const distance = editDistance(wanted, candidate)
    const contained =
      Math.min(wanted.length, candidate.length) >= 3 && (candidate.includes(wanted) || wanted.includes(candidate))
    const close = distance <= Math.max(1, Math.floor(candidate.length / 3)) || contained
    if (close && (best === undefined || distance < best.distance)) best = { name, distance }
  }
  return best?.name
}

/** `; did you mean x?` when something is close, else `; expected one of: a, b` (or `otherwise` when given). */
export function suggestion(input: string, candidates: readonly string[], otherwise?: string): string {
  const closest = closestName(input, candidates)
  if (closest !== undefined) return `; did you mean ${closest}?`
  return otherwise ?? `; expected one of: ${candidates.join(', ')}`
}

/** Optimal string alignment distance. */
function editDistance(a: string, b: string): number {
  let beforePrevious: number[] = []
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let distance = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        distance = Math.min(distance, beforePrevious[j - 2]! + 1)
      }
      current.push(distance)
    }
    beforePrevious = previous
    previous = current
  }
  return previous[b.length]!
}

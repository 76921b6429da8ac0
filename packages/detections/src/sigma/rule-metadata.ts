import type { Severity } from '../detection.js'
import type { SigmaRule } from './sigma-rule.js'

const LEVELS: Record<string, Severity> = {
  informational: 'info',
  low: 'low',
  medium: 'medium',
  high: 'high',
  critical: 'critical',
}

export function sigmaDetectionId(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
  return `sigma_${slug || 'untitled'}`
}

/** Sigma's levels; a rule without one is taken as medium, Sigma's middle level. */
export function sigmaSeverity(level: string | undefined): Severity | undefined {
  if (level === undefined) return 'medium'
  return LEVELS[level.toLowerCase()]
}

/** `attack.t1078.004` -> `T1078.004`; tactic and group tags are not technique ids. */
export function sigmaMitre(tags: readonly string[]): string[] {
  const ids = tags
    .map((t) => /^attack\.(t\d{4}(\.\d{3})?)$/i.exec(t)?.[1]?.toUpperCase())
    .filter((t): t is string => t !== undefined)
  return [...new Set(ids)]
}

export function sigmaDescription(rule: SigmaRule): string {
  const text = rule.description ?? rule.title
  if (rule.falsepositives.length === 0) return text
  return `${text}\n\nFalse positives: ${rule.falsepositives.join('; ')}`
}

/**
 * The rule's own tags, and where it came from: the Sigma rule id, author and license (SigmaHQ's rules are under
 * the Detection Rule License 1.1, which requires attribution, and carry no license key of their own).
 */
export function sigmaTags(rule: SigmaRule): string[] {
  return [
    'sigma',
    ...(rule.id ? [`sigma-id:${rule.id}`] : []),
    ...(rule.author ? [`sigma-author:${rule.author}`] : []),
    `sigma-license:${rule.license ?? 'DRL-1.1'}`,
    ...(rule.status ? [`sigma-status:${rule.status}`] : []),
    ...rule.tags,
  ]
}

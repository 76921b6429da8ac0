import type { Detection } from '../detection.js'
import { conditionSql } from './condition-sql.js'
import { NotTranslatable } from './not-translatable.js'
import { sigmaDescription, sigmaDetectionId, sigmaMitre, sigmaSeverity, sigmaTags } from './rule-metadata.js'
import { parseSigmaRule } from './sigma-rule.js'

/** A Sigma rule Cairn did not translate, and why. */
export interface UnsupportedSigmaRule {
  source: string
  title: string
  reason: string
}

export type SigmaTranslation =
  | { detection: Detection; unsupported?: undefined }
  | { detection?: undefined; unsupported: UnsupportedSigmaRule }

function titleOf(text: string): string {
  return /^title:\s*['"]?(.*?)['"]?\s*$/m.exec(text)?.[1] ?? ''
}

/** Translates one Sigma rule (YAML text) into a Cairn detection, or says why it cannot be run. */
export function translateSigmaRule(text: string, source: string): SigmaTranslation {
  try {
    const rule = parseSigmaRule(text)
    const severity = sigmaSeverity(rule.level)
    if (!severity) throw new NotTranslatable(`level ${rule.level} is not a Sigma level`)
    const detection: Detection = {
      id: sigmaDetectionId(rule.title),
      title: rule.title,
      severity,
      mitre: sigmaMitre(rule.tags),
      description: sigmaDescription(rule),
      condition: conditionSql(rule.condition, rule.searches),
      tags: sigmaTags(rule),
      references: rule.references,
      tests: [],
      source,
    }
    return { detection }
  } catch (error) {
    if (!(error instanceof Error)) throw error
    const reason = error instanceof NotTranslatable ? error.message : `not a readable Sigma rule: ${error.message}`
    return { unsupported: { source, title: titleOf(text), reason } }
  }
}

/**
 * Translates a set of Sigma rules: the detections (ids made unique: a repeated title gets the Sigma id's first
 * part) and the rules left out, each with its reason. A bad rule never stops the others.
 */
export function translateSigmaRules(files: readonly { text: string; source: string }[]): {
  detections: Detection[]
  unsupported: UnsupportedSigmaRule[]
} {
  const detections: Detection[] = []
  const unsupported: UnsupportedSigmaRule[] = []
  const ids = new Set<string>()
  for (const file of files) {
    const result = translateSigmaRule(file.text, file.source)
    if (result.unsupported) {
      unsupported.push(result.unsupported)
      continue
    }
    const detection = result.detection
    const sigmaId = detection.tags.find((t) => t.startsWith('sigma-id:'))?.slice('sigma-id:'.length)
    let id = detection.id
    if (ids.has(id) && sigmaId)
      id = `${id}_${sigmaId
        .split('-')[0]!
        .toLowerCase()
        .replace(/[^a-z0-9]/g, '')}`
    for (let n = 2; ids.has(id); n++) id = `${detection.id}_${n}`
    ids.add(id)
    detections.push({ ...detection, id })
  }
  return { detections: detections.sort((a, b) => a.id.localeCompare(b.id)), unsupported }
}

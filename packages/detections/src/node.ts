import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Detection } from './detection.js'
import { parseDetections } from './parse-detection.js'
import { translateSigmaRules, type UnsupportedSigmaRule } from './sigma/translate-sigma.js'

/** The library shipped with this package: `detections/*.yml` beside `dist/`. */
export const BUILTIN_DETECTIONS_DIR = fileURLToPath(new URL('../detections/', import.meta.url))

function yamlFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/i.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort()
}

/** Reads detections from YAML files or folders of them (recursively). */
export function loadDetections(paths: readonly string[]): Detection[] {
  return parseDetections(paths.flatMap(yamlFiles).map((file) => ({ text: readFileSync(file, 'utf8'), source: file })))
}

export function loadBuiltinDetections(): Detection[] {
  return loadDetections([BUILTIN_DETECTIONS_DIR])
}

/**
 * Reads Sigma rules from YAML files or folders of them (recursively) and translates them: the detections, and
 * the rules not translated with the reason. A file that cannot be read is listed too, not thrown.
 */
export function loadSigmaRules(paths: readonly string[]): { detections: Detection[]; unsupported: UnsupportedSigmaRule[] } {
  const files: { text: string; source: string }[] = []
  const unreadable: UnsupportedSigmaRule[] = []
  for (const path of paths) {
    let found: string[]
    try {
      found = yamlFiles(path)
    } catch (error) {
      unreadable.push({ source: path, title: '', reason: `cannot be read: ${(error as Error).message}` })
      continue
    }
    for (const file of found) {
      try {
        files.push({ text: readFileSync(file, 'utf8'), source: file })
      } catch (error) {
        unreadable.push({ source: file, title: '', reason: `cannot be read: ${(error as Error).message}` })
      }
    }
  }
  const { detections, unsupported } = translateSigmaRules(files)
  return { detections, unsupported: [...unreadable, ...unsupported] }
}

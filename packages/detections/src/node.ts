import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Detection } from './detection.js'
import { parseDetections } from './parse-detection.js'

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

// The files every tool of the scale benchmark is given: every `.json.gz` under a generated trail (log files,
// Insights files and digests alike, as `cairn collect --path` reads them), in name order.
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

export function trailFiles(dir) {
  const files = []
  const walk = (at) => {
    for (const entry of readdirSync(at, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(at, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.isFile() && entry.name.endsWith('.json.gz')) files.push(path)
    }
  }
  walk(dir)
  return files
}

export function totalBytes(paths) {
  let bytes = 0
  for (const path of paths) bytes += statSync(path).size
  return bytes
}

import { findingsSql, parseDetections } from '@cairn/detections'
import type { LibraryEntry } from './library-entry.js'

// The detection library's YAML, bundled as text: the same files `cairn detect` reads.
const files = import.meta.glob<string>('../../../../packages/detections/detections/*.yml', {
  query: '?raw',
  import: 'default',
  eager: true,
})

export function detectionQueries(): LibraryEntry[] {
  const detections = parseDetections(
    Object.entries(files).map(([path, text]) => ({ text, source: path.split('/').at(-1)! })),
  )
  return detections.map((d) => ({
    id: d.id,
    title: `[${d.severity}] ${d.title}`,
    group: 'Detections',
    sql: `-- ${d.title} (${d.id})\n${findingsSql(d)}\norder by event_time desc`,
    detail: d.description,
  }))
}

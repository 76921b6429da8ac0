import {
  CLOUDTRAIL_DIGEST_LAYOUT,
  CLOUDTRAIL_INSIGHT_LAYOUT,
  compileLayout,
  DEFAULT_LAYOUT,
  type FileLayout,
  type LayoutMatch,
  type TimeWindow,
} from '@cairn/layout-matcher'
import type { TrailObjectKind } from './trail-object.js'

export const TRAIL_OBJECT_KINDS: readonly TrailObjectKind[] = ['log', 'insight', 'digest']

export interface TrailKeyMatch extends LayoutMatch {
  kind: TrailObjectKind
}

/** The layouts of the objects a trail writes, below one bucket prefix, answering for all of them at once. */
export interface TrailLayouts {
  /** The kind and fields of a key of a wanted kind inside the window, else undefined. */
  match(key: string, window: TimeWindow | undefined): TrailKeyMatch | undefined
  /** Whether a key of a wanted kind inside the window can lie below `prefix`. */
  canMatchBelow(prefix: string, window: TimeWindow | undefined): boolean
  /** The date folders below `folder` that the window needs, when only date folders can follow; else undefined. */
  timeWindowFolders(folder: string, window: { from: Date; to: Date }): string[] | undefined
  /** For each wanted layout that can match below `folder`: the fields the folder fixes (see fieldsFixedBy). */
  fieldsFixedBy(folder: string, window: TimeWindow | undefined): Record<string, string>[]
}

export interface TrailLayoutOptions {
  /** The bucket prefix, already normalised. */
  prefix: string
  /** The layout of log files; default: CloudTrail's own. */
  fileLayout?: string
  kinds?: readonly TrailObjectKind[]
}

interface KindLayout {
  kind: TrailObjectKind
  layout: FileLayout
  hasDate: boolean
}

export function compileTrailLayouts(options: TrailLayoutOptions): TrailLayouts {
  const sources: Record<TrailObjectKind, string> = {
    digest: CLOUDTRAIL_DIGEST_LAYOUT,
    insight: CLOUDTRAIL_INSIGHT_LAYOUT,
    log: options.fileLayout ?? DEFAULT_LAYOUT,
  }
  // Digests and Insights are tried first, so that a broad custom log layout does not claim them.
  const all: KindLayout[] = (['digest', 'insight', 'log'] as const).map((kind) => {
    const layout = compileLayout(sources[kind], { prefix: options.prefix })
    return { kind, layout, hasDate: layout.fieldNames.includes('year') }
  })
  const wanted = new Set(options.kinds ?? TRAIL_OBJECT_KINDS)
  const walked = all.filter((entry) => wanted.has(entry.kind))

  return {
    match(key, window) {
      for (const { kind, layout, hasDate } of all) {
        const match = layout.match(key)
        if (!match) continue
        if (!wanted.has(kind)) return undefined
        if (window && hasDate && !(match.time && overlaps(match.time, window))) return undefined
        return { kind, ...match }
      }
      return undefined
    },
    canMatchBelow(prefix, window) {
      return walked.some(({ layout }) => layout.canMatchBelow(prefix, window))
    },
    timeWindowFolders(folder, window) {
      const viable = walked.filter(({ layout }) => layout.canMatchBelow(folder, window))
      const folders = new Set<string>()
      for (const { layout } of viable) {
        const below = layout.timeWindowFolders(folder, window)
        if (below === undefined) return undefined
        for (const child of below) folders.add(child)
      }
      // Layouts answering at different date levels must not make a folder be walked twice.
      const sorted = [...folders].sort()
      return sorted.filter((child) => !sorted.some((other) => other !== child && child.startsWith(other)))
    },
    fieldsFixedBy(folder, window) {
      return walked.filter(({ layout }) => layout.canMatchBelow(folder, window)).map(({ layout }) => layout.fieldsFixedBy(folder))
    },
  }
}

function overlaps(span: { start: Date; end: Date }, window: TimeWindow): boolean {
  return (window.to === undefined || span.start < window.to) && (window.from === undefined || span.end > window.from)
}

export {
  compileLayout,
  type FileLayout,
  LayoutError,
  type LayoutMatch,
  type LayoutOptions,
  type TimeSpan,
  type TimeWindow,
} from './layout.js'
export { CLOUDTRAIL_DIGEST_LAYOUT, CLOUDTRAIL_INSIGHT_LAYOUT, DEFAULT_LAYOUT } from './layouts.js'
export { BUILTIN_PATTERNS } from './patterns.js'
export { MAX_TIME_WINDOW_FOLDERS } from './window-folders.js'

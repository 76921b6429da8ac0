export {
  ATTRIBUTES,
  type Attribution,
  type AttributionValue,
  type AttributeCount,
  attributions,
  type InsightAttribute,
  TOP_VALUES,
  topValues,
} from './attributions.js'
export { type Baseline, BaselineIndex } from './baseline.js'
export { type Episode, type EpisodeSearch, findEpisodes } from './episodes.js'
export {
  INSIGHT_TYPES,
  type InsightRecord,
  type InsightSeriesKey,
  type InsightType,
  insightRecords,
  stableId,
} from './insight-record.js'
export { DEFAULT_INSIGHT_RULE, type InsightRule, MINUTES_PER_DAY, quantileOf, startThreshold } from './insight-rule.js'
export { denseSeries, type MinuteCount, type MinuteSeries, prefixSums, windowSums } from './minute-series.js'

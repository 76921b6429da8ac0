/**
 * `cairn generate`: a synthetic organization trail in CloudTrail's S3 layout (log files, Insights, digests),
 * deterministic for a seed, written file by file.
 */
export { generateTrail } from './generate.js'
export type { GenerateOptions, GenerateSummary, TrailShape } from './options.js'
export { DEFAULT_BUCKET, DEFAULT_ORG_ID, DEFAULT_REGIONS } from './options.js'

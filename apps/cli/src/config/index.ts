export { ConfigError } from './config-error.js'
export {
  type CairnConfig,
  CLOUDTRAIL_TABLE,
  type CloudWatchPartitionSource,
  type FilePartitionSource,
  type PartitionConfig,
  type PartitionSource,
  type S3PartitionSource,
} from './config-types.js'
export { defaultConfigPaths, loadCairnConfig, loadCairnConfigs } from './load-config.js'
export { type ConfigText, parseCairnConfig, parseCairnConfigs } from './parse-config.js'
export { PartitionSelectionError, selectPartitions } from './select-partitions.js'

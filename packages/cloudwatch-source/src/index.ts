export {
  type CloudWatchSourceConfig,
  selectStreams,
  streamMatches,
  validateCloudWatchSourceConfig,
} from './cloudwatch-source-config.js'
export { createCloudWatchLogsClient } from './create-cloudwatch-client.js'

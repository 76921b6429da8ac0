import { CloudWatchLogsClient, type CloudWatchLogsClientConfig } from '@aws-sdk/client-cloudwatch-logs'
import type { CloudWatchSourceConfig } from './cloudwatch-source-config.js'

/**
 * A CloudWatch Logs client with the standard credential chain and adaptive retries (throttling included).
 * `overrides` win over what the config sets (e.g. static credentials).
 */
export function createCloudWatchLogsClient(
  config: CloudWatchSourceConfig,
  overrides: CloudWatchLogsClientConfig = {},
): CloudWatchLogsClient {
  return new CloudWatchLogsClient({
    region: config.region ?? process.env.AWS_REGION ?? 'us-east-1',
    endpoint: config.endpoint,
    retryMode: 'adaptive',
    maxAttempts: 6,
    ...(config.profile ? { profile: config.profile } : {}),
    ...overrides,
  })
}

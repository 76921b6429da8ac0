import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import {
  type CloudWatchReadItem,
  type CloudWatchSourceConfig,
  createCloudWatchLogsClient,
  type LogEventBatch,
  type LogStreamFailure,
  type ReadLogGroupOptions,
  readLogGroup,
} from '../../src/index.js'
import type { FakeCloudWatchLogs } from '@cairn/test-servers'

export const LOG_GROUP = 'aws-cloudtrail-logs-111122223333'
export const T0 = Date.UTC(2024, 4, 1, 12, 0, 0)

/** The production client (adaptive retries) pointed at the fake, with static credentials. */
export function clientFor(
  fake: FakeCloudWatchLogs,
  overrides: { maxAttempts?: number; retryMode?: string } = {},
): CloudWatchLogsClient {
  return createCloudWatchLogsClient(
    { logGroup: LOG_GROUP, endpoint: fake.url, region: 'us-east-1' },
    {
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
      ...overrides,
    },
  )
}

/** A CloudTrail event as CloudTrail writes it to CloudWatch Logs: one compact JSON object per log event. */
export function cloudTrailMessage(eventId: string, timestamp: number, account = '111122223333'): string {
  return JSON.stringify({
    eventVersion: '1.08',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLE',
      arn: `arn:aws:iam::${account}:user/alice`,
      accountId: account,
      userName: 'alice',
    },
    eventTime: new Date(timestamp).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: 's3.amazonaws.com',
    eventName: 'GetObject',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.7',
    userAgent: 'aws-cli/2.15.0',
    requestParameters: { bucketName: 'example', key: `k/${eventId}` },
    responseElements: null,
    requestID: `R${eventId}`,
    eventID: eventId,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: false,
    recipientAccountId: account,
    eventCategory: 'Data',
  })
}

/** Stores `count` CloudTrail events in a stream, `stepMs` apart from `start` (several per ms when stepMs is 0). */
export function putCloudTrailEvents(
  fake: FakeCloudWatchLogs,
  stream: string,
  timestamps: readonly number[],
  idPrefix = stream,
) {
  return fake.putLogEvents(
    LOG_GROUP,
    stream,
    timestamps.map((timestamp, i) => ({
      timestamp,
      message: cloudTrailMessage(`${idPrefix}-${timestamp}-${i}`, timestamp),
    })),
  )
}

export interface ReadResult {
  items: CloudWatchReadItem[]
  batches: LogEventBatch[]
  failures: LogStreamFailure[]
  /** `stream eventId` of every event read, in order. */
  keys: string[]
}

export async function readAll(
  client: CloudWatchLogsClient,
  config: Partial<CloudWatchSourceConfig> = {},
  options: ReadLogGroupOptions = {},
): Promise<ReadResult> {
  const items: CloudWatchReadItem[] = []
  for await (const item of readLogGroup(client, { logGroup: LOG_GROUP, ...config }, options)) items.push(item)
  const batches = items.filter((i): i is LogEventBatch => i.kind === 'events')
  const failures = items.filter((i): i is LogStreamFailure => i.kind === 'error')
  const keys = batches.flatMap((b) => b.events.map((e) => `${b.logStream} ${e.eventId}`))
  return { items, batches, failures, keys }
}

export function range(count: number, map: (i: number) => number = (i) => i): number[] {
  return Array.from({ length: count }, (_, i) => map(i))
}

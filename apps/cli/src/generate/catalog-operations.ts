/** Operations and security tooling: CloudTrail, CloudWatch and Logs, Config, GuardDuty, Security Hub,
 * CloudFormation, Route 53, SNS, Health, Cost Explorer, and VPC endpoint network activity. */
import { arn, type CallContext, type CallParts, def, NO_PARAMS, type Template } from './catalog-types.js'
import type { JsonObject } from './principals.js'

const CLOUDTRAIL = 'cloudtrail.amazonaws.com'
const LOGS = 'logs.amazonaws.com'

function trail(c: CallContext): string {
  return c.account.trailArn
}

export function trailChangeCall(
  c: CallContext,
  name: 'StopLogging' | 'StartLogging' | 'DeleteTrail' | 'UpdateTrail' | 'PutEventSelectors',
  trailArn = trail(c),
): CallParts {
  const parts: CallParts = {
    requestParameters: { name: trailArn },
    responseElements: null,
    resources: [{ accountId: c.account.id, type: 'AWS::CloudTrail::Trail', ARN: trailArn }],
  }
  if (name === 'UpdateTrail') {
    const params: JsonObject = {
      name: trailArn,
      s3BucketName: c.org.bucket,
      isMultiRegionTrail: true,
      enableLogFileValidation: c.rng.chance(0.5),
      includeGlobalServiceEvents: true,
    }
    parts.requestParameters = params
    parts.responseElements = c.failed
      ? null
      : {
          name: trailArn.slice(trailArn.lastIndexOf('/') + 1),
          s3BucketName: c.org.bucket,
          includeGlobalServiceEvents: true,
          isMultiRegionTrail: true,
          trailARN: trailArn,
          logFileValidationEnabled: params.enableLogFileValidation,
          isOrganizationTrail: c.account.orgLayout,
        }
  }
  if (name === 'PutEventSelectors') {
    parts.requestParameters = {
      trailName: trailArn,
      eventSelectors: [
        {
          readWriteType: 'WriteOnly',
          includeManagementEvents: true,
          dataResources: [],
          excludeManagementEventSources: [],
        },
      ],
    }
  }
  return parts
}

export function deregisterDelegatedAdminCall(delegatedAccountId: string): CallParts {
  return { requestParameters: { delegatedAdminAccountId: delegatedAccountId }, responseElements: null }
}

function logGroupArn(c: CallContext, group: string): string {
  return arn('logs', c.region, c.account.id, `log-group:${group}`)
}

function stackId(c: CallContext, name: string): string {
  return arn('cloudformation', c.region, c.account.id, `stack/${name}/${c.rng.uuid()}`)
}

export const OPERATIONS_TEMPLATES: Template[] = [
  def(CLOUDTRAIL, 'DescribeTrails', 2, { actors: { automation: 2, service: 2, human: 0.5 } }, () => ({
    requestParameters: { includeShadowTrails: true },
  })),
  def(CLOUDTRAIL, 'GetTrailStatus', 2, { actors: { automation: 2, service: 2 } }, (c) => ({
    requestParameters: { name: trail(c) },
  })),
  def(CLOUDTRAIL, 'ListTrails', 0.5, { actors: { automation: 1, service: 1 } }, NO_PARAMS),
  def(CLOUDTRAIL, 'GetEventSelectors', 1, { actors: { automation: 1, service: 2 } }, (c) => ({
    requestParameters: { trailName: trail(c) },
  })),
  def(CLOUDTRAIL, 'GetInsightSelectors', 0.5, { actors: { automation: 1, service: 1 } }, (c) => ({
    requestParameters: { trailName: trail(c) },
  })),
  def(CLOUDTRAIL, 'LookupEvents', 1, { actors: { human: 2, automation: 1 } }, (c) => ({
    requestParameters: {
      maxResults: 50,
      lookupAttributes: [
        { attributeKey: 'EventName', attributeValue: c.rng.pick(['ConsoleLogin', 'RunInstances', 'DeleteBucket']) },
      ],
    },
  })),
  def(CLOUDTRAIL, 'StopLogging', 0.002, { scope: 'home', actors: { human: 1, automation: 1 } }, (c) =>
    trailChangeCall(c, 'StopLogging'),
  ),
  def(CLOUDTRAIL, 'StartLogging', 0.002, { scope: 'home', actors: { human: 1, automation: 1 } }, (c) =>
    trailChangeCall(c, 'StartLogging'),
  ),
  def(CLOUDTRAIL, 'UpdateTrail', 0.005, { scope: 'home', actors: { automation: 2, human: 1 } }, (c) =>
    trailChangeCall(c, 'UpdateTrail'),
  ),
  def(CLOUDTRAIL, 'PutEventSelectors', 0.004, { scope: 'home', actors: { automation: 2, human: 1 } }, (c) =>
    trailChangeCall(c, 'PutEventSelectors'),
  ),
  def(CLOUDTRAIL, 'DeleteTrail', 0.0015, { scope: 'home', actors: { human: 1, automation: 1 } }, (c) =>
    trailChangeCall(c, 'DeleteTrail', arn('cloudtrail', c.region, c.account.id, `trail/${c.account.env}-legacy-trail`)),
  ),
  def(
    CLOUDTRAIL,
    'DeregisterOrganizationDelegatedAdmin',
    0.003,
    { scope: 'home', actors: { human: 1, automation: 1 }, accountKinds: ['management'] },
    (c) => deregisterDelegatedAdminCall(c.org.accounts[1]?.id ?? c.account.id),
  ),

  def(
    LOGS,
    'CreateLogStream',
    8,
    {
      actors: { automation: 3, 'aws-service': 1 },
      readOnly: false,
      errors: [
        ['throttled', 2],
        ['invalid', 1],
      ],
      only: (a) => a.cls !== 'automation' || /lambda-exec|task-role|automation/.test(a.label),
    },
    (c) => {
      const group = c.rng.pick(c.res.logGroups)
      return { requestParameters: { logGroupName: group, logStreamName: `2024/01/01/[$LATEST]${c.rng.hex(32)}` } }
    },
  ),
  def(LOGS, 'DescribeLogGroups', 4, { actors: { automation: 2, service: 1, human: 0.5 } }, () => ({
    requestParameters: { limit: 50 },
  })),
  def(LOGS, 'DescribeLogStreams', 3, { actors: { automation: 2, human: 0.5 } }, (c) => ({
    requestParameters: {
      logGroupName: c.rng.pick(c.res.logGroups),
      orderBy: 'LastEventTime',
      descending: true,
      limit: 50,
    },
  })),
  def(LOGS, 'FilterLogEvents', 2, { actors: { human: 1, automation: 1 } }, (c) => ({
    requestParameters: {
      logGroupName: c.rng.pick(c.res.logGroups),
      startTime: c.timeMs - 3_600_000,
      endTime: c.timeMs,
      filterPattern: 'ERROR',
      interleaved: true,
    },
  })),
  def(LOGS, 'GetLogEvents', 1, { actors: { human: 1, automation: 1 } }, (c) => ({
    requestParameters: {
      logGroupName: c.rng.pick(c.res.logGroups),
      logStreamName: c.rng.hex(32),
      startFromHead: false,
    },
  })),
  def(LOGS, 'PutRetentionPolicy', 0.1, { actors: { automation: 3 } }, (c) => ({
    requestParameters: { logGroupName: c.rng.pick(c.res.logGroups), retentionInDays: c.rng.pick([30, 90, 365]) },
  })),
  def(LOGS, 'CreateLogGroup', 0.2, { actors: { automation: 3 } }, (c) => ({
    requestParameters: { logGroupName: `/aws/lambda/${c.account.env}-fn-${c.rng.hex(6)}` },
  })),
  def(LOGS, 'DeleteLogGroup', 0.02, { actors: { automation: 3 } }, (c) => {
    const group = `/aws/lambda/${c.account.env}-fn-${c.rng.hex(6)}`
    return {
      requestParameters: { logGroupName: group },
      resources: [{ accountId: c.account.id, type: 'AWS::Logs::LogGroup', ARN: logGroupArn(c, group) }],
    }
  }),

  def('monitoring.amazonaws.com', 'DescribeAlarms', 6, { actors: { automation: 3, human: 0.5 } }, () => ({
    requestParameters: { maxRecords: 100 },
  })),
  def('monitoring.amazonaws.com', 'GetMetricData', 6, { actors: { automation: 3, human: 1 } }, (c) => ({
    requestParameters: {
      startTime: new Date(c.timeMs - 600_000).toISOString(),
      endTime: new Date(c.timeMs).toISOString(),
      maxDatapoints: 100800,
      metricDataQueries: [{ id: 'm1', returnData: true }],
    },
  })),
  def('monitoring.amazonaws.com', 'ListMetrics', 2, { actors: { automation: 2 } }, () => ({
    requestParameters: { namespace: 'AWS/EC2' },
  })),
  def('monitoring.amazonaws.com', 'DescribeAlarmHistory', 0.5, { actors: { human: 1 } }, NO_PARAMS),
  def('monitoring.amazonaws.com', 'PutMetricAlarm', 0.1, { actors: { automation: 3 } }, (c) => ({
    requestParameters: {
      alarmName: `${c.account.env}-5xx-rate`,
      metricName: 'HTTPCode_Target_5XX_Count',
      namespace: 'AWS/ApplicationELB',
      statistic: 'Sum',
      period: 60,
      evaluationPeriods: 5,
      threshold: 10,
      comparisonOperator: 'GreaterThanThreshold',
    },
  })),

  def('config.amazonaws.com', 'PutEvaluations', 4, { actors: { service: 2, automation: 1 }, readOnly: false }, (c) => ({
    requestParameters: {
      evaluations: [
        {
          complianceResourceType: 'AWS::EC2::SecurityGroup',
          complianceResourceId: c.rng.pick(c.res.securityGroupIds),
          complianceType: c.rng.chance(0.9) ? 'COMPLIANT' : 'NON_COMPLIANT',
        },
      ],
      resultToken: c.rng.base64(40),
      testMode: false,
    },
  })),
  def('config.amazonaws.com', 'DescribeConfigRules', 1, { actors: { service: 1, automation: 1 } }, NO_PARAMS),
  def(
    'config.amazonaws.com',
    'DescribeConfigurationRecorderStatus',
    1,
    { actors: { service: 1, automation: 1 } },
    NO_PARAMS,
  ),
  def('config.amazonaws.com', 'StopConfigurationRecorder', 0.002, { actors: { human: 1 } }, () => ({
    requestParameters: { configurationRecorderName: 'default' },
  })),

  def('guardduty.amazonaws.com', 'ListDetectors', 1, { actors: { automation: 2, service: 1 } }, NO_PARAMS),
  def('guardduty.amazonaws.com', 'GetDetector', 0.5, { actors: { automation: 2 } }, (c) => ({
    requestParameters: { detectorId: c.rng.hex(32) },
  })),
  def(
    'guardduty.amazonaws.com',
    'ListFindings',
    1,
    { actors: { automation: 2, human: 0.5 }, accountKinds: ['security', 'management'] },
    (c) => ({ requestParameters: { detectorId: c.rng.hex(32), maxResults: 50 } }),
  ),
  def(
    'guardduty.amazonaws.com',
    'GetFindings',
    1,
    { actors: { automation: 2, human: 0.5 }, accountKinds: ['security', 'management'] },
    (c) => ({ requestParameters: { detectorId: c.rng.hex(32), findingIds: [c.rng.hex(32)] } }),
  ),
  def('securityhub.amazonaws.com', 'BatchImportFindings', 2, { actors: { service: 2 }, readOnly: false }, () => ({
    requestParameters: { findings: [] },
  })),
  def(
    'securityhub.amazonaws.com',
    'GetFindings',
    1,
    { actors: { automation: 2, human: 0.5 }, accountKinds: ['security'] },
    () => ({
      requestParameters: { maxResults: 100, filters: { RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }] } },
    }),
  ),
  def('securityhub.amazonaws.com', 'DescribeHub', 0.5, { actors: { automation: 1, service: 1 } }, NO_PARAMS),

  def('cloudformation.amazonaws.com', 'DescribeStacks', 3, { actors: { automation: 3, human: 0.5 } }, (c) => ({
    requestParameters: { stackName: c.rng.pick(c.res.stacks) },
  })),
  def('cloudformation.amazonaws.com', 'ListStacks', 1, { actors: { automation: 2, human: 0.5 } }, NO_PARAMS),
  def('cloudformation.amazonaws.com', 'DescribeStackEvents', 2, { actors: { automation: 3, human: 0.5 } }, (c) => ({
    requestParameters: { stackName: c.rng.pick(c.res.stacks) },
  })),
  def('cloudformation.amazonaws.com', 'GetTemplate', 0.5, { actors: { automation: 2 } }, (c) => ({
    requestParameters: { stackName: c.rng.pick(c.res.stacks) },
  })),
  def('cloudformation.amazonaws.com', 'UpdateStack', 0.1, { actors: { automation: 3 } }, (c) => {
    const name = c.rng.pick(c.res.stacks)
    return {
      requestParameters: {
        stackName: name,
        templateURL: `https://s3.amazonaws.com/${c.res.buckets[0]!.name}/${name}.yaml`,
        capabilities: ['CAPABILITY_NAMED_IAM'],
      },
      responseElements: c.failed ? null : { stackId: stackId(c, name) },
    }
  }),
  def('cloudformation.amazonaws.com', 'CreateStack', 0.05, { actors: { automation: 3 } }, (c) => {
    const name = `${c.account.env}-feature-${c.rng.hex(4)}`
    return {
      requestParameters: {
        stackName: name,
        templateURL: `https://s3.amazonaws.com/${c.res.buckets[0]!.name}/${name}.yaml`,
      },
      responseElements: c.failed ? null : { stackId: stackId(c, name) },
    }
  }),
  def('cloudformation.amazonaws.com', 'DeleteStack', 0.02, { actors: { automation: 3 } }, (c) => {
    const name = `${c.account.env}-feature-${c.rng.hex(4)}`
    return {
      requestParameters: { stackName: name },
      resources: [{ accountId: c.account.id, type: 'AWS::CloudFormation::Stack', ARN: stackId(c, name) }],
    }
  }),

  def(
    'route53.amazonaws.com',
    'ListHostedZones',
    1,
    { scope: 'home', actors: { automation: 2, human: 0.5 } },
    NO_PARAMS,
  ),
  def('route53.amazonaws.com', 'ListResourceRecordSets', 1, { scope: 'home', actors: { automation: 2 } }, (c) => ({
    requestParameters: { hostedZoneId: `Z0${c.rng.base32(18)}` },
  })),
  def('route53.amazonaws.com', 'ChangeResourceRecordSets', 0.1, { scope: 'home', actors: { automation: 3 } }, (c) => ({
    requestParameters: {
      hostedZoneId: `Z0${c.rng.base32(18)}`,
      changeBatch: {
        changes: [
          {
            action: 'UPSERT',
            resourceRecordSet: {
              name: `api.${c.account.env}.acme.example`,
              type: 'CNAME',
              tTL: 300,
              resourceRecords: [{ value: `${c.account.env}-alb-${c.rng.digits(9)}.${c.region}.elb.amazonaws.com` }],
            },
          },
        ],
      },
    },
  })),
  def('sns.amazonaws.com', 'ListTopics', 1, { actors: { automation: 2, service: 1 } }, NO_PARAMS),
  def('sns.amazonaws.com', 'GetTopicAttributes', 1, { actors: { automation: 2, service: 1 } }, (c) => ({
    requestParameters: { topicArn: arn('sns', c.region, c.account.id, c.rng.pick(c.res.topics)) },
  })),
  def(
    'health.amazonaws.com',
    'DescribeEventAggregates',
    1,
    { scope: 'home', actors: { human: 1, automation: 1 } },
    () => ({
      requestParameters: { aggregateField: 'eventTypeCategory', filter: { eventStatusCodes: ['open', 'upcoming'] } },
    }),
  ),
  def(
    'ce.amazonaws.com',
    'GetCostAndUsage',
    0.5,
    { scope: 'home', actors: { human: 2, automation: 1 }, accountKinds: ['management'] },
    (c) => ({
      requestParameters: {
        timePeriod: {
          start: new Date(c.timeMs - 30 * 86_400_000).toISOString().slice(0, 10),
          end: new Date(c.timeMs).toISOString().slice(0, 10),
        },
        granularity: 'DAILY',
        metrics: ['UnblendedCost'],
      },
    }),
  ),

  def(
    'kms.amazonaws.com',
    'Decrypt',
    0.1,
    {
      actors: { automation: 1 },
      eventType: 'AwsVpceEvent',
      category: 'NetworkActivity',
      version: '1.10',
      errorRate: 0,
      accountKinds: ['workload'],
    },
    (c) => ({
      requestParameters: null,
      responseElements: null,
      error: {
        errorCode: 'VpceAccessDenied',
        errorMessage: `The request was denied due to a VPC endpoint policy for ${c.actor.arn}`,
      },
    }),
  ),
]

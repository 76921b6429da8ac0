/** Identity calls: IAM, STS, console sign-in, IAM Identity Center and Organizations. */
import { type CallContext, type CallParts, def, NO_PARAMS, type ResourceRef, type Template } from './catalog-types.js'
import type { Actor, JsonObject } from './principals.js'
import { HOUR_MS, javaDate } from './time-format.js'

const IAM = 'iam.amazonaws.com'
const STS = 'sts.amazonaws.com'
const HOME = { scope: 'home' } as const

function iamArn(c: CallContext, resource: string): string {
  return `arn:aws:iam::${c.account.id}:${resource}`
}

function iamResource(c: CallContext, kind: 'User' | 'Role' | 'Policy' | 'AccessKey', resource: string): ResourceRef[] {
  return [{ accountId: c.account.id, type: `AWS::IAM::${kind}`, ARN: iamArn(c, resource) }]
}

export function policyDocument(
  statements: Array<{ Effect: string; Action: string | string[]; Resource: string | string[] }>,
): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements })
}

function ordinaryPolicy(c: CallContext): string {
  const bucket = c.rng.pick(c.account.buckets).name
  switch (c.rng.int(4)) {
    case 0:
      return policyDocument([
        {
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:ListBucket'],
          Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        },
      ])
    case 1:
      return policyDocument([
        {
          Effect: 'Allow',
          Action: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'],
          Resource: `arn:aws:sqs:${c.region}:${c.account.id}:${c.account.env}-jobs`,
        },
      ])
    case 2:
      return policyDocument([
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: `arn:aws:logs:${c.region}:${c.account.id}:log-group:/aws/lambda/*`,
        },
      ])
    default:
      return policyDocument([{ Effect: 'Allow', Action: ['ssm:GetParameter', 'kms:Decrypt'], Resource: '*' }])
  }
}

export const ADMIN_POLICY = policyDocument([{ Effect: 'Allow', Action: '*', Resource: '*' }])

function roleName(c: CallContext): string {
  return c.rng.pick(c.account.roleNames)
}

function userName(c: CallContext): string {
  return c.rng.pick(['ext-contractor', 'ops-oncall', `terraform-${c.account.env}`, 'bob.dev', 'backup-agent'])
}

export function createUserCall(c: CallContext, name: string, tags = true): CallParts {
  return {
    requestParameters: tags ? { userName: name, tags: [{ key: 'team', value: 'platform' }] } : { userName: name },
    responseElements: c.failed
      ? null
      : {
          user: {
            path: '/',
            userName: name,
            userId: `AIDA${c.rng.base32(17)}`,
            arn: iamArn(c, `user/${name}`),
            createDate: javaDate(c.timeMs),
          },
        },
    errorResource: iamArn(c, `user/${name}`),
  }
}

export function createAccessKeyCall(c: CallContext, name: string): CallParts {
  return {
    requestParameters: { userName: name },
    responseElements: c.failed
      ? null
      : {
          accessKey: {
            userName: name,
            accessKeyId: `AKIA${c.rng.base32(16)}`,
            status: 'Active',
            createDate: javaDate(c.timeMs),
          },
        },
    errorResource: iamArn(c, `user/${name}`),
  }
}

export function attachPolicyCall(c: CallContext, target: 'User' | 'Role', name: string, policyArn: string): CallParts {
  return {
    requestParameters: target === 'User' ? { userName: name, policyArn } : { roleName: name, policyArn },
    errorResource: iamArn(c, `${target.toLowerCase()}/${name}`),
  }
}

export function putInlinePolicyCall(
  c: CallContext,
  target: 'User' | 'Role',
  name: string,
  policyName: string,
  document: string,
): CallParts {
  return {
    requestParameters:
      target === 'User'
        ? { userName: name, policyName, policyDocument: document }
        : { roleName: name, policyName, policyDocument: document },
    errorResource: iamArn(c, `${target.toLowerCase()}/${name}`),
  }
}

export function createRoleCall(c: CallContext, name: string, trustedPrincipal: string): CallParts {
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: trustedPrincipal }, Action: 'sts:AssumeRole' }],
  })
  return {
    requestParameters: { roleName: name, assumeRolePolicyDocument: trust, maxSessionDuration: 3600, path: '/' },
    responseElements: c.failed
      ? null
      : {
          role: {
            path: '/',
            roleName: name,
            roleId: `AROA${c.rng.base32(17)}`,
            arn: iamArn(c, `role/${name}`),
            createDate: javaDate(c.timeMs),
            assumeRolePolicyDocument: encodeURIComponent(trust),
          },
        },
    errorResource: iamArn(c, `role/${name}`),
  }
}

export function createPolicyCall(c: CallContext, name: string, document: string): CallParts {
  return {
    requestParameters: { policyName: name, policyDocument: document, path: '/' },
    responseElements: c.failed
      ? null
      : {
          policy: {
            policyName: name,
            policyId: `ANPA${c.rng.base32(17)}`,
            arn: iamArn(c, `policy/${name}`),
            path: '/',
            defaultVersionId: 'v1',
            attachmentCount: 0,
            permissionsBoundaryUsageCount: 0,
            isAttachable: true,
            createDate: javaDate(c.timeMs),
            updateDate: javaDate(c.timeMs),
          },
        },
  }
}

export function deleteUserCall(c: CallContext, name: string): CallParts {
  return {
    requestParameters: { userName: name },
    resources: iamResource(c, 'User', `user/${name}`),
    errorResource: iamArn(c, `user/${name}`),
  }
}

/** The AssumeRole record as the target account sees it. */
export function assumeRoleCall(c: CallContext, roleArn: string, sessionName: string, shared: boolean): CallParts {
  const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1)
  const assumedRoleId = `AROA${c.rng.base32(17)}:${sessionName}`
  return {
    requestParameters: { roleArn, roleSessionName: sessionName, durationSeconds: 3600 },
    responseElements: c.failed
      ? null
      : {
          credentials: {
            accessKeyId: `ASIA${c.rng.base32(16)}`,
            sessionToken: `IQoJb3JpZ2luX2Vj${c.rng.base64(160)}`,
            expiration: javaDate(c.timeMs + HOUR_MS),
          },
          assumedRoleUser: {
            assumedRoleId,
            arn: `arn:aws:sts::${c.account.id}:assumed-role/${roleName}/${sessionName}`,
          },
        },
    resources: [{ accountId: c.account.id, type: 'AWS::IAM::Role', ARN: roleArn }],
    shared,
    errorResource: roleArn,
  }
}

function assumeRoleTarget(c: CallContext): { roleArn: string; session: string } {
  const actor = c.actor
  const env = c.account.env
  if (actor.cls === 'aws-service') {
    switch (actor.invokedBy) {
      case 'lambda.amazonaws.com':
        return {
          roleArn: iamArn(c, `role/${env}-lambda-exec`),
          session: `${env}-${c.rng.pick(['orders-api', 'image-resizer', 'token-refresh'])}`,
        }
      case 'ecs-tasks.amazonaws.com':
        return { roleArn: iamArn(c, `role/${env}-web-task-role`), session: c.rng.hex(32) }
      case 'ec2.amazonaws.com':
        return { roleArn: iamArn(c, `role/${env}-ec2-app`), session: c.rng.pick(c.res.instanceIds) }
      case 'config.amazonaws.com':
        return {
          roleArn: iamArn(c, 'role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig'),
          session: 'AWSConfig-Describe',
        }
      case 'cloudtrail.amazonaws.com':
        return {
          roleArn: iamArn(c, 'role/CloudTrailRoleForCloudWatchLogs'),
          session: 'CloudTrailCloudWatchLogsSession',
        }
      default:
        return {
          roleArn: iamArn(
            c,
            `role/aws-service-role/${actor.invokedBy}/AWSServiceRoleFor${c.rng.pick(['AutoScaling', 'SSM', 'Events'])}`,
          ),
          session: `${actor.invokedBy?.split('.')[0]}-${c.rng.digits(8)}`,
        }
    }
  }
  if (actor.cls === 'foreign') {
    return actor.label === 'vendor'
      ? { roleArn: iamArn(c, 'role/DatadogIntegrationRole'), session: 'DatadogAWSIntegration' }
      : { roleArn: iamArn(c, 'role/PartnerDataSyncRole'), session: `sync-${c.rng.digits(6)}` }
  }
  if (actor.cls === 'human')
    return {
      roleArn: iamArn(c, 'role/OrganizationAccountAccessRole'),
      session: actor.userName ?? actor.label.split(':')[1] ?? 'admin',
    }
  return {
    roleArn: iamArn(c, `role/${c.rng.pick(['terraform-apply', 'SecurityAuditRole', 'OrganizationAccountAccessRole'])}`),
    session: `session-${c.rng.digits(13)}`,
  }
}

/** The userIdentity a ConsoleLogin records: no access key, no session (except federated sessions). */
export function signInIdentity(actor: Actor, timeMs: number, failed: boolean): JsonObject {
  const full = actor.identity(timeMs)
  if (full.type === 'Root')
    return { type: 'Root', principalId: full.principalId, arn: full.arn, accountId: full.accountId }
  if (full.type === 'IAMUser') {
    return failed
      ? {
          type: 'IAMUser',
          principalId: full.principalId,
          accountId: full.accountId,
          accessKeyId: '',
          userName: full.userName,
        }
      : {
          type: 'IAMUser',
          principalId: full.principalId,
          arn: full.arn,
          accountId: full.accountId,
          userName: full.userName,
        }
  }
  // A federated console session: the role session, without a key.
  const { accessKeyId: _key, ...session } = full
  return session
}

export function consoleLoginCall(c: CallContext, options: { mfa: boolean; success: boolean }): CallParts {
  const redirect = c.rng.pick([
    'https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true',
    `https://${c.region}.console.aws.amazon.com/ec2/home?region=${c.region}`,
    'https://console.aws.amazon.com/s3/home',
  ])
  const additional: JsonObject = { LoginTo: redirect, MobileVersion: 'No', MFAUsed: options.mfa ? 'Yes' : 'No' }
  if (options.mfa && options.success)
    additional.MFAIdentifier = `arn:aws:iam::${c.account.id}:mfa/${c.actor.isRoot ? 'root-account-mfa-device' : (c.actor.userName ?? 'device')}`
  return {
    requestParameters: null,
    responseElements: { ConsoleLogin: options.success ? 'Success' : 'Failure' },
    additionalEventData: additional,
    errorMessage: options.success ? undefined : 'Failed authentication',
    identity: signInIdentity(c.actor, c.timeMs, !options.success),
    host: 'signin.aws.amazon.com',
  }
}

export const IDENTITY_TEMPLATES: Template[] = [
  def(
    IAM,
    'GetUser',
    4,
    {
      ...HOME,
      actors: { human: 1, automation: 2 },
      errors: [
        ['not-found', 3],
        ['denied', 3],
      ],
    },
    (c) => ({ requestParameters: c.rng.chance(0.4) ? null : { userName: userName(c) } }),
  ),
  def(IAM, 'ListUsers', 3, { ...HOME, actors: { human: 1, automation: 2, service: 1 } }, NO_PARAMS),
  def(IAM, 'ListRoles', 5, { ...HOME, actors: { human: 1, automation: 2, service: 1 } }, NO_PARAMS),
  def(
    IAM,
    'GetRole',
    8,
    {
      ...HOME,
      actors: { human: 1, automation: 3, service: 1 },
      errors: [
        ['not-found', 3],
        ['denied', 3],
      ],
    },
    (c) => {
      const name = roleName(c)
      return { requestParameters: { roleName: name }, errorResource: iamArn(c, `role/${name}`) }
    },
  ),
  def(IAM, 'ListAttachedRolePolicies', 5, { ...HOME, actors: { human: 1, automation: 3, service: 1 } }, (c) => ({
    requestParameters: { roleName: roleName(c) },
  })),
  def(IAM, 'ListRolePolicies', 4, { ...HOME, actors: { automation: 3, service: 1 } }, (c) => ({
    requestParameters: { roleName: roleName(c) },
  })),
  def(IAM, 'GetRolePolicy', 3, { ...HOME, actors: { automation: 3, service: 1 } }, (c) => ({
    requestParameters: { roleName: roleName(c), policyName: 'inline-access' },
  })),
  def(IAM, 'GetPolicy', 3, { ...HOME, actors: { automation: 3, service: 1 } }, (c) => ({
    requestParameters: {
      policyArn: c.rng.pick([
        'arn:aws:iam::aws:policy/ReadOnlyAccess',
        'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
        iamArn(c, 'policy/app-data-access'),
      ]),
    },
  })),
  def(IAM, 'GetPolicyVersion', 3, { ...HOME, actors: { automation: 3, service: 1 } }, (c) => ({
    requestParameters: { policyArn: iamArn(c, 'policy/app-data-access'), versionId: `v${c.rng.range(1, 5)}` },
  })),
  def(IAM, 'ListPolicies', 2, { ...HOME, actors: { automation: 2, human: 1 } }, () => ({
    requestParameters: { scope: 'Local', onlyAttached: false },
  })),
  def(IAM, 'GetAccountSummary', 2, { ...HOME, actors: { human: 2, automation: 1 } }, NO_PARAMS),
  def(IAM, 'ListAccessKeys', 2, { ...HOME, actors: { human: 1, automation: 2 } }, (c) => ({
    requestParameters: { userName: userName(c) },
  })),
  def(
    IAM,
    'GetAccountPasswordPolicy',
    1,
    { ...HOME, actors: { automation: 2, service: 1 }, errors: [['not-found', 1]] },
    NO_PARAMS,
  ),
  def(IAM, 'ListMFADevices', 1, { ...HOME, actors: { human: 2, automation: 1 } }, NO_PARAMS),
  def(IAM, 'GenerateCredentialReport', 0.5, { ...HOME, actors: { automation: 2 } }, NO_PARAMS),
  def(IAM, 'GetCredentialReport', 0.5, { ...HOME, actors: { automation: 2 } }, NO_PARAMS),
  def(IAM, 'ListInstanceProfilesForRole', 2, { ...HOME, actors: { automation: 3 } }, (c) => ({
    requestParameters: { roleName: roleName(c) },
  })),
  def(IAM, 'ListGroups', 1, { ...HOME, actors: { automation: 2, human: 1 } }, NO_PARAMS),
  def(IAM, 'GetAccountAuthorizationDetails', 0.4, { ...HOME, actors: { automation: 2, service: 1 } }, () => ({
    requestParameters: { filter: ['User', 'Role', 'Group', 'LocalManagedPolicy'] },
  })),
  def(IAM, 'TagRole', 0.1, { ...HOME, actors: { automation: 3 } }, (c) => ({
    requestParameters: { roleName: roleName(c), tags: [{ key: 'managed-by', value: 'terraform' }] },
  })),
  def(IAM, 'CreateRole', 0.05, { ...HOME, actors: { automation: 3, human: 0.5 } }, (c) =>
    createRoleCall(c, `${c.account.env}-svc-${c.rng.hex(6)}`, `arn:aws:iam::${c.account.id}:root`),
  ),
  def(IAM, 'DeleteRole', 0.02, { ...HOME, actors: { automation: 3, human: 0.5 } }, (c) => {
    const name = `${c.account.env}-svc-${c.rng.hex(6)}`
    return {
      requestParameters: { roleName: name },
      resources: iamResource(c, 'Role', `role/${name}`),
      errorResource: iamArn(c, `role/${name}`),
    }
  }),
  def(IAM, 'UpdateAssumeRolePolicy', 0.03, { ...HOME, actors: { automation: 3 } }, (c) => ({
    requestParameters: {
      roleName: roleName(c),
      policyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    },
  })),
  def(IAM, 'AttachRolePolicy', 0.08, { ...HOME, actors: { automation: 3, human: 0.5 } }, (c) =>
    attachPolicyCall(
      c,
      'Role',
      roleName(c),
      c.rng.pick([
        'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
        'arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy',
        iamArn(c, 'policy/app-data-access'),
      ]),
    ),
  ),
  def(IAM, 'DetachRolePolicy', 0.04, { ...HOME, actors: { automation: 3 } }, (c) =>
    attachPolicyCall(c, 'Role', roleName(c), 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'),
  ),
  def(IAM, 'PutRolePolicy', 0.08, { ...HOME, actors: { automation: 3, human: 0.5 } }, (c) =>
    putInlinePolicyCall(
      c,
      'Role',
      roleName(c),
      c.rng.pick(['inline-access', 'data-read', 'logs-write']),
      ordinaryPolicy(c),
    ),
  ),
  def(IAM, 'DeleteRolePolicy', 0.03, { ...HOME, actors: { automation: 3 } }, (c) => {
    const name = roleName(c)
    return {
      requestParameters: { roleName: name, policyName: c.rng.pick(['inline-access', 'legacy-access']) },
      resources: iamResource(c, 'Role', `role/${name}`),
    }
  }),
  def(IAM, 'CreatePolicy', 0.04, { ...HOME, actors: { automation: 3, human: 0.5 } }, (c) =>
    createPolicyCall(c, `${c.account.env}-access-${c.rng.hex(4)}`, ordinaryPolicy(c)),
  ),
  def(IAM, 'CreatePolicyVersion', 0.05, { ...HOME, actors: { automation: 3 } }, (c) => ({
    requestParameters: {
      policyArn: iamArn(c, 'policy/app-data-access'),
      policyDocument: ordinaryPolicy(c),
      setAsDefault: true,
    },
  })),
  def(IAM, 'DeletePolicyVersion', 0.03, { ...HOME, actors: { automation: 3 } }, (c) => {
    const policyArn = iamArn(c, 'policy/app-data-access')
    return {
      requestParameters: { policyArn, versionId: `v${c.rng.range(1, 4)}` },
      resources: [{ accountId: c.account.id, type: 'AWS::IAM::Policy', ARN: policyArn }],
    }
  }),
  def(IAM, 'CreateUser', 0.015, { ...HOME, actors: { automation: 2, human: 1 } }, (c) =>
    createUserCall(c, c.rng.pick(['svc-reporting', 'svc-backup', 'ci-runner', 'temp-audit'])),
  ),
  def(IAM, 'DeleteUser', 0.01, { ...HOME, actors: { automation: 2, human: 1 } }, (c) =>
    deleteUserCall(c, c.rng.pick(['temp-audit', 'old-ci-runner', 'svc-legacy'])),
  ),
  def(IAM, 'CreateAccessKey', 0.03, { ...HOME, actors: { automation: 1, human: 2 } }, (c) =>
    createAccessKeyCall(c, userName(c)),
  ),
  def(IAM, 'UpdateAccessKey', 0.02, { ...HOME, actors: { automation: 1, human: 2 } }, (c) => ({
    requestParameters: { userName: userName(c), accessKeyId: `AKIA${c.rng.base32(16)}`, status: 'Inactive' },
  })),
  def(IAM, 'DeleteAccessKey', 0.02, { ...HOME, actors: { automation: 1, human: 2 } }, (c) => {
    const name = userName(c)
    return {
      requestParameters: { userName: name, accessKeyId: `AKIA${c.rng.base32(16)}` },
      resources: iamResource(c, 'User', `user/${name}`),
    }
  }),
  def(IAM, 'PutUserPolicy', 0.015, { ...HOME, actors: { automation: 2, human: 1 } }, (c) =>
    putInlinePolicyCall(c, 'User', userName(c), 'inline-access', ordinaryPolicy(c)),
  ),
  def(IAM, 'AttachUserPolicy', 0.015, { ...HOME, actors: { automation: 2, human: 1 } }, (c) =>
    attachPolicyCall(c, 'User', userName(c), 'arn:aws:iam::aws:policy/ReadOnlyAccess'),
  ),
  def(
    IAM,
    'ChangePassword',
    0.02,
    { ...HOME, actors: { human: 1 }, only: (a) => a.label.startsWith('user:') && a.console },
    () => ({ requestParameters: null }),
  ),
  def(IAM, 'CreateServiceLinkedRole', 0.03, { ...HOME, actors: { automation: 2, service: 1 } }, (c) => ({
    requestParameters: {
      aWSServiceName: c.rng.pick([
        'autoscaling.amazonaws.com',
        'ecs.amazonaws.com',
        'elasticloadbalancing.amazonaws.com',
      ]),
    },
  })),

  def(
    STS,
    'AssumeRole',
    30,
    { actors: { 'aws-service': 4, automation: 2, foreign: 1.5, human: 0.3 }, errors: [['denied', 1]] },
    (c) => {
      const { roleArn, session } = assumeRoleTarget(c)
      const parts = assumeRoleCall(c, roleArn, session, c.actor.cls === 'foreign')
      if (c.actor.cls === 'aws-service') parts.host = null
      return parts
    },
  ),
  def(STS, 'GetCallerIdentity', 12, { actors: { human: 1, automation: 3 } }, NO_PARAMS),
  def(
    STS,
    'AssumeRoleWithWebIdentity',
    2,
    { actors: { 'web-identity': 1 }, accountKinds: ['workload', 'sandbox', 'management'] },
    (c) => {
      const roleArn = iamArn(c, 'role/github-actions-deploy')
      return {
        requestParameters: { roleArn, roleSessionName: 'GitHubActions', durationSeconds: 3600 },
        responseElements: c.failed
          ? null
          : {
              credentials: {
                accessKeyId: `ASIA${c.rng.base32(16)}`,
                sessionToken: `IQoJb3JpZ2luX2Vj${c.rng.base64(160)}`,
                expiration: javaDate(c.timeMs + HOUR_MS),
              },
              subjectFromWebIdentityToken: c.actor.userName ?? '',
              assumedRoleUser: {
                assumedRoleId: `AROA${c.rng.base32(17)}:GitHubActions`,
                arn: `arn:aws:sts::${c.account.id}:assumed-role/github-actions-deploy/GitHubActions`,
              },
              provider: `arn:aws:iam::${c.account.id}:oidc-provider/token.actions.githubusercontent.com`,
              audience: 'sts.amazonaws.com',
            },
        resources: [{ accountId: c.account.id, type: 'AWS::IAM::Role', ARN: roleArn }],
      }
    },
  ),
  def(
    STS,
    'AssumeRoleWithSAML',
    1.2,
    { ...HOME, actors: { saml: 1 }, accountKinds: ['workload', 'management'] },
    (c) => {
      const roleArn = iamArn(c, 'role/OktaAdmin')
      return {
        requestParameters: {
          sAMLAssertionID: `id${c.rng.digits(20)}`,
          roleSessionName: c.actor.userName ?? '',
          principalArn: c.actor.arn,
          roleArn,
          durationSeconds: 3600,
        },
        responseElements: c.failed
          ? null
          : {
              credentials: {
                accessKeyId: `ASIA${c.rng.base32(16)}`,
                sessionToken: `IQoJb3JpZ2luX2Vj${c.rng.base64(160)}`,
                expiration: javaDate(c.timeMs + HOUR_MS),
              },
              assumedRoleUser: {
                assumedRoleId: `AROA${c.rng.base32(17)}:${c.actor.userName}`,
                arn: `arn:aws:sts::${c.account.id}:assumed-role/OktaAdmin/${c.actor.userName}`,
              },
              subject: c.actor.userName ?? '',
              subjectType: 'persistent',
              issuer: 'http://www.okta.com/exk1abcdEFGH2345',
              audience: 'https://signin.aws.amazon.com/saml',
              nameQualifier: c.org.samlIssuer,
            },
        resources: [{ accountId: c.account.id, type: 'AWS::IAM::Role', ARN: roleArn }],
      }
    },
  ),
  def(STS, 'GetSessionToken', 0.3, { actors: { human: 1 } }, () => ({ requestParameters: { durationSeconds: 43200 } })),
  def(STS, 'DecodeAuthorizationMessage', 0.1, { actors: { human: 1 } }, (c) => ({
    requestParameters: { encodedMessage: c.rng.base64(64) },
  })),

  def(
    'signin.amazonaws.com',
    'ConsoleLogin',
    1.5,
    {
      ...HOME,
      readOnly: false,
      actors: { human: 1 },
      eventType: 'AwsConsoleSignIn',
      errorRate: 0,
      only: (a) => a.console,
    },
    (c) => {
      const isIamUser = c.actor.label.startsWith('user:')
      const success = !(isIamUser || c.actor.isRoot) || c.rng.chance(0.93)
      const mfa = c.actor.isRoot ? c.rng.chance(0.9) : isIamUser ? c.actor.console : false
      return consoleLoginCall(c, { mfa, success })
    },
  ),

  def(
    'sso.amazonaws.com',
    'ListAccounts',
    0.8,
    { ...HOME, actors: { 'identity-center': 1 }, accountKinds: ['management'], version: '1.10' },
    () => ({ requestParameters: { maxResult: 100 } }),
  ),
  def(
    'sso.amazonaws.com',
    'ListAccountRoles',
    0.8,
    { ...HOME, actors: { 'identity-center': 1 }, accountKinds: ['management'], version: '1.10' },
    (c) => ({
      requestParameters: { accountId: c.rng.pick(c.org.accounts).id, maxResult: 100 },
    }),
  ),
  def(
    'sso.amazonaws.com',
    'GetRoleCredentials',
    1,
    { ...HOME, actors: { 'identity-center': 1 }, accountKinds: ['management'], version: '1.10' },
    (c) => ({
      requestParameters: {
        roleName: c.rng.pick(['AdministratorAccess', 'PowerUserAccess', 'ReadOnlyAccess']),
        accountId: c.rng.pick(c.org.accounts).id,
      },
    }),
  ),

  def(
    'organizations.amazonaws.com',
    'DescribeOrganization',
    2,
    { ...HOME, actors: { automation: 2, service: 2, human: 0.5 } },
    NO_PARAMS,
  ),
  def(
    'organizations.amazonaws.com',
    'ListAccounts',
    1,
    { ...HOME, actors: { automation: 2, service: 1, human: 0.5 }, accountKinds: ['management'] },
    NO_PARAMS,
  ),
  def(
    'organizations.amazonaws.com',
    'DescribeAccount',
    0.3,
    { ...HOME, actors: { automation: 2, human: 0.5 }, accountKinds: ['management'] },
    (c) => ({ requestParameters: { accountId: c.rng.pick(c.org.accounts).id } }),
  ),
  def(
    'organizations.amazonaws.com',
    'ListDelegatedAdministrators',
    0.3,
    { ...HOME, actors: { automation: 2, service: 1 }, accountKinds: ['management'] },
    NO_PARAMS,
  ),
  def(
    'organizations.amazonaws.com',
    'ListPolicies',
    0.3,
    { ...HOME, actors: { automation: 2, human: 0.5 }, accountKinds: ['management'] },
    () => ({ requestParameters: { filter: 'SERVICE_CONTROL_POLICY' } }),
  ),
  def(
    'organizations.amazonaws.com',
    'RegisterDelegatedAdministrator',
    0.004,
    { ...HOME, actors: { automation: 1, human: 1 }, accountKinds: ['management'] },
    (c) => ({
      requestParameters: {
        accountId: c.org.accounts[1]?.id ?? c.account.id,
        servicePrincipal: c.rng.pick(['guardduty.amazonaws.com', 'securityhub.amazonaws.com', 'config.amazonaws.com']),
      },
    }),
  ),
  def(
    'organizations.amazonaws.com',
    'DeregisterDelegatedAdministrator',
    0.004,
    { ...HOME, actors: { automation: 1, human: 1 }, accountKinds: ['management'] },
    (c) => ({
      requestParameters: {
        accountId: c.org.accounts[1]?.id ?? c.account.id,
        servicePrincipal: c.rng.pick(['guardduty.amazonaws.com', 'securityhub.amazonaws.com']),
      },
    }),
  ),
]

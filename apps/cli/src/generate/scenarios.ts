/**
 * Security-relevant episodes, a few days apart: root sign-ins, a backdoor IAM user, policy changes, a security
 * group opened to the world, trail tampering, a leaked key probing from 192.0.2.1, deletions, a foreign account.
 * Every kind occurs at least once in a run, so each seed query has something to find whatever the event count.
 */
import { findTemplate } from './catalog.js'
import {
  createNetworkAclEntryCall,
  createRouteCall,
  deleteSecurityGroupCall,
  securityGroupRuleCall,
} from './catalog-compute.js'
import {
  ADMIN_POLICY,
  assumeRoleCall,
  attachPolicyCall,
  consoleLoginCall,
  createAccessKeyCall,
  createPolicyCall,
  createRoleCall,
  createUserCall,
  deleteUserCall,
  policyDocument,
  putInlinePolicyCall,
} from './catalog-identity.js'
import { deregisterDelegatedAdminCall, trailChangeCall } from './catalog-operations.js'
import { bucketCall, objectCall, scheduleKeyDeletionCall } from './catalog-storage.js'
import { arn, type CallContext, type CallParts, def, type Template } from './catalog-types.js'
import type { ErrorKind } from './errors.js'
import { DOC_EXAMPLE_IP, ispIpv4, KALI_AGENT } from './network.js'
import type { Org } from './org.js'
import type { Actor, Population, Roster } from './principals.js'
import type { Rng } from './prng.js'
import { javaDate } from './time-format.js'

export interface Step {
  template: Template
  actor: Actor
  build?: (c: CallContext) => CallParts
  error?: ErrorKind | false
}

export type ScenarioKind =
  | 'root-console'
  | 'root-failed-logins'
  | 'backdoor-user'
  | 'policy-changes'
  | 'open-security-group'
  | 'network-changes'
  | 'trail-tampering'
  | 'leaked-key'
  | 'resource-deletion'
  | 'org-admin-change'
  | 'foreign-account'
  | 'error-burst'

export const SCENARIO_KINDS: readonly ScenarioKind[] = [
  'root-console',
  'root-failed-logins',
  'backdoor-user',
  'policy-changes',
  'open-security-group',
  'network-changes',
  'trail-tampering',
  'leaked-key',
  'resource-deletion',
  'org-admin-change',
  'foreign-account',
  'error-burst',
]

/** Scenarios needing the home region (IAM, sign-in, Organizations and the trail live there). */
export function needsHomeRegion(kind: ScenarioKind): boolean {
  return kind !== 'open-security-group' && kind !== 'network-changes'
}

/** Which account a scenario prefers, by account index. */
export function preferredAccount(kind: ScenarioKind, org: Org, rng: Rng): number {
  const byKind = (k: string) => org.accounts.findIndex((a) => a.kind === k)
  const workloads = org.accounts.filter((a) => a.kind === 'workload' || a.kind === 'sandbox').map((a) => a.index)
  const anyWorkload = () => (workloads.length > 0 ? rng.pick(workloads) : 0)
  switch (kind) {
    case 'org-admin-change':
      return 0
    case 'root-console':
    case 'root-failed-logins':
      return rng.chance(0.5) ? 0 : rng.int(org.accounts.length)
    case 'trail-tampering':
      return rng.chance(0.5) ? Math.max(0, byKind('sandbox')) : anyWorkload()
    default:
      return anyWorkload()
  }
}

function withCaller(build: (c: CallContext) => CallParts, ip: string, agent?: string): (c: CallContext) => CallParts {
  return (c) => ({ ...build(c), sourceIPAddress: ip, ...(agent ? { userAgent: agent } : {}) })
}

const IAM = 'iam.amazonaws.com'
const EC2 = 'ec2.amazonaws.com'
const tpl = findTemplate

/** The steps of one scenario in one account (the region is the file's). */
export function scenarioSteps(kind: ScenarioKind, roster: Roster, population: Population, org: Org, rng: Rng): Step[] {
  const admin = roster.admin
  const account = roster.account
  switch (kind) {
    case 'root-console': {
      const root = roster.rootConsole
      const ip = ispIpv4(rng)
      const at = (b: (c: CallContext) => CallParts) => withCaller(b, ip)
      return [
        {
          template: tpl('signin.amazonaws.com', 'ConsoleLogin'),
          actor: root,
          build: at((c) => consoleLoginCall(c, { mfa: false, success: true })),
          error: false,
        },
        {
          template: tpl(IAM, 'GetAccountSummary'),
          actor: root,
          build: at(() => ({ requestParameters: null })),
          error: false,
        },
        {
          template: tpl('s3.amazonaws.com', 'ListBuckets'),
          actor: root,
          build: at(tpl('s3.amazonaws.com', 'ListBuckets').build),
          error: false,
        },
        { template: tpl(IAM, 'ListUsers'), actor: root, build: at(() => ({ requestParameters: null })), error: false },
        {
          template: tpl(IAM, 'CreateAccessKey'),
          actor: root,
          build: at((c) => ({ ...createAccessKeyCall(c, 'root'), requestParameters: null })),
          error: false,
        },
        { template: tpl('sts.amazonaws.com', 'GetCallerIdentity'), actor: roster.rootKey, error: false },
        { template: tpl(EC2, 'DescribeInstances'), actor: roster.rootKey, error: false },
      ]
    }
    case 'root-failed-logins': {
      const root = roster.rootConsole
      const attacker = rng.chance(0.5) ? DOC_EXAMPLE_IP : ispIpv4(rng)
      const fail = withCaller((c) => consoleLoginCall(c, { mfa: false, success: false }), attacker)
      const steps: Step[] = []
      for (let i = 0, n = rng.range(3, 5); i < n; i++)
        steps.push({ template: tpl('signin.amazonaws.com', 'ConsoleLogin'), actor: root, build: fail, error: false })
      steps.push({
        template: tpl('signin.amazonaws.com', 'ConsoleLogin'),
        actor: root,
        build: (c) => consoleLoginCall(c, { mfa: true, success: true }),
        error: false,
      })
      steps.push({ template: tpl(IAM, 'GetAccountSummary'), actor: root, error: false })
      return steps
    }
    case 'backdoor-user': {
      const name = `svc-maint-${rng.hex(4)}`
      const actor = rng.chance(0.6) ? admin : roster.contractor
      return [
        { template: tpl(IAM, 'CreateUser'), actor, build: (c) => createUserCall(c, name, false), error: false },
        {
          template: def(IAM, 'CreateLoginProfile', 0, { scope: 'home' }, () => ({})),
          actor,
          build: (c) => ({
            requestParameters: { userName: name, passwordResetRequired: false },
            responseElements: {
              loginProfile: { userName: name, createDate: javaDate(c.timeMs), passwordResetRequired: false },
            },
          }),
          error: false,
        },
        { template: tpl(IAM, 'CreateAccessKey'), actor, build: (c) => createAccessKeyCall(c, name), error: false },
        {
          template: tpl(IAM, 'AttachUserPolicy'),
          actor,
          build: (c) => attachPolicyCall(c, 'User', name, 'arn:aws:iam::aws:policy/AdministratorAccess'),
          error: false,
        },
        {
          template: tpl(IAM, 'PutUserPolicy'),
          actor,
          build: (c) => putInlinePolicyCall(c, 'User', name, 'maintenance', ADMIN_POLICY),
          error: false,
        },
      ]
    }
    case 'policy-changes': {
      const actor = rng.chance(0.5) ? admin : roster.terraform
      const role = `break-glass-${rng.hex(4)}`
      const policyName = `${account.env}-data-export`
      return [
        {
          template: tpl(IAM, 'CreateRole'),
          actor,
          build: (c) => createRoleCall(c, role, `arn:aws:iam::${org.unknownAccountId}:root`),
          error: false,
        },
        {
          template: tpl(IAM, 'AttachRolePolicy'),
          actor,
          build: (c) => attachPolicyCall(c, 'Role', role, 'arn:aws:iam::aws:policy/AdministratorAccess'),
          error: false,
        },
        {
          template: tpl(IAM, 'CreatePolicy'),
          actor,
          build: (c) =>
            createPolicyCall(
              c,
              policyName,
              policyDocument([{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' }]),
            ),
          error: false,
        },
        {
          template: tpl(IAM, 'PutRolePolicy'),
          actor,
          build: (c) =>
            putInlinePolicyCall(
              c,
              'Role',
              role,
              'assume-anything',
              policyDocument([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }]),
            ),
          error: false,
        },
        { template: tpl(IAM, 'CreatePolicyVersion'), actor, error: false },
        {
          template: tpl(IAM, 'DeleteRolePolicy'),
          actor,
          build: (c) => ({
            requestParameters: { roleName: role, policyName: 'assume-anything' },
            resources: [
              { accountId: c.account.id, type: 'AWS::IAM::Role', ARN: `arn:aws:iam::${c.account.id}:role/${role}` },
            ],
          }),
          error: false,
        },
        { template: tpl(IAM, 'ChangePassword'), actor: roster.consoleUser, error: false },
      ]
    }
    case 'open-security-group': {
      const actor = rng.chance(0.5) ? admin : roster.contractor
      const sgOf = (c: CallContext) => c.res.securityGroupIds[0]!
      return [
        { template: tpl(EC2, 'DescribeSecurityGroups'), actor, error: false },
        {
          template: tpl(EC2, 'AuthorizeSecurityGroupIngress'),
          actor,
          build: (c) =>
            securityGroupRuleCall(c, 'AuthorizeSecurityGroupIngress', sgOf(c), {
              protocol: 'tcp',
              fromPort: 22,
              toPort: 22,
              cidr: '0.0.0.0/0',
              description: 'temp ssh',
            }),
          error: false,
        },
        {
          template: tpl(EC2, 'AuthorizeSecurityGroupIngress'),
          actor,
          build: (c) =>
            securityGroupRuleCall(c, 'AuthorizeSecurityGroupIngress', sgOf(c), {
              protocol: 'tcp',
              fromPort: 3389,
              toPort: 3389,
              cidrV6: '::/0',
            }),
          error: false,
        },
        {
          template: tpl(EC2, 'AuthorizeSecurityGroupEgress'),
          actor,
          build: (c) =>
            securityGroupRuleCall(c, 'AuthorizeSecurityGroupEgress', sgOf(c), { protocol: '-1', cidr: '0.0.0.0/0' }),
          error: false,
        },
        {
          template: tpl(EC2, 'RevokeSecurityGroupIngress'),
          actor,
          build: (c) =>
            securityGroupRuleCall(c, 'RevokeSecurityGroupIngress', sgOf(c), {
              protocol: 'tcp',
              fromPort: 22,
              toPort: 22,
              cidr: '0.0.0.0/0',
            }),
          error: false,
        },
        {
          template: tpl(EC2, 'RevokeSecurityGroupEgress'),
          actor,
          build: (c) =>
            securityGroupRuleCall(c, 'RevokeSecurityGroupEgress', sgOf(c), { protocol: '-1', cidr: '0.0.0.0/0' }),
          error: false,
        },
        {
          template: tpl(EC2, 'DeleteSecurityGroup'),
          actor,
          build: (c) => deleteSecurityGroupCall(c, c.res.securityGroupIds.at(-1)!),
          error: false,
        },
      ]
    }
    case 'network-changes': {
      const actor = rng.chance(0.5) ? admin : roster.terraform
      return [
        {
          template: tpl(EC2, 'CreateNetworkAclEntry'),
          actor,
          build: (c) => createNetworkAclEntryCall(c, '0.0.0.0/0', 22, 'allow'),
          error: false,
        },
        {
          template: tpl(EC2, 'CreateRoute'),
          actor,
          build: (c) => createRouteCall(c, '0.0.0.0/0', 'igw'),
          error: false,
        },
        {
          template: tpl(EC2, 'ReplaceRoute'),
          actor,
          build: (c) => createRouteCall(c, '0.0.0.0/0', 'igw'),
          error: false,
        },
        {
          template: tpl(EC2, 'CreateNetworkAclEntry'),
          actor,
          build: (c) => createNetworkAclEntryCall(c, '0.0.0.0/0', 3389, 'allow', true),
          error: false,
        },
      ]
    }
    case 'trail-tampering': {
      const actor = rng.chance(0.6) ? admin : roster.contractor
      const own = (c: CallContext) => arn('cloudtrail', c.region, c.account.id, `trail/${c.account.env}-audit-trail`)
      return [
        { template: tpl('cloudtrail.amazonaws.com', 'DescribeTrails'), actor, error: false },
        {
          template: tpl('cloudtrail.amazonaws.com', 'StopLogging'),
          actor,
          build: (c) => trailChangeCall(c, 'StopLogging', own(c)),
          error: false,
        },
        {
          template: tpl('cloudtrail.amazonaws.com', 'UpdateTrail'),
          actor,
          build: (c) => trailChangeCall(c, 'UpdateTrail', own(c)),
          error: false,
        },
        {
          template: tpl('cloudtrail.amazonaws.com', 'PutEventSelectors'),
          actor,
          build: (c) => trailChangeCall(c, 'PutEventSelectors', own(c)),
          error: false,
        },
        {
          template: tpl('cloudtrail.amazonaws.com', 'StopLogging'),
          actor,
          build: (c) => trailChangeCall(c, 'StopLogging'),
          error: 'denied',
        },
        { template: tpl('config.amazonaws.com', 'StopConfigurationRecorder'), actor, error: false },
        {
          template: tpl('cloudtrail.amazonaws.com', 'DeleteTrail'),
          actor,
          build: (c) => trailChangeCall(c, 'DeleteTrail', own(c)),
          error: false,
        },
        { template: tpl('cloudtrail.amazonaws.com', 'StartLogging'), actor: admin, error: false },
      ]
    }
    case 'leaked-key': {
      const actor = roster.contractor
      const probe = (source: string, name: string, error: ErrorKind | false): Step => {
        const template = tpl(source, name)
        return { template, actor, build: withCaller(template.build, DOC_EXAMPLE_IP, KALI_AGENT), error }
      }
      return [
        probe('sts.amazonaws.com', 'GetCallerIdentity', false),
        probe(IAM, 'ListUsers', 'denied'),
        probe(IAM, 'GetAccountAuthorizationDetails', 'denied'),
        probe('s3.amazonaws.com', 'ListBuckets', false),
        probe('s3.amazonaws.com', 'GetBucketPolicy', 'denied'),
        probe(EC2, 'DescribeInstances', 'denied'),
        probe(EC2, 'DescribeSecurityGroups', 'denied'),
        probe('secretsmanager.amazonaws.com', 'ListSecrets', 'denied'),
        probe('ssm.amazonaws.com', 'DescribeParameters', 'denied'),
        probe('lambda.amazonaws.com', 'ListFunctions20150331', 'denied'),
        probe('kms.amazonaws.com', 'ListKeys', 'denied'),
        probe(IAM, 'CreateUser', 'denied'),
        probe('sts.amazonaws.com', 'GetSessionToken', false),
      ]
    }
    case 'resource-deletion': {
      const actor = rng.chance(0.5) ? admin : roster.terraform
      const victim = `legacy-${rng.pick(['reporting', 'ci', 'backup'])}-user`
      return [
        {
          template: tpl('s3.amazonaws.com', 'DeleteBucket'),
          actor,
          build: (c) => bucketCall(c, `acme-${c.account.env}-old-exports-${c.account.id}`),
          error: false,
        },
        {
          template: def(IAM, 'DetachUserPolicy', 0, { scope: 'home' }, () => ({})),
          actor,
          build: (c) => attachPolicyCall(c, 'User', victim, 'arn:aws:iam::aws:policy/ReadOnlyAccess'),
          error: false,
        },
        {
          template: tpl(IAM, 'DeleteAccessKey'),
          actor,
          build: (c) => ({
            requestParameters: { userName: victim, accessKeyId: `AKIA${c.rng.base32(16)}` },
            resources: [
              { accountId: c.account.id, type: 'AWS::IAM::User', ARN: `arn:aws:iam::${c.account.id}:user/${victim}` },
            ],
          }),
          error: false,
        },
        { template: tpl(IAM, 'DeleteUser'), actor, build: (c) => deleteUserCall(c, victim), error: false },
        {
          template: tpl(EC2, 'DeleteSecurityGroup'),
          actor,
          build: (c) => deleteSecurityGroupCall(c, c.res.securityGroupIds[1] ?? c.res.securityGroupIds[0]!),
          error: false,
        },
        { template: tpl('lambda.amazonaws.com', 'DeleteFunction20150331'), actor, error: false },
        {
          template: tpl('kms.amazonaws.com', 'ScheduleKeyDeletion'),
          actor,
          build: (c) => scheduleKeyDeletionCall(c, c.res.kmsKeyIds[2]!),
          error: false,
        },
        { template: tpl('kms.amazonaws.com', 'DisableKey'), actor, error: false },
        { template: tpl('logs.amazonaws.com', 'DeleteLogGroup'), actor, error: false },
        { template: tpl('secretsmanager.amazonaws.com', 'DeleteSecret'), actor, error: false },
      ]
    }
    case 'org-admin-change': {
      const delegated = org.accounts[1]?.id ?? account.id
      const cloudtrailService: Actor = {
        ...admin,
        cls: 'aws-service',
        label: 'svc:cloudtrail.amazonaws.com',
        ips: [],
        invokedBy: 'cloudtrail.amazonaws.com',
        agent: undefined,
        console: false,
        identity: () => population.awsService('cloudtrail.amazonaws.com'),
      }
      return [
        { template: tpl('organizations.amazonaws.com', 'ListDelegatedAdministrators'), actor: admin, error: false },
        {
          template: tpl('cloudtrail.amazonaws.com', 'DeregisterOrganizationDelegatedAdmin'),
          actor: admin,
          build: () => deregisterDelegatedAdminCall(delegated),
          error: false,
        },
        {
          template: tpl('organizations.amazonaws.com', 'DeregisterDelegatedAdministrator'),
          actor: cloudtrailService,
          build: () => ({
            requestParameters: { accountId: delegated, servicePrincipal: 'cloudtrail.amazonaws.com' },
            host: null,
          }),
          error: false,
        },
        {
          template: def('organizations.amazonaws.com', 'DisableAWSServiceAccess', 0, { scope: 'home' }, () => ({})),
          actor: admin,
          build: () => ({ requestParameters: { servicePrincipal: 'guardduty.amazonaws.com' } }),
          error: false,
        },
      ]
    }
    case 'foreign-account': {
      const foreignId = { type: 'AWSAccount', principalId: `AIDA${rng.base32(17)}`, accountId: org.unknownAccountId }
      const ip = ispIpv4(rng)
      const stranger: Actor = {
        cls: 'foreign',
        label: 'unknown-account',
        accountId: org.unknownAccountId,
        arn: `arn:aws:iam::${org.unknownAccountId}:user/ops`,
        console: false,
        cli: true,
        ips: [ip],
        errorBias: 0,
        identity: () => foreignId,
      }
      const steps: Step[] = [
        {
          template: tpl('sts.amazonaws.com', 'AssumeRole'),
          actor: stranger,
          build: (c) =>
            assumeRoleCall(c, `arn:aws:iam::${c.account.id}:role/OrganizationAccountAccessRole`, 'ops', true),
          error: 'denied',
        },
        {
          template: tpl('sts.amazonaws.com', 'AssumeRole'),
          actor: stranger,
          build: (c) => assumeRoleCall(c, `arn:aws:iam::${c.account.id}:role/PartnerDataSyncRole`, 'ops', true),
          error: false,
        },
        { template: tpl('s3.amazonaws.com', 'ListObjects'), actor: stranger, error: false },
      ]
      for (let i = 0, n = rng.range(3, 6); i < n; i++) {
        steps.push({
          template: tpl('s3.amazonaws.com', 'GetObject'),
          actor: stranger,
          build: (c) => {
            const bucket = c.res.buckets[0]!
            return objectCall(c, bucket, c.rng.pick(bucket.keys), c.rng.range(1_000_000, 50_000_000), 0)
          },
          error: i === 0 ? 'denied' : false,
        })
      }
      return steps
    }
    case 'error-burst': {
      const actor =
        roster.byClass.get('automation')?.items.find((a) => a.label.includes('reporting')) ?? roster.terraform
      const steps: Step[] = []
      for (let i = 0; i < 4; i++) steps.push({ template: tpl(EC2, 'DescribeInstances'), actor, error: 'throttled' })
      for (let i = 0; i < 3; i++)
        steps.push({ template: tpl('kms.amazonaws.com', 'GenerateDataKey'), actor, error: 'throttled' })
      steps.push({ template: tpl(IAM, 'GetRole'), actor, error: 'not-found' })
      steps.push({ template: tpl(IAM, 'GetUser'), actor, error: 'not-found' })
      steps.push({ template: tpl('s3.amazonaws.com', 'GetObject'), actor, error: 'denied' })
      return steps
    }
  }
}

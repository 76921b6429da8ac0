/**
 * Who calls: per account, the people (IAM Identity Center sessions, IAM users), automation (Terraform, CI roles,
 * application roles, vendors), AWS services and foreign accounts, each with the userIdentity shape CloudTrail
 * records for that principal type, and their usual addresses and user agents.
 */

import {
  awsIpv4,
  BOTO3_LAMBDA_AGENT,
  BOTO3_SCANNER_AGENT,
  DOC_EXAMPLE_IP,
  GO_VENDOR_AGENT,
  ipv6,
  ispIpv4,
  JAVA_ECS_AGENT,
  JS_LAMBDA_AGENT,
  OLD_BOTO_AGENT,
  privateIpv4,
  runnerIpv4,
  SSM_AGENT,
  TERRAFORM_AGENT,
} from './network.js'
import type { Account, Org } from './org.js'
import { hashString, Rng, Weighted } from './prng.js'
import { HOUR_MS, isoSeconds } from './time-format.js'

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json | undefined }
export type JsonObject = { [key: string]: Json | undefined }

export type ActorClass =
  | 'human'
  | 'automation'
  | 'service'
  | 'aws-service'
  | 'foreign'
  | 'saml'
  | 'web-identity'
  | 'identity-center'

export interface Actor {
  cls: ActorClass
  label: string
  /** Account the principal belongs to (a foreign one for AWSAccount callers). */
  accountId: string
  /** ARN used in "User: ... is not authorized" messages. */
  arn: string
  userName?: string
  /** Console session: console user agents and sessionCredentialFromConsole. */
  console: boolean
  /** Command-line user: the CLI's user agent with the command appended. */
  cli: boolean
  /** Source addresses, most used first; empty for AWS services (the address is the service's host name). */
  ips: readonly string[]
  /** Fixed user agent (SDKs); console and CLI users get one per call. */
  agent?: string
  invokedBy?: string
  vpceId?: string
  /** Extra chance of an error on this principal's calls (a misconfigured role fails a lot). */
  errorBias: number
  isRoot?: boolean
  /** Read-only tooling (scanners, monitoring vendors): never writes, never reads objects. */
  auditor?: boolean
  identity(timeMs: number): JsonObject
}

export interface Person {
  name: string
  email: string
  ips: string[]
  userId: string
  admin: boolean
}

export interface Roster {
  account: Account
  byClass: Map<ActorClass, Weighted<Actor>>
  /** Root with a console session. */
  rootConsole: Actor
  /** Root calling with a root access key (a finding in itself). */
  rootKey: Actor
  /** The root user as ConsoleLogin records it (no key, no session). */
  rootSignIn: JsonObject
  admin: Actor
  terraform: Actor
  contractor: Actor
  consoleUser: Actor
  people: Person[]
  ssoAdminRoleName: string
}

const PEOPLE = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy']
const DOMAIN = 'acme.example'

function uniqueId(rng: Rng, prefix: string): string {
  return `${prefix}${rng.base32(17)}`
}

function keyId(rng: Rng, prefix: 'AKIA' | 'ASIA'): string {
  return `${prefix}${rng.base32(16)}`
}

/** An identity that changes each hourly session (new temporary key, new creationDate). */
function perSession(
  seed: number,
  label: string,
  build: (rng: Rng, creationMs: number) => JsonObject,
): (timeMs: number) => JsonObject {
  const offset = hashString(label) % HOUR_MS
  let cachedStart = Number.NaN
  let cached: JsonObject = {}
  return (timeMs) => {
    const start = Math.floor((timeMs - offset) / HOUR_MS) * HOUR_MS + offset
    if (start !== cachedStart) {
      cachedStart = start
      cached = build(new Rng(seed, `${label}@${start}`), start)
    }
    return cached
  }
}

interface RoleSpec {
  name: string
  path?: string
  session: string
  mfa?: boolean
  invokedBy?: string
  noKey?: boolean
  ec2?: boolean
}

function assumedRole(seed: number, rng: Rng, account: Account, spec: RoleSpec) {
  const roleId = uniqueId(rng, 'AROA')
  const roleArn = `arn:aws:iam::${account.id}:role${spec.path ?? '/'}${spec.name}`
  const arn = `arn:aws:sts::${account.id}:assumed-role/${spec.name}/${spec.session}`
  const identity = perSession(seed, `${account.id}:${arn}`, (r, created) => {
    const id: JsonObject = {
      type: 'AssumedRole',
      principalId: `${roleId}:${spec.session}`,
      arn,
      accountId: account.id,
    }
    if (!spec.noKey) id.accessKeyId = keyId(r, 'ASIA')
    const sessionContext: JsonObject = {
      sessionIssuer: { type: 'Role', principalId: roleId, arn: roleArn, accountId: account.id, userName: spec.name },
      webIdFederationData: {},
      attributes: { creationDate: isoSeconds(created), mfaAuthenticated: spec.mfa ? 'true' : 'false' },
    }
    if (spec.ec2) sessionContext.ec2RoleDelivery = '2.0'
    id.sessionContext = sessionContext
    if (spec.invokedBy) id.invokedBy = spec.invokedBy
    return id
  })
  return { arn, roleArn, identity }
}

export interface Population {
  people: Person[]
  rosters: Roster[]
  /** AWSService identities by service principal. */
  awsService(invokedBy: string): JsonObject
}

const SERVICE_ROLES: ReadonlyArray<readonly [string, string, number, boolean]> = [
  // role name, service principal, weight, workloads only
  ['AWSServiceRoleForConfig', 'config.amazonaws.com', 3, false],
  ['AWSServiceRoleForSecurityHub', 'securityhub.amazonaws.com', 1, false],
  ['AWSServiceRoleForAmazonGuardDuty', 'guardduty.amazonaws.com', 1, false],
  ['AWSServiceRoleForAccessAnalyzer', 'access-analyzer.amazonaws.com', 0.5, false],
  ['AWSServiceRoleForAmazonInspector2', 'inspector2.amazonaws.com', 0.6, false],
  ['AWSServiceRoleForAutoScaling', 'autoscaling.amazonaws.com', 1.2, true],
  ['AWSServiceRoleForElasticLoadBalancing', 'elasticloadbalancing.amazonaws.com', 1, true],
  ['AWSServiceRoleForECS', 'ecs.amazonaws.com', 1, true],
]

const AWS_SERVICE_CALLERS: ReadonlyArray<readonly [string, number]> = [
  ['cloudtrail.amazonaws.com', 1],
  ['config.amazonaws.com', 1],
  ['lambda.amazonaws.com', 1.5],
  ['ec2.amazonaws.com', 1],
  ['ecs-tasks.amazonaws.com', 1.5],
  ['ssm.amazonaws.com', 0.7],
  ['secretsmanager.amazonaws.com', 0.5],
  ['autoscaling.amazonaws.com', 0.5],
  ['events.amazonaws.com', 0.5],
]

function permissionSet(person: Person, account: Account): string | undefined {
  if (person.admin) return 'AdministratorAccess'
  switch (account.kind) {
    case 'sandbox':
      return 'PowerUserAccess'
    case 'workload':
      return account.env === 'prod' ? 'ReadOnlyAccess' : 'PowerUserAccess'
    case 'security':
      return person.name === 'heidi' || person.name === 'ivan' ? 'SecurityAudit' : undefined
    default:
      return person.name === 'dave' ? 'ViewOnlyAccess' : undefined
  }
}

export function buildPopulation(seed: number, org: Org): Population {
  const rng = new Rng(seed, 'principals')
  const people: Person[] = PEOPLE.map((name, i) => {
    const ips = [ispIpv4(rng), ispIpv4(rng)]
    if (rng.chance(0.4)) ips.push(ipv6(rng))
    return { name, email: `${name}@${DOMAIN}`, ips, userId: rng.uuid(), admin: i < 2 || name === 'heidi' }
  })
  const officeIp = ispIpv4(rng)
  for (const person of people) person.ips.unshift(officeIp)

  const awsServiceIdentities = new Map<string, JsonObject>()
  const awsService = (invokedBy: string): JsonObject => {
    let id = awsServiceIdentities.get(invokedBy)
    if (!id) {
      id = { type: 'AWSService', invokedBy }
      awsServiceIdentities.set(invokedBy, id)
    }
    return id
  }

  const vendorIps = [awsIpv4(rng), awsIpv4(rng), awsIpv4(rng)]
  const partnerIps = [ispIpv4(rng)]
  const runnerIps = Array.from({ length: 6 }, () => runnerIpv4(rng))
  const terraformIps = [awsIpv4(rng)]

  const rosters = org.accounts.map((account): Roster => {
    const home = account.regions[0]!
    const classes = new Map<ActorClass, Array<readonly [Actor, number]>>()
    const add = (actor: Actor, weight: number): Actor => {
      let list = classes.get(actor.cls)
      if (!list) {
        list = []
        classes.set(actor.cls, list)
      }
      list.push([actor, weight])
      return actor
    }
    const workload = account.kind === 'workload' || account.kind === 'sandbox'
    const natIps = [awsIpv4(rng), awsIpv4(rng)]
    const vpce = `vpce-0${rng.hex(16)}`

    // People: Identity Center sessions in the console and on the command line.
    const permissionSetIds = new Map<string, string>()
    let ssoAdminRoleName = ''
    let admin: Actor | undefined
    for (const person of people) {
      const set = permissionSet(person, account)
      if (!set) continue
      let hex = permissionSetIds.get(set)
      if (!hex) {
        hex = rng.hex(16)
        permissionSetIds.set(set, hex)
      }
      const roleName = `AWSReservedSSO_${set}_${hex}`
      if (set === 'AdministratorAccess') ssoAdminRoleName = roleName
      const role = assumedRole(seed, rng, account, {
        name: roleName,
        path: '/aws-reserved/sso.amazonaws.com/',
        session: person.email,
      })
      const weight = set === 'ReadOnlyAccess' || set === 'ViewOnlyAccess' ? 0.5 : 1
      const consoleActor = add(
        {
          cls: 'human',
          label: `sso-console:${person.name}`,
          accountId: account.id,
          arn: role.arn,
          console: true,
          cli: false,
          ips: person.ips,
          errorBias: 0.01,
          identity: role.identity,
        },
        weight,
      )
      add(
        {
          cls: 'human',
          label: `sso-cli:${person.name}`,
          accountId: account.id,
          arn: role.arn,
          console: false,
          cli: true,
          ips: person.ips,
          errorBias: 0.01,
          identity: role.identity,
        },
        weight * 0.4,
      )
      if (set === 'AdministratorAccess' && !admin) admin = consoleActor
    }

    // IAM users: a contractor with long-term keys (sometimes from the documentation address), a console user.
    const iamUser = (name: string, console: boolean, ips: string[], agent?: string): Actor => {
      const principalId = uniqueId(rng, 'AIDA')
      const arn = `arn:aws:iam::${account.id}:user/${name}`
      const accessKeyId = keyId(rng, 'AKIA')
      const identity = console
        ? perSession(seed, `${account.id}:${arn}`, (r, created) => ({
            type: 'IAMUser',
            principalId,
            arn,
            accountId: account.id,
            accessKeyId: keyId(r, 'ASIA'),
            userName: name,
            sessionContext: {
              sessionIssuer: {},
              webIdFederationData: {},
              attributes: { creationDate: isoSeconds(created), mfaAuthenticated: 'true' },
            },
          }))
        : (() => {
            const fixed: JsonObject = {
              type: 'IAMUser',
              principalId,
              arn,
              accountId: account.id,
              accessKeyId,
              userName: name,
            }
            return () => fixed
          })()
      return {
        cls: 'human',
        label: `user:${name}`,
        accountId: account.id,
        arn,
        userName: name,
        console,
        cli: !console && !agent,
        ips,
        agent,
        errorBias: 0.02,
        identity,
      }
    }
    const contractor = add(
      iamUser('ext-contractor', false, [DOC_EXAMPLE_IP, ispIpv4(rng)]),
      account.kind === 'workload' ? 0.35 : 0.1,
    )
    const consoleUser = add(
      iamUser(account.kind === 'sandbox' ? 'bob.dev' : 'ops-oncall', true, [...people[1]!.ips]),
      account.kind === 'sandbox' ? 0.8 : 0.15,
    )
    if (account.env === 'staging') {
      const issuer = iamUser('partner-portal', false, partnerIps, OLD_BOTO_AGENT)
      const fed = `arn:aws:sts::${account.id}:federated-user/partner-portal`
      add(
        {
          cls: 'human',
          label: 'federated:partner-portal',
          accountId: account.id,
          arn: fed,
          console: false,
          cli: false,
          ips: partnerIps,
          agent: OLD_BOTO_AGENT,
          errorBias: 0.05,
          identity: perSession(seed, fed, (r, created) => ({
            type: 'FederatedUser',
            principalId: `${account.id}:partner-portal`,
            arn: fed,
            accountId: account.id,
            accessKeyId: keyId(r, 'ASIA'),
            sessionContext: {
              sessionIssuer: {
                type: 'IAMUser',
                principalId: (issuer.identity(0).principalId as string) ?? '',
                arn: issuer.arn,
                accountId: account.id,
                userName: 'partner-portal',
              },
              webIdFederationData: {},
              attributes: { creationDate: isoSeconds(created), mfaAuthenticated: 'false' },
            },
          })),
        },
        0.1,
      )
    }

    // Root, in the console (rare) and with a root access key (scenarios only).
    const rootArn = `arn:aws:iam::${account.id}:root`
    const rootSignIn: JsonObject = { type: 'Root', principalId: account.id, arn: rootArn, accountId: account.id }
    const rootConsole = add(
      {
        cls: 'human',
        label: 'root-console',
        accountId: account.id,
        arn: rootArn,
        console: true,
        cli: false,
        ips: [people[0]!.ips[1]!],
        errorBias: 0,
        isRoot: true,
        identity: perSession(seed, `${account.id}:root`, (r, created) => ({
          ...rootSignIn,
          accessKeyId: keyId(r, 'ASIA'),
          sessionContext: {
            sessionIssuer: {},
            webIdFederationData: {},
            attributes: { creationDate: isoSeconds(created), mfaAuthenticated: 'true' },
          },
        })),
      },
      account.kind === 'management' ? 0.004 : 0.0015,
    )
    const rootKeyIdentity: JsonObject = { ...rootSignIn, accessKeyId: keyId(rng, 'AKIA') }
    const rootKey: Actor = {
      cls: 'human',
      label: 'root-key',
      accountId: account.id,
      arn: rootArn,
      console: false,
      cli: true,
      ips: [ispIpv4(rng)],
      errorBias: 0,
      isRoot: true,
      identity: () => rootKeyIdentity,
    }

    // Automation.
    const terraformUser = iamUser(`terraform-${account.env}`, false, terraformIps, TERRAFORM_AGENT)
    const terraform = add({ ...terraformUser, cls: 'automation', errorBias: 0.01 }, workload ? 1.5 : 1)
    const roleActor = (spec: RoleSpec, extra: Partial<Actor> & Pick<Actor, 'ips'>, weight: number): Actor => {
      const role = assumedRole(seed, rng, account, spec)
      return add(
        {
          cls: 'automation',
          label: `role:${spec.name}`,
          accountId: account.id,
          arn: role.arn,
          console: false,
          cli: false,
          errorBias: 0.01,
          identity: role.identity,
          ...extra,
        },
        weight,
      )
    }
    roleActor(
      { name: 'github-actions-deploy', session: 'GitHubActions' },
      { ips: runnerIps, agent: TERRAFORM_AGENT },
      workload ? 1.5 : 0.6,
    )
    roleActor(
      { name: 'SecurityAuditRole', session: 'prowler-scan' },
      { ips: natIps, agent: BOTO3_SCANNER_AGENT, auditor: true },
      account.kind === 'security' ? 4 : 1,
    )
    roleActor(
      { name: 'DatadogIntegrationRole', session: 'DatadogAWSIntegration' },
      { ips: vendorIps, agent: GO_VENDOR_AGENT, auditor: true },
      2,
    )
    if (workload) {
      const weight = account.env === 'prod' ? 4 : 2.5
      roleActor(
        { name: `${account.env}-web-task-role`, session: rng.hex(32) },
        { ips: [privateIpv4(rng), privateIpv4(rng)], agent: JAVA_ECS_AGENT, vpceId: vpce },
        weight,
      )
      roleActor(
        { name: `${account.env}-lambda-exec`, session: `${account.env}-orders-api` },
        { ips: natIps, agent: JS_LAMBDA_AGENT },
        weight,
      )
      roleActor(
        { name: `${account.env}-ec2-app`, session: home.instanceIds[0]!, ec2: true },
        { ips: [privateIpv4(rng)], agent: SSM_AGENT, vpceId: vpce },
        weight * 0.8,
      )
      roleActor(
        { name: `${account.env}-reporting-role`, session: `${account.env}-nightly-report` },
        { ips: natIps, agent: BOTO3_LAMBDA_AGENT, errorBias: 0.4 },
        0.25,
      )
    } else {
      roleActor(
        { name: `${account.name}-automation`, session: `${account.name}-automation` },
        { ips: natIps, agent: BOTO3_LAMBDA_AGENT },
        1.5,
      )
    }

    // Service-linked roles acting for AWS services, and AWS services themselves.
    for (const [roleName, service, weight, workloadsOnly] of SERVICE_ROLES) {
      if (workloadsOnly && !workload) continue
      const role = assumedRole(seed, rng, account, {
        name: roleName,
        path: `/aws-service-role/${service}/`,
        session:
          service === 'config.amazonaws.com' ? 'AWSConfig-Describe' : `${service.split('.')[0]}-${rng.digits(10)}`,
        invokedBy: service,
        noKey: true,
      })
      add(
        {
          cls: 'service',
          label: `slr:${service}`,
          accountId: account.id,
          arn: role.arn,
          console: false,
          cli: false,
          ips: [],
          invokedBy: service,
          errorBias: 0,
          identity: role.identity,
        },
        weight,
      )
    }
    for (const [service, weight] of AWS_SERVICE_CALLERS) {
      const identity = awsService(service)
      add(
        {
          cls: 'aws-service',
          label: `svc:${service}`,
          accountId: account.id,
          arn: service,
          console: false,
          cli: false,
          ips: [],
          invokedBy: service,
          errorBias: 0,
          identity: () => identity,
        },
        weight,
      )
    }

    // Other accounts calling in: the monitoring vendor assuming its role, a partner reading a shared bucket.
    const vendorId: JsonObject = {
      type: 'AWSAccount',
      principalId: `${uniqueId(rng, 'AROA')}:datadog-integration`,
      accountId: org.vendorAccountId,
    }
    add(
      {
        cls: 'foreign',
        label: 'vendor',
        accountId: org.vendorAccountId,
        arn: `arn:aws:sts::${org.vendorAccountId}:assumed-role/DatadogAWSIntegrationRole/datadog-integration`,
        console: false,
        cli: false,
        ips: vendorIps,
        agent: GO_VENDOR_AGENT,
        errorBias: 0.02,
        identity: () => vendorId,
      },
      2,
    )
    const partnerId: JsonObject = {
      type: 'AWSAccount',
      principalId: uniqueId(rng, 'AIDA'),
      accountId: org.partnerAccountId,
    }
    add(
      {
        cls: 'foreign',
        label: 'partner',
        accountId: org.partnerAccountId,
        arn: `arn:aws:iam::${org.partnerAccountId}:user/data-sync`,
        console: false,
        cli: false,
        ips: partnerIps,
        agent: OLD_BOTO_AGENT,
        errorBias: 0.08,
        identity: () => partnerId,
      },
      1,
    )

    // Federation: SAML and GitHub OIDC web identities (only on the AssumeRoleWith* calls), Identity Center users.
    for (const person of people.slice(0, 6)) {
      const principalId = `${org.samlIssuer}:${person.email}`
      const identity: JsonObject = {
        type: 'SAMLUser',
        principalId,
        userName: person.email,
        identityProvider: org.samlIssuer,
      }
      add(
        {
          cls: 'saml',
          label: `saml:${person.name}`,
          accountId: account.id,
          arn: `arn:aws:iam::${account.id}:saml-provider/Okta`,
          userName: person.email,
          console: true,
          cli: false,
          ips: person.ips,
          errorBias: 0.01,
          identity: () => identity,
        },
        1,
      )
    }
    const provider = `arn:aws:iam::${account.id}:oidc-provider/token.actions.githubusercontent.com`
    for (const repo of ['acme/web', 'acme/infrastructure', 'acme/worker']) {
      const subject = `repo:${repo}:ref:refs/heads/main`
      const identity: JsonObject = {
        type: 'WebIdentityUser',
        principalId: `${provider}:sts.amazonaws.com:${subject}`,
        userName: subject,
        identityProvider: provider,
      }
      add(
        {
          cls: 'web-identity',
          label: `oidc:${repo}`,
          accountId: account.id,
          arn: provider,
          userName: subject,
          console: false,
          cli: false,
          ips: runnerIps,
          agent: 'aws-sdk-js/2.1590.0 promise',
          errorBias: 0.01,
          identity: () => identity,
        },
        1,
      )
    }
    if (account.kind === 'management') {
      for (const person of people) {
        const identity: JsonObject = {
          type: 'IdentityCenterUser',
          accountId: account.id,
          onBehalfOf: {
            userId: person.userId,
            identityStoreArn: `arn:aws:identitystore::${account.id}:identitystore/${org.identityStoreId}`,
          },
          credentialId: rng.base64(43).replace(/[+/]/g, '_'),
        }
        add(
          {
            cls: 'identity-center',
            label: `idc:${person.name}`,
            accountId: account.id,
            arn: `arn:aws:identitystore::${account.id}:user/${person.userId}`,
            userName: person.email,
            console: true,
            cli: false,
            ips: person.ips,
            errorBias: 0.01,
            identity: () => identity,
          },
          1,
        )
      }
    }

    const byClass = new Map<ActorClass, Weighted<Actor>>()
    for (const [cls, list] of classes) byClass.set(cls, new Weighted(list))
    return {
      account,
      byClass,
      rootConsole,
      rootKey,
      rootSignIn,
      admin: admin ?? terraform,
      terraform,
      contractor,
      consoleUser,
      people,
      ssoAdminRoleName,
    }
  })
  return { people, rosters, awsService }
}

/**
 * The synthetic organization: accounts with a role each (management, security, log archive, workloads) and the
 * resources that events name (VPCs, security groups, instances, buckets, keys, functions...), per region.
 * Everything derives from the seed, so the same seed names the same resources.
 */
import { Rng } from './prng.js'

export type AccountKind = 'management' | 'security' | 'log-archive' | 'workload' | 'sandbox'

export interface Bucket {
  name: string
  region: string
  /** Object keys that data events read and write. */
  keys: string[]
}

export interface RegionResources {
  region: string
  vpcId: string
  subnetIds: string[]
  securityGroupIds: string[]
  instanceIds: string[]
  routeTableIds: string[]
  networkAclIds: string[]
  internetGatewayId: string
  imageIds: string[]
  volumeIds: string[]
  snapshotIds: string[]
  kmsKeyIds: string[]
  functions: string[]
  logGroups: string[]
  parameters: string[]
  secrets: string[]
  tables: string[]
  repositories: string[]
  dbInstances: string[]
  stacks: string[]
  topics: string[]
  buckets: Bucket[]
}

export interface Account {
  index: number
  id: string
  name: string
  kind: AccountKind
  env: string
  /** Logs under `AWSLogs/<org-id>/<account>/` (the org trail) rather than `AWSLogs/<account>/`. */
  orgLayout: boolean
  /** Relative amount of activity. */
  activity: number
  /** Per region, in the order of the options' regions. */
  regions: RegionResources[]
  buckets: Bucket[]
  /** IAM role names that exist in the account (targets of AssumeRole, policy changes...). */
  roleNames: string[]
  /** Trail that logs this account: the org trail, or the account's own trail for the standalone one. */
  trailName: string
  trailArn: string
}

export interface Org {
  orgId: string
  /** The account that owns the organization. */
  managementAccountId: string
  accounts: Account[]
  /** Accounts outside the organization (vendors, partners, an unknown one). */
  vendorAccountId: string
  partnerAccountId: string
  unknownAccountId: string
  regions: string[]
  homeRegion: string
  identityStoreId: string
  samlIssuer: string
  bucket: string
}

interface Profile {
  name: string
  kind: AccountKind
  env: string
  activity: number
}

const PROFILES: readonly Profile[] = [
  { name: 'management', kind: 'management', env: 'shared', activity: 0.45 },
  { name: 'security-tooling', kind: 'security', env: 'shared', activity: 0.6 },
  { name: 'log-archive', kind: 'log-archive', env: 'shared', activity: 0.25 },
  { name: 'prod', kind: 'workload', env: 'prod', activity: 3 },
  { name: 'staging', kind: 'workload', env: 'staging', activity: 1 },
  { name: 'sandbox', kind: 'sandbox', env: 'dev', activity: 0.9 },
]

const TEAM_NAMES = [
  'payments',
  'analytics',
  'platform',
  'search',
  'mobile',
  'ml',
  'identity',
  'billing',
  'edge',
  'data',
]
const FUNCTION_NAMES = [
  'orders-api',
  'image-resizer',
  'nightly-report',
  'token-refresh',
  'slack-notifier',
  'etl-loader',
]
const OBJECT_FOLDERS = ['uploads', 'exports', 'raw/events', 'reports', 'backups/db', 'static/js', 'models']
const OBJECT_EXTENSIONS = ['json', 'csv.gz', 'parquet', 'jpg', 'pdf', 'tar.gz', 'js']

function ec2Id(rng: Rng, prefix: string): string {
  return `${prefix}-0${rng.hex(16)}`
}

function many(rng: Rng, count: number, make: (rng: Rng, i: number) => string): string[] {
  return Array.from({ length: count }, (_, i) => make(rng, i))
}

function objectKeys(rng: Rng, count: number): string[] {
  return many(rng, count, (r) => {
    const folder = r.pick(OBJECT_FOLDERS)
    const day = `2024-${String(r.range(1, 12)).padStart(2, '0')}-${String(r.range(1, 28)).padStart(2, '0')}`
    return `${folder}/${day}/${r.hex(12)}.${r.pick(OBJECT_EXTENSIONS)}`
  })
}

function regionResources(
  rng: Rng,
  account: { env: string; id: string },
  region: string,
  home: boolean,
): RegionResources {
  const busy = account.env === 'prod' ? 2 : 1
  const env = account.env
  const functions = FUNCTION_NAMES.slice(0, home ? 6 : 3).map((f) => `${env}-${f}`)
  const buckets: Bucket[] = []
  const bucketNames = home
    ? [
        `acme-${env}-assets-${rng.hex(6)}`,
        `acme-${env}-data-lake-raw`,
        `acme-${env}-backups-${account.id}`,
        `cf-templates-${rng.alnum(12).toLowerCase()}-${region}`,
      ]
    : [`acme-${env}-${region}-artifacts`]
  for (const name of bucketNames) buckets.push({ name, region, keys: objectKeys(rng, 24) })
  return {
    region,
    vpcId: ec2Id(rng, 'vpc'),
    subnetIds: many(rng, 3 * busy, (r) => ec2Id(r, 'subnet')),
    securityGroupIds: many(rng, 6 * busy, (r) => ec2Id(r, 'sg')),
    instanceIds: many(rng, 10 * busy, (r) => ec2Id(r, 'i')),
    routeTableIds: many(rng, 3, (r) => ec2Id(r, 'rtb')),
    networkAclIds: many(rng, 2, (r) => ec2Id(r, 'acl')),
    internetGatewayId: ec2Id(rng, 'igw'),
    imageIds: many(rng, 4, (r) => ec2Id(r, 'ami')),
    volumeIds: many(rng, 8 * busy, (r) => ec2Id(r, 'vol')),
    snapshotIds: many(rng, 5, (r) => ec2Id(r, 'snap')),
    kmsKeyIds: many(rng, 3, (r) => r.uuid()),
    functions,
    logGroups: [...functions.map((f) => `/aws/lambda/${f}`), `/ecs/${env}-web`, `/aws/eks/${env}-cluster/cluster`],
    parameters: [
      `/${env}/web/db-host`,
      `/${env}/web/feature-flags`,
      `/${env}/worker/queue-url`,
      `/${env}/shared/api-key`,
    ],
    secrets: [`${env}/rds/master-${rng.alnum(6)}`, `${env}/stripe/api-key-${rng.alnum(6)}`],
    tables: [`${env}-orders`, `${env}-sessions`, `${env}-idempotency`],
    repositories: [`${env}/web`, `${env}/worker`],
    dbInstances: [`${env}-postgres-1`, `${env}-postgres-replica`],
    stacks: [`${env}-network`, `${env}-app`, `StackSet-baseline-${rng.uuid()}`],
    topics: [`${env}-alerts`, `${env}-orders-events`],
    buckets,
  }
}

export function buildOrg(
  seed: number,
  options: { accounts: number; regions: string[]; orgId: string; bucket: string },
): Org {
  const rng = new Rng(seed, 'org')
  const ids = new Set<string>()
  const newAccountId = (): string => {
    for (;;) {
      const id = rng.digits(12)
      if (!ids.has(id)) {
        ids.add(id)
        return id
      }
    }
  }
  const homeRegion = options.regions[0]!
  const accounts: Account[] = []
  for (let index = 0; index < options.accounts; index++) {
    const profile: Profile = PROFILES[index] ?? {
      name: `${TEAM_NAMES[(index - PROFILES.length) % TEAM_NAMES.length]}-${Math.floor((index - PROFILES.length) / TEAM_NAMES.length) + 1}`,
      kind: 'workload',
      env: 'prod',
      activity: 0.3 + rng.float() * 1.2,
    }
    const id = newAccountId()
    // The last account of a multi-account org is a standalone account with its own trail (non-org layout).
    const orgLayout = options.accounts === 1 || index < options.accounts - 1
    const env = profile.kind === 'workload' && index >= PROFILES.length ? profile.name : profile.env
    const regions = options.regions.map((region, r) => regionResources(rng, { env, id }, region, r === 0))
    const trailName = orgLayout ? 'org-trail' : `${profile.name}-trail`
    const trailHome = orgLayout ? (accounts[0]?.id ?? id) : id
    accounts.push({
      index,
      id,
      name: profile.name,
      kind: profile.kind,
      env,
      orgLayout,
      activity: profile.activity,
      regions,
      buckets: regions.flatMap((r) => r.buckets),
      roleNames: [
        'OrganizationAccountAccessRole',
        `${env}-web-task-role`,
        `${env}-lambda-exec`,
        `${env}-ec2-app`,
        'github-actions-deploy',
        'DatadogIntegrationRole',
        'terraform-apply',
      ],
      trailName,
      trailArn: `arn:aws:cloudtrail:${homeRegion}:${trailHome}:trail/${trailName}`,
    })
  }
  return {
    orgId: options.orgId,
    managementAccountId: accounts[0]!.id,
    accounts,
    vendorAccountId: newAccountId(),
    partnerAccountId: newAccountId(),
    unknownAccountId: newAccountId(),
    regions: options.regions,
    homeRegion,
    identityStoreId: `d-${rng.hex(10)}`,
    samlIssuer: rng.base64(27).replace(/[+/]/g, 'x') + '=',
    bucket: options.bucket,
  }
}

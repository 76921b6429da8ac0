/** The shape of an event template: what an API call looks like, who makes it, and how often. */
import type { CallError, ErrorKind } from './errors.js'
import type { Account, AccountKind, Org, RegionResources } from './org.js'
import type { Actor, ActorClass, Json, JsonObject } from './principals.js'
import type { Rng } from './prng.js'

export interface ResourceRef {
  accountId?: string
  type: string
  ARN: string
}

/** What a template (or a scenario step) contributes to a record; the rest is filled in by `buildRecord`. */
export interface CallParts {
  requestParameters?: Json
  responseElements?: Json
  additionalEventData?: JsonObject
  resources?: ResourceRef[]
  serviceEventDetails?: JsonObject
  /** Cross-account calls and service events carry a sharedEventID. */
  shared?: boolean
  /** Host for tlsDetails; null for no tlsDetails. */
  host?: string | null
  /** An error the call itself decided (a failed sign-in, a denied scenario step). */
  error?: CallError
  /** An errorMessage without an errorCode (a failed console sign-in). */
  errorMessage?: string
  /** Replaces the caller's userIdentity (sign-in records carry no session or key). */
  identity?: JsonObject
  /** Resource named in a generated error message. */
  errorResource?: string
  /** Overrides for the caller's address and user agent (scenarios). */
  sourceIPAddress?: string
  userAgent?: string
  apiVersion?: string
}

export interface CallContext {
  rng: Rng
  org: Org
  account: Account
  res: RegionResources
  region: string
  actor: Actor
  timeMs: number
  /** The call's requestID (EC2 repeats it in responseElements). */
  requestId: string
  /** An error will be attached: a failed call returns no responseElements. */
  failed: boolean
}

export type EventType = 'AwsApiCall' | 'AwsServiceEvent' | 'AwsConsoleSignIn' | 'AwsVpceEvent'
export type EventCategory = 'Management' | 'Data' | 'NetworkActivity'

export interface Template {
  source: string
  name: string
  readOnly: boolean
  /** Relative frequency in background activity. */
  weight: number
  /** Which kinds of principals make this call, with relative weights. */
  actors: Partial<Record<ActorClass, number>>
  /** 'home': logged only in the home region (global services such as IAM, sign-in, Organizations). */
  scope: 'home' | 'any'
  accountKinds?: readonly AccountKind[]
  eventType: EventType
  category: EventCategory
  version: string
  errorRate: number
  errors: ReadonlyArray<readonly [ErrorKind, number]>
  /** The AWS CLI command, appended to CLI user agents. */
  cli: string
  /** Service principals that plausibly make this call (for AWS service callers). */
  services?: readonly string[]
  /** Restricts callers further (e.g. only instance roles report SSM agent status). */
  only?: (actor: Actor) => boolean
  build(c: CallContext): CallParts
}

export interface TemplateOptions {
  readOnly?: boolean
  actors?: Partial<Record<ActorClass, number>>
  scope?: 'home' | 'any'
  accountKinds?: readonly AccountKind[]
  eventType?: EventType
  category?: EventCategory
  version?: string
  errorRate?: number
  errors?: ReadonlyArray<readonly [ErrorKind, number]>
  services?: readonly string[]
  only?: (actor: Actor) => boolean
}

const SERVICE_VERSIONS: Record<string, string> = {
  ec2: '1.09',
  iam: '1.09',
  s3: '1.10',
  cloudtrail: '1.09',
  sso: '1.10',
  signin: '1.08',
}

const DEFAULT_ERRORS: ReadonlyArray<readonly [ErrorKind, number]> = [
  ['denied', 6],
  ['throttled', 2],
  ['not-found', 1],
]

function kebab(name: string): string {
  return name
    .replace(/20\d{6}(v\d+)?$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
}

/** Declare a template. Read-only unless the name says otherwise; errors at 2.5% unless told. */
export function def(
  source: string,
  name: string,
  weight: number,
  options: TemplateOptions,
  build: (c: CallContext) => CallParts,
): Template {
  const service = source.slice(0, source.indexOf('.'))
  const readOnly =
    options.readOnly ??
    /^(Describe|List|Get|Head|Lookup|Search|Batch(Get|Check)|Filter|Generate(Credential|Service)|Check|Decrypt|Encrypt|GenerateDataKey|Assume|Select)/.test(
      name,
    )
  return {
    source,
    name,
    readOnly,
    weight,
    actors: options.actors ?? { human: 1, automation: 3 },
    scope: options.scope ?? 'any',
    accountKinds: options.accountKinds,
    eventType: options.eventType ?? 'AwsApiCall',
    category: options.category ?? 'Management',
    version: options.version ?? SERVICE_VERSIONS[service] ?? '1.08',
    errorRate: options.errorRate ?? 0.025,
    errors: options.errors ?? DEFAULT_ERRORS,
    cli: `${service === 'monitoring' ? 'cloudwatch' : service}.${kebab(name)}`,
    services: options.services,
    only: options.only,
    build,
  }
}

/** The account's resource ARN helpers. */
export function arn(service: string, region: string, accountId: string, resource: string): string {
  return `arn:aws:${service}:${region}:${accountId}:${resource}`
}

export const NO_PARAMS = (): CallParts => ({ requestParameters: null })

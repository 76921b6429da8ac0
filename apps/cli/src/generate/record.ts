/** Assembles one CloudTrail record from a template, a caller and a time, with CloudTrail's key order. */
import type { CallContext, CallParts, Template } from './catalog-types.js'
import { type CallError, type ErrorKind, makeError } from './errors.js'
import { BROWSER_AGENTS, CLI_AGENTS, consoleAgent, endpointHost, tlsDetails } from './network.js'
import type { Account, Org, RegionResources } from './org.js'
import type { Actor, JsonObject } from './principals.js'
import type { Rng } from './prng.js'
import { isoSeconds } from './time-format.js'

/** Share of records carrying a top-level key no schema knows yet (schema evolution). */
export const FUTURE_FIELD_RATE = 0.002

export interface RecordInput {
  rng: Rng
  org: Org
  account: Account
  res: RegionResources
  template: Template
  actor: Actor
  timeMs: number
  /** Replaces the template's builder (scenario steps). */
  build?: (c: CallContext) => CallParts
  /** Force an error of this kind, or force none (`false`). Default: the template's error rate. */
  error?: ErrorKind | false
}

function pickErrorKind(rng: Rng, errors: Template['errors']): ErrorKind {
  let total = 0
  for (const [, w] of errors) total += w
  let target = rng.float() * total
  for (const [kind, w] of errors) {
    target -= w
    if (target < 0) return kind
  }
  return errors[0]?.[0] ?? 'denied'
}

function pickIp(rng: Rng, actor: Actor): string {
  const ips = actor.ips
  if (ips.length === 0) return actor.invokedBy ?? 'AWS Internal'
  if (ips.length === 1 || rng.chance(0.6)) return ips[0]!
  return ips[1 + rng.int(ips.length - 1)]!
}

function userAgentFor(rng: Rng, actor: Actor, template: Template): string {
  if (actor.agent) return actor.agent
  if (actor.invokedBy) return actor.invokedBy
  if (actor.console) return consoleAgent(template.source, rng)
  if (actor.cli) return `${CLI_AGENTS[actor.label.length % CLI_AGENTS.length]!} md/command#${template.cli}`
  return rng.pick(BROWSER_AGENTS)
}

const q = JSON.stringify

/** userIdentity objects are shared per principal and session: serialize each once. */
const identityJson = new WeakMap<JsonObject, string>()

function identityString(identity: JsonObject): string {
  let json = identityJson.get(identity)
  if (json === undefined) {
    json = q(identity)
    identityJson.set(identity, json)
  }
  return json
}

let lastSecond = Number.NaN
let lastSecondText = ''

function eventTimeText(timeMs: number): string {
  if (timeMs !== lastSecond) {
    lastSecond = timeMs
    lastSecondText = isoSeconds(timeMs)
  }
  return lastSecondText
}

/**
 * Returns the record as compact JSON, keys in CloudTrail's order. Built as a string (the caller identity,
 * the largest part, is serialized once per session) because this is the generator's hot path.
 */
export function buildRecord(input: RecordInput): string {
  const { rng, template, actor, account, timeMs } = input
  const source = template.source
  const eventType = template.eventType
  const requestId =
    eventType === 'AwsServiceEvent' || eventType === 'AwsConsoleSignIn'
      ? ''
      : source === 's3.amazonaws.com'
        ? rng.upperAlnum(16)
        : rng.uuid()
  let errorKind: ErrorKind | undefined
  if (input.error !== undefined) errorKind = input.error === false ? undefined : input.error
  else if (template.errorRate > 0 && rng.chance(template.errorRate + actor.errorBias))
    errorKind = pickErrorKind(rng, template.errors)
  const region = input.res.region
  const ctx: CallContext = {
    rng,
    org: input.org,
    account,
    res: input.res,
    region,
    actor,
    timeMs,
    requestId,
    failed: errorKind !== undefined,
  }
  const parts = (input.build ?? template.build)(ctx)
  let error: CallError | undefined = parts.error
  if (!error && errorKind) error = makeError(rng, errorKind, source, template.name, actor.arn, parts.errorResource)

  let sourceIPAddress = parts.sourceIPAddress
  let userAgent = parts.userAgent
  if (!sourceIPAddress) {
    if (actor.console && eventType === 'AwsApiCall' && rng.chance(0.05)) {
      sourceIPAddress = 'AWS Internal'
      userAgent ??= 'AWS Internal'
    } else sourceIPAddress = pickIp(rng, actor)
  }
  userAgent ??= userAgentFor(rng, actor, template)
  const viaService = sourceIPAddress === 'AWS Internal' || sourceIPAddress.endsWith('.amazonaws.com')
  const future = rng.chance(FUTURE_FIELD_RATE)
  const identity = parts.identity ?? actor.identity(timeMs)

  let json = `{"eventVersion":"${future ? '1.11' : template.version}","userIdentity":${identityString(identity)},"eventTime":"${eventTimeText(timeMs)}","eventSource":"${source}","eventName":"${template.name}","awsRegion":"${region}","sourceIPAddress":${q(sourceIPAddress)},"userAgent":${q(userAgent)}`
  if (error) json += `,"errorCode":${q(error.errorCode)},"errorMessage":${q(error.errorMessage)}`
  else if (parts.errorMessage) json += `,"errorMessage":${q(parts.errorMessage)}`
  json += `,"requestParameters":${q(parts.requestParameters ?? null)},"responseElements":${error ? 'null' : q(parts.responseElements ?? null)}`
  if (parts.additionalEventData) json += `,"additionalEventData":${q(parts.additionalEventData)}`
  if (requestId) json += `,"requestID":"${requestId}"`
  json += `,"eventID":"${rng.uuid()}","readOnly":${template.readOnly}`
  if (parts.resources && parts.resources.length > 0) json += `,"resources":${q(parts.resources)}`
  json += `,"eventType":"${eventType}"`
  if (source === 'route53.amazonaws.com') json += ',"apiVersion":"2013-04-01"'
  json += `,"managementEvent":${template.category === 'Management'},"recipientAccountId":"${account.id}"`
  if (parts.shared) json += `,"sharedEventID":"${rng.uuid()}"`
  if (parts.serviceEventDetails) json += `,"serviceEventDetails":${q(parts.serviceEventDetails)}`
  const vpce = template.category === 'NetworkActivity' ? (actor.vpceId ?? `vpce-0${account.id}abcd`) : actor.vpceId
  if (vpce && !viaService) {
    json += `,"vpcEndpointId":"${vpce}"`
    if (template.version >= '1.10') json += `,"vpcEndpointAccountId":"${account.id}"`
  }
  json += `,"eventCategory":"${template.category}"`
  if (parts.host !== null && !viaService && eventType !== 'AwsServiceEvent') {
    const tls = tlsDetails(rng, parts.host ?? endpointHost(source, region))
    json += `,"tlsDetails":{"tlsVersion":"${tls.tlsVersion}","cipherSuite":"${tls.cipherSuite}","clientProvidedHostHeader":${q(tls.clientProvidedHostHeader)}}`
  }
  if (actor.console && eventType === 'AwsApiCall' && !viaService && identity.sessionContext)
    json += ',"sessionCredentialFromConsole":"true"'
  if (future)
    json += `,"someFutureField":{"origin":"cairn-generate","note":"a key added by a later eventVersion","level":${rng.range(1, 3)}}`
  return `${json}}`
}

/** All event templates, and per account and region the weighted choice of call and caller. */
import { COMPUTE_TEMPLATES } from './catalog-compute.js'
import { IDENTITY_TEMPLATES } from './catalog-identity.js'
import { OPERATIONS_TEMPLATES } from './catalog-operations.js'
import { STORAGE_TEMPLATES } from './catalog-storage.js'
import type { Template } from './catalog-types.js'
import type { Actor, ActorClass, Roster } from './principals.js'
import { Weighted } from './prng.js'

export const TEMPLATES: readonly Template[] = [
  ...COMPUTE_TEMPLATES,
  ...IDENTITY_TEMPLATES,
  ...STORAGE_TEMPLATES,
  ...OPERATIONS_TEMPLATES,
]

const BY_NAME = new Map<string, Template>()
for (const t of TEMPLATES) if (!BY_NAME.has(`${t.source} ${t.name}`)) BY_NAME.set(`${t.source} ${t.name}`, t)

export function findTemplate(source: string, name: string): Template {
  const template = BY_NAME.get(`${source} ${name}`)
  if (!template) throw new Error(`no template for ${source} ${name}`)
  return template
}

export interface TemplateChoice {
  template: Template
  /** A class of caller, then a caller of that class. */
  callers: Weighted<Weighted<Actor>>
}

export interface AccountCatalog {
  /** Calls in the home region (global services included). */
  home: Weighted<TemplateChoice>
  /** Calls in the other regions. */
  regional: Weighted<TemplateChoice>
}

const svc = (...names: string[]) => names.map((n) => `${n}.amazonaws.com`)
const AUDIT_SERVICES = svc('config', 'securityhub', 'guardduty', 'access-analyzer', 'inspector2')
const FLEET_SERVICES = svc('autoscaling', 'elasticloadbalancing', 'ecs')

/** Which AWS services plausibly make a call, when the template does not say. */
function plausibleServices(template: Template, cls: ActorClass): readonly string[] | undefined {
  if (template.services) return template.services
  const service = template.source.slice(0, template.source.indexOf('.'))
  if (cls === 'aws-service') {
    switch (service) {
      case 'kms':
        return svc('secretsmanager', 'ssm', 'lambda', 'cloudtrail', 'ec2')
      case 's3':
        return svc('cloudtrail', 'config')
      case 'logs':
      case 'ecr':
        return svc('lambda', 'ecs-tasks')
      case 'lambda':
        return svc('events')
      case 'secretsmanager':
        return svc('secretsmanager')
      default:
        return undefined
    }
  }
  if (cls !== 'service') return undefined
  const fleet = service === 'ec2' || service === 'elasticloadbalancing' || service === 'autoscaling'
  if (template.readOnly) return fleet ? [...AUDIT_SERVICES, ...FLEET_SERVICES] : AUDIT_SERVICES
  if (fleet) return FLEET_SERVICES
  if (service === 'config') return svc('config')
  if (service === 'securityhub') return AUDIT_SERVICES
  return svc('config')
}

function accountFactor(template: Template, roster: Roster): number {
  const kind = roster.account.kind
  if (template.category === 'Data') return kind === 'workload' ? 1 : kind === 'sandbox' ? 0.5 : 0.15
  if (kind === 'security' && template.actors.service) return 1.5
  return 1
}

export function buildCatalog(roster: Roster): AccountCatalog {
  const home: Array<readonly [TemplateChoice, number]> = []
  const regional: Array<readonly [TemplateChoice, number]> = []
  const shared = new Map<string, Weighted<Actor> | null>()
  for (const template of TEMPLATES) {
    if (template.accountKinds && !template.accountKinds.includes(roster.account.kind)) continue
    const callers: Array<readonly [Weighted<Actor>, number]> = []
    for (const [cls, weight] of Object.entries(template.actors) as Array<[ActorClass, number]>) {
      const all = roster.byClass.get(cls)
      if (!all || !(weight > 0)) continue
      const services = plausibleServices(template, cls)
      const writes = !template.readOnly || template.category !== 'Management'
      const key = `${cls}|${services?.join(',') ?? '*'}|${writes}|${template.only ? `${template.source} ${template.name}` : ''}`
      let table = shared.get(key)
      if (table === undefined) {
        const kept = all.entries.filter(([actor]) => {
          if (services && actor.invokedBy && !services.includes(actor.invokedBy)) return false
          if (writes && actor.auditor) return false
          return template.only ? template.only(actor) : true
        })
        table = kept.length === 0 ? null : kept.length === all.entries.length ? all : new Weighted(kept)
        shared.set(key, table)
      }
      if (table) callers.push([table, weight])
    }
    if (callers.length === 0) continue
    const choice: TemplateChoice = { template, callers: new Weighted(callers) }
    const weight = template.weight * accountFactor(template, roster)
    home.push([choice, weight])
    if (template.scope === 'any') regional.push([choice, weight])
  }
  return { home: new Weighted(home), regional: new Weighted(regional) }
}

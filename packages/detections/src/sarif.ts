import type { Detection, Severity } from './detection.js'
import type { Finding } from './finding.js'

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
}

/** SARIF's security-severity (0-10) by severity, as code-scanning tools rank it. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.5' }

/**
 * Findings as a SARIF 2.1.0 log: one rule per detection run, one result per finding, located by the event
 * (account, region, event id) since CloudTrail findings have no source file.
 */
export function toSarif(detections: readonly Detection[], findings: readonly Finding[], toolVersion: string): object {
  const index = new Map(detections.map((d, i) => [d.id, i]))
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'cairn detect',
            informationUri: 'https://github.com/cairn-security/cairn',
            version: toolVersion,
            rules: detections.map((d) => ({
              id: d.id,
              name: d.title,
              shortDescription: { text: d.title },
              fullDescription: { text: d.description },
              help: { text: d.description },
              defaultConfiguration: { level: LEVEL[d.severity] },
              properties: { severity: d.severity, 'security-severity': SECURITY_SEVERITY[d.severity], tags: [...d.mitre, ...d.tags] },
            })),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.detection_id,
          ruleIndex: index.get(f.detection_id),
          level: LEVEL[f.severity],
          message: {
            text: `${f.title}: ${f.event_name ?? 'event'} by ${f.actor ?? 'unknown actor'} from ${f.source_ip_address ?? 'unknown address'} in ${f.recipient_account_id ?? '?'}/${f.aws_region ?? '?'} at ${f.event_time}`,
          },
          locations: [
            {
              logicalLocations: [
                { kind: 'resource', name: f.event_id, fullyQualifiedName: `${f.recipient_account_id}/${f.aws_region}/${f.event_id}` },
              ],
            },
          ],
          partialFingerprints: { eventId: `${f.detection_id}/${f.event_id}` },
          properties: { ...f },
        })),
      },
    ],
  }
}

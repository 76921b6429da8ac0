import { readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Detection } from '@cairn/detections'
import { runCairn } from './run-cairn.js'

export const PANTHER_TESTS = fileURLToPath(
  new URL('../../../../../shared/fixtures/detections/panther/panther_cloudtrail_tests.jsonl', import.meta.url),
)

export interface PantherTest {
  file: string
  ruleId: string
  testName: string
  expectedResult: boolean
  hasMocks: boolean
  log: Record<string, unknown>
}

export interface Verdict {
  ruleId: string
  testName: string
  expected: boolean
  cairn: boolean
  detections: string[]
}

export interface Agreement {
  rulesMapped: string[]
  verdicts: Verdict[]
  agreed: number
  /** Test events the normalizer rejected (not CloudTrail, or no eventTime), by rule and test. */
  rejected: string[]
}

/** Test events carry ids like "1" that repeat across rules: each gets its own, and a time if it has none. */
const eventIdOf = (i: number) => `panther-test-${String(i).padStart(4, '0')}`
const DEFAULT_TIME = '2024-01-01T00:00:00Z'

export function readPantherTests(): PantherTest[] {
  return readFileSync(PANTHER_TESTS, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as PantherTest)
}

/**
 * Collects every Panther test event into a fresh lake with the real `cairn collect`, runs the detections that map
 * Panther rules with `cairn detect`, and compares each mapped rule's tests with Panther's expected result.
 */
export async function pantherAgreement(detections: readonly Detection[]): Promise<Agreement> {
  const tests = readPantherTests()
  const mapped = new Map<string, string[]>()
  for (const d of detections) for (const rule of d.panther?.rules ?? []) mapped.set(rule, [...(mapped.get(rule) ?? []), d.id])
  const dir = await mkdtemp(join(tmpdir(), 'cairn-panther-'))
  try {
    const events = tests.map((t, i) => ({ eventTime: DEFAULT_TIME, ...t.log, eventID: eventIdOf(i) }))
    await writeFile(join(dir, 'panther-tests.json'), JSON.stringify(events))
    const data = join(dir, 'data')
    const collect = await runCairn(['collect', '--path', join(dir, 'panther-tests.json'), '--data-dir', data, '--output', 'json'])
    if (collect.code !== 0 && collect.code !== 2) throw new Error(`collect failed: ${collect.stderr}`)
    const rejectedIds = new Set<number>()
    for (const r of JSON.parse(collect.stdout).rejected as { record?: number }[]) if (r.record !== undefined) rejectedIds.add(r.record - 1)
    const ids = [...new Set([...mapped.values()].flat())]
    const detect = await runCairn(['detect', '--data-dir', data, '--output', 'json', ...ids.flatMap((id) => ['--detection', id])])
    if (detect.code !== 0) throw new Error(`detect failed (${detect.code}): ${detect.stderr}`)
    const found = new Set((JSON.parse(detect.stdout) as { detection_id: string; event_id: string }[]).map((f) => `${f.detection_id} ${f.event_id}`))
    const verdicts: Verdict[] = []
    tests.forEach((t, i) => {
      const ds = mapped.get(t.ruleId)
      if (!ds) return
      const cairn = ds.some((d) => found.has(`${d} ${eventIdOf(i)}`))
      verdicts.push({ ruleId: t.ruleId, testName: t.testName, expected: t.expectedResult, cairn, detections: ds })
    })
    return {
      rulesMapped: [...mapped.keys()].sort(),
      verdicts,
      agreed: verdicts.filter((v) => v.expected === v.cairn).length,
      rejected: [...rejectedIds].map((i) => `${tests[i]?.ruleId}: ${tests[i]?.testName}`),
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Detection } from '@cairn/detections'
import { judgeEvents } from './judge-events.js'

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
  const ids = [...new Set([...mapped.values()].flat())]
  const { found, rejected } = await judgeEvents(
    tests.map((t) => t.log),
    ids,
  )
  const verdicts: Verdict[] = []
  tests.forEach((t, i) => {
    const ds = mapped.get(t.ruleId)
    if (!ds) return
    const cairn = ds.some((d) => found.has(`${d} ${i}`))
    verdicts.push({ ruleId: t.ruleId, testName: t.testName, expected: t.expectedResult, cairn, detections: ds })
  })
  return {
    rulesMapped: [...mapped.keys()].sort(),
    verdicts,
    agreed: verdicts.filter((v) => v.expected === v.cairn).length,
    rejected: [...rejected].map((i) => `${tests[i]?.ruleId}: ${tests[i]?.testName}`),
  }
}

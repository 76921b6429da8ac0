import { loadBuiltinDetections } from '@cairn/detections/node'
import { describe, expect, it } from 'vitest'
import { type Agreement, pantherAgreement } from './support/panther-agreement.js'

function report(a: Agreement): string {
  const wrong = a.verdicts.filter((v) => v.expected !== v.cairn)
  return [
    `Panther rules mapped: ${a.rulesMapped.length}; tests: ${a.verdicts.length}; agreement ${a.agreed}/${a.verdicts.length} = ${((100 * a.agreed) / a.verdicts.length).toFixed(1)} %`,
    ...wrong.map((v) => `  differs: ${v.ruleId} "${v.testName}": Panther ${v.expected}, Cairn ${v.cairn} (${v.detections.join(', ')})`),
    ...(a.rejected.length ? [`  test events the normalizer rejected: ${a.rejected.join('; ')}`] : []),
  ].join('\n')
}

describe("the detection library against Panther's labelled CloudTrail tests", () => {
  it('maps at least 60 Panther rules and agrees with at least 95 % of their tests', async () => {
    const agreement = await pantherAgreement(loadBuiltinDetections())
    console.log(report(agreement))
    expect(agreement.rulesMapped.length).toBeGreaterThanOrEqual(60)
    expect(agreement.agreed / agreement.verdicts.length).toBeGreaterThanOrEqual(0.95)
  }, 120_000)
})

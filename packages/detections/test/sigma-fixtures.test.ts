import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadSigmaRules } from '../src/node.js'

const SIGMA = fileURLToPath(new URL('../../../../shared/fixtures/detections/sigma/', import.meta.url))

describe("loadSigmaRules on SigmaHQ's CloudTrail rules", () => {
  it('translates at least 90 % of the 57 supported rules and says why for the others', () => {
    const { detections, unsupported } = loadSigmaRules([join(SIGMA, 'rules')])
    console.log(`Sigma CloudTrail rules translated: ${detections.length} of ${detections.length + unsupported.length}`)
    expect(detections.length + unsupported.length).toBe(57)
    expect(detections.length).toBeGreaterThanOrEqual(52)
    for (const u of unsupported) expect(u.reason.length, u.source).toBeGreaterThan(10)
    expect(new Set(detections.map((d) => d.id)).size).toBe(detections.length)
    for (const d of detections) {
      expect(d.id).toMatch(/^sigma_[a-z0-9_]+$/)
      expect(
        d.tags.some((t) => t.startsWith('sigma-id:')),
        d.id,
      ).toBe(true)
    }
  })

  it('translates none of the placeholder and correlation rules', () => {
    const { detections, unsupported } = loadSigmaRules([join(SIGMA, 'rules-placeholder'), join(SIGMA, 'unsupported')])
    expect(detections).toEqual([])
    expect(unsupported.map((u) => u.title)).toContain('AWS Console Login Monitoring')
    expect(unsupported.length).toBe(9)
  })

  it('lists a path that cannot be read instead of throwing', () => {
    const { unsupported } = loadSigmaRules(['/nonexistent/sigma'])
    expect(unsupported[0]).toMatchObject({ source: '/nonexistent/sigma' })
    expect(unsupported[0]!.reason).toContain('cannot be read')
  })
})

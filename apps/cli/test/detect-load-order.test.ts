import { describe, expect, it } from 'vitest'
import { inLoadOrder } from '../src/commands/detect.js'

describe('inLoadOrder', () => {
  it('puts detections that share columns next to each other, each adding the fewest new columns', () => {
    const needs = [
      new Set(['event_name', 'request_parameters']),
      new Set(['event_name', 'user_identity', 'tls_details']),
      new Set(['event_name']),
      new Set(['event_name', 'request_parameters', 'response_elements']),
      new Set(['event_name', 'user_identity']),
    ]
    expect(inLoadOrder(needs)).toEqual([2, 0, 3, 4, 1])
  })

  it('keeps every position once, and the given order among equals', () => {
    const same = Array.from({ length: 5 }, () => new Set(['event_time']))
    expect(inLoadOrder(same)).toEqual([0, 1, 2, 3, 4])
    expect(inLoadOrder([])).toEqual([])
  })
})

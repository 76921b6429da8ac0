import { describe, expect, it } from 'vitest'
import { schemaView } from '../src/schema-view.js'

describe('schema view', () => {
  it('lists every column of aws_cloudtrail_log', () => {
    const html = schemaView()
    expect(html).toContain('<code>aws_cloudtrail_log</code>')
    expect(html).toContain('<code>user_identity</code>')
    expect(html).toContain('<code>tp_usernames</code>')
  })
})

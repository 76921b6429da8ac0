import { basename } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findingsSql, parseDetection, parseDetections, selectDetections, toFindings, toSarif } from '../src/index.js'
import { loadBuiltinDetections, loadDetections } from '../src/node.js'

const minimal = (extra = '') => `id: x_one
title: One
severity: medium
mitre: [T1562.008]
description: What and what to do.
condition: event_name = 'StopLogging'
${extra}`

describe('the built-in library', () => {
  const library = loadBuiltinDetections()

  it('parses, one file per id, named after it', () => {
    expect(library.length).toBeGreaterThan(10)
    for (const d of library) expect(basename(d.source)).toBe(`${d.id}.yml`)
  })

  it('names the columns it reads: a `select *` would load every column of every event (over 4 GiB of wasm at 10M)', () => {
    const star = /\bselect\s+(distinct\s+)?(\w+\.)?\*/i
    expect(library.filter((d) => star.test(findingsSql(d))).map((d) => d.id)).toEqual([])
  })

  it('covers the 14 CIS / Security Hub CloudWatch metric-filter controls', () => {
    const controls = new Set(library.flatMap((d) => d.tags.filter((t) => t.startsWith('securityhub-cloudwatch.'))))
    expect([...controls].sort()).toEqual(Array.from({ length: 14 }, (_, i) => `securityhub-cloudwatch.${i + 1}`).sort())
  })

  it('gives every detection a description, MITRE techniques and SQL', () => {
    for (const d of library) {
      expect(d.description.length, d.id).toBeGreaterThan(40)
      expect(d.mitre.length, d.id).toBeGreaterThan(0)
      expect(findingsSql(d)).toMatch(/^select event_id, event_time/)
    }
  })
})

describe('parseDetection', () => {
  it('reads a detection', () => {
    const d = parseDetection(minimal('tags: [a]\npanther:\n  rules: [AWS.X]\n'), 'one.yml')
    expect(d).toMatchObject({ id: 'x_one', severity: 'medium', mitre: ['T1562.008'], tags: ['a'], panther: { rules: ['AWS.X'] } })
  })

  it.each([
    [minimal().replace('severity: medium', 'severity: severe'), 'one.yml: severity must be one of info, low, medium, high, critical'],
    [minimal().replace('[T1562.008]', '[TA0005]'), 'one.yml: TA0005 is not a MITRE ATT&CK technique id'],
    [minimal().replace("condition: event_name = 'StopLogging'", ''), 'one.yml: needs exactly one of condition and sql'],
    [minimal('sql: select 1'), 'one.yml: needs exactly one of condition and sql'],
    [minimal('severty: high'), 'one.yml: unknown key severty'],
    [minimal().replace('title: One\n', ''), 'one.yml: title is missing'],
    ['id: [unclosed', 'one.yml: not valid YAML'],
    [minimal().replace('id: x_one', 'id: X One'), 'one.yml: id X One must be'],
  ])('names the file and what is wrong: %#', (text, message) => {
    expect(() => parseDetection(text, 'one.yml')).toThrow(message)
  })

  it('refuses an id given twice', () => {
    expect(() =>
      parseDetections([
        { text: minimal(), source: 'a.yml' },
        { text: minimal(), source: 'b.yml' },
      ]),
    ).toThrow('b.yml: id x_one is also the id of a.yml')
  })
})

describe('selectDetections', () => {
  const all = loadBuiltinDetections()
  it('selects by id, glob and severity', () => {
    expect(selectDetections(all, { patterns: ['aws_root_activity'] }).map((d) => d.id)).toEqual(['aws_root_activity'])
    const cis = selectDetections(all, { patterns: ['aws_cis_*'] })
    expect(cis.length).toBe(13)
    expect(selectDetections(all, { minSeverity: 'high' }).every((d) => d.severity === 'high' || d.severity === 'critical')).toBe(true)
  })
  it('fails on a pattern that matches nothing', () => {
    expect(() => selectDetections(all, { patterns: ['aws_roto_*'] })).toThrow('no detection matches aws_roto_*')
  })
})

describe('findings and SARIF', () => {
  it('turns rows into findings and findings into SARIF 2.1.0', () => {
    const [d] = parseDetections([{ text: minimal(), source: 'one.yml' }])
    const findings = toFindings(d!, [
      { event_id: 'e1', event_time: '2024-01-01T00:00:00.000Z', actor: 'arn:aws:iam::1:user/a', source_ip_address: '198.51.100.1', recipient_account_id: '1', aws_region: 'us-east-1', event_source: 'cloudtrail.amazonaws.com', event_name: 'StopLogging', error_code: null },
    ])
    expect(findings[0]).toMatchObject({ detection_id: 'x_one', severity: 'medium', event_id: 'e1', actor: 'arn:aws:iam::1:user/a' })
    const sarif = toSarif([d!], findings, '0.1.0') as { version: string; runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; level: string }[] }[] }
    expect(sarif.version).toBe('2.1.0')
    expect(sarif.runs[0]!.tool.driver.rules.map((r) => r.id)).toEqual(['x_one'])
    expect(sarif.runs[0]!.results).toMatchObject([{ ruleId: 'x_one', level: 'warning' }])
  })

  it('loads a user folder of detections', () => {
    expect(() => loadDetections(['/nonexistent/path'])).toThrow(/ENOENT/)
  })
})

import { type ParsedRegex, parseRegex } from './regex-syntax.js'

/**
 * Built-in patterns with their Logstash grok meanings, except that only GREEDYDATA may cross a `/`:
 * a layout describes a path, and a placeholder that stays inside one folder keeps matches and
 * listing pruning predictable.
 */
export const BUILTIN_PATTERNS: Readonly<Record<string, string>> = {
  DATA: '[^/]*?',
  GREEDYDATA: '[\\s\\S]*',
  NOTSPACE: '[^\\s/]+',
  WORD: '\\w+',
  NUMBER: '\\d+(?:\\.\\d+)?',
  INT: '[+-]?\\d+',
  POSINT: '[1-9]\\d*',
  NONNEGINT: '\\d+',
  YEAR: '\\d{4}',
  MONTHNUM: '1[0-2]|0?[1-9]',
  MONTHDAY: '3[01]|[12]\\d|0?[1-9]',
  HOUR: '2[0-3]|[01]?\\d',
  MINUTE: '[0-5]\\d',
  SECOND: '(?:[0-5]?\\d|60)(?:[:.,]\\d+)?',
  UUID: '[A-Fa-f0-9]{8}-(?:[A-Fa-f0-9]{4}-){3}[A-Fa-f0-9]{12}',
  IPV4: '(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)',
  IP: '%{IPV4}',
  ISO8601_TIMEZONE: 'Z|[+-]%{HOUR}(?::?%{MINUTE})?',
  TIMESTAMP_ISO8601: '%{YEAR}-%{MONTHNUM}-%{MONTHDAY}[T ]%{HOUR}:?%{MINUTE}(?::?%{SECOND})?%{ISO8601_TIMEZONE}?',
}

const PATTERN_NAME = /^[A-Za-z0-9_]+$/

/** Resolves pattern names (built-in or custom) to parsed regexes, expanding nested references once each. */
export class PatternLibrary {
  private readonly sources: Record<string, string>
  private readonly resolved = new Map<string, ParsedRegex>()
  private readonly resolving: string[] = []

  constructor(custom: Readonly<Record<string, string>> = {}) {
    for (const [name, source] of Object.entries(custom)) {
      if (!PATTERN_NAME.test(name)) throw new Error(`custom pattern name "${name}" must match ${PATTERN_NAME.source}`)
      if (typeof source !== 'string') throw new Error(`custom pattern ${name} must be a string`)
    }
    this.sources = { ...BUILTIN_PATTERNS, ...custom }
    // Custom patterns are checked even when unused, so a typo surfaces where the layout is compiled.
    for (const name of Object.keys(custom)) this.resolve(name)
  }

  resolve(name: string): ParsedRegex {
    const done = this.resolved.get(name)
    if (done !== undefined) return done
    const source = this.sources[name]
    if (source === undefined || !Object.hasOwn(this.sources, name)) throw new Error(`unknown pattern %{${name}}`)
    if (this.resolving.includes(name)) {
      throw new Error(`pattern ${name} is recursive (${[...this.resolving, name].join(' -> ')})`)
    }
    this.resolving.push(name)
    try {
      const parsed = parseRegex(source, (ref, field) => {
        if (field !== undefined) throw new Error(`field names are not allowed inside patterns (%{${ref}:${field}})`)
        return this.resolve(ref)
      })
      try {
        new RegExp(parsed.source)
      } catch (e) {
        throw new Error(`not a valid regular expression (${(e as Error).message})`)
      }
      this.resolved.set(name, parsed)
      return parsed
    } catch (e) {
      const message = (e as Error).message
      throw new Error(message.startsWith('pattern ') ? message : `pattern ${name} (${source}): ${message}`)
    } finally {
      this.resolving.pop()
    }
  }
}

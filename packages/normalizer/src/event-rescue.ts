/**
 * Recovers the CloudTrail events swallowed by a broken record. When a record loses a closing bracket, the records
 * after it become part of it until the brackets balance again; each of them still starts with `{"eventVersion"`
 * right after a `,` or `[`. Those objects are cut out and parsed on their own.
 */

export interface RescuedEvent {
  value: unknown
  /** Offset of the object in the broken record's text. */
  offset: number
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09
}

/** Offset just past the object starting at `start` (brackets balanced, strings skipped), or -1. */
function objectEnd(text: string, start: number): number {
  let depth = 0
  let inString = false
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x7b || c === 0x5b) depth++
    else if ((c === 0x7d || c === 0x5d) && --depth === 0) return i + 1
  }
  return -1
}

export function rescueEvents(text: string): RescuedEvent[] {
  const rescued: RescuedEvent[] = []
  let from = 1
  for (;;) {
    const key = text.indexOf('"eventVersion"', from)
    if (key < 0) return rescued
    from = key + 1
    let brace = key - 1
    while (brace > 0 && isSpace(text.charCodeAt(brace))) brace--
    if (text.charCodeAt(brace) !== 0x7b) continue
    let before = brace - 1
    while (before > 0 && isSpace(text.charCodeAt(before))) before--
    const separator = text.charCodeAt(before)
    if (before <= 0 || (separator !== 0x2c && separator !== 0x5b)) continue
    const end = objectEnd(text, brace)
    if (end < 0) continue
    try {
      rescued.push({ value: JSON.parse(text.slice(brace, end)), offset: brace })
      from = end
    } catch {
      // Broken as well: its own nested events are looked for next.
    }
  }
}

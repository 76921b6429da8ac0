/** IPv4 / IPv6 address recognition, and the IP-valued fields of a record's JSON text. */

function isIpv4(text: string, from: number, to: number): boolean {
  let parts = 0
  let i = from
  while (i <= to) {
    let value = 0
    let digits = 0
    const start = i
    while (i < to) {
      const d = text.charCodeAt(i) - 0x30
      if (d < 0 || d > 9) break
      value = value * 10 + d
      digits++
      i++
    }
    if (digits === 0 || digits > 3 || value > 255 || (digits > 1 && text.charCodeAt(start) === 0x30)) return false
    parts++
    if (i === to) return parts === 4
    if (text.charCodeAt(i) !== 0x2e || parts === 4) return false
    i++
  }
  return false
}

function isHexDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)
}

function isIpv6(text: string): boolean {
  const n = text.length
  let groups = 0
  let compressed = false
  let i = 0
  if (text.startsWith('::')) {
    compressed = true
    i = 2
    if (n === 2) return true
  } else if (text.charCodeAt(0) === 0x3a) return false
  while (i < n) {
    const start = i
    while (i < n && i - start < 5 && isHexDigit(text.charCodeAt(i))) i++
    const c = i < n ? text.charCodeAt(i) : -1
    if (c === 0x2e) {
      // An embedded IPv4 address ends the text and counts as two groups.
      if (!isIpv4(text, start, n)) return false
      groups += 2
      i = n
      break
    }
    if (i === start || i - start > 4) return false
    groups++
    if (i === n) break
    if (c !== 0x3a) return false
    i++
    if (i < n && text.charCodeAt(i) === 0x3a) {
      if (compressed) return false
      compressed = true
      i++
      if (i === n) break
    } else if (i === n) return false
  }
  return compressed ? groups <= 7 : groups === 8
}

/** Whether `text` is an IPv4 or IPv6 address (no zone, no prefix length). */
export function isIpAddress(text: string): boolean {
  const n = text.length
  if (n < 2 || n > 45) return false
  return text.includes(':') ? isIpv6(text) : isIpv4(text, 0, n)
}

/** A key naming an IP address: sourceIPAddress, privateIpAddress, publicIp, ipAddress, ipv6Address, clientIp... */
const IP_KEY = /(?:^i[pP]|Ip|IP)(?:$|[A-Z]|[vV][46])/

/** Whether the value at `start` can begin an IP address: a digit, or hex / `:` with a `:` in its first five characters. */
function mayStartIp(json: string, start: number): boolean {
  const c = json.charCodeAt(start)
  if (c >= 0x30 && c <= 0x39) return true
  if (!isHexDigit(c) && c !== 0x3a) return false
  for (let i = start; i < start + 5; i++) if (json.charCodeAt(i) === 0x3a) return true
  return false
}

/**
 * Appends to `into` the IP addresses held as string values of IP-named keys anywhere in `json` (compact JSON text),
 * skipping those already there.
 */
export function collectIpFields(json: string, into: string[]): void {
  let at = json.indexOf('":"')
  while (at >= 0) {
    const valueStart = at + 3
    // An IP-named key ends with p, P, s (…Address), 4 or 6 (ipv4, ipv6).
    const last = json.charCodeAt(at - 1)
    if (
      (last === 0x70 || last === 0x50 || last === 0x73 || last === 0x34 || last === 0x36) &&
      mayStartIp(json, valueStart)
    ) {
      const valueEnd = json.indexOf('"', valueStart)
      if (valueEnd > valueStart && valueEnd - valueStart <= 45) {
        const value = json.slice(valueStart, valueEnd)
        if (isIpAddress(value)) {
          const keyStart = json.lastIndexOf('"', at - 1)
          if (keyStart >= 0 && IP_KEY.test(json.slice(keyStart + 1, at)) && !into.includes(value)) into.push(value)
        }
      }
    }
    at = json.indexOf('":"', valueStart)
  }
}

/** One element of a layout, before its placeholders are resolved to patterns. */
export type LayoutNode =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'placeholder'; readonly pattern: string; readonly field?: string; readonly offset: number }
  | { readonly kind: 'optional'; readonly items: readonly LayoutNode[] }

const PATTERN_NAME = /^[A-Za-z0-9_]+$/
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
/** Characters that `\` turns back into literal text. */
const ESCAPABLE = '()?%\\'

/**
 * Parses layout text: `%{PATTERN}` / `%{PATTERN:field}` placeholders, optional groups `( … )?`, and
 * literal text everywhere else. Errors name the problem and its offset; the caller adds the layout.
 */
export function parseLayout(text: string): LayoutNode[] {
  if (text === '') throw new Error('layout is empty')
  const stack: { items: LayoutNode[]; open: number }[] = [{ items: [], open: -1 }]
  let literal = ''
  const current = () => stack[stack.length - 1]!.items
  const flush = () => {
    if (literal !== '') current().push({ kind: 'literal', text: literal })
    literal = ''
  }

  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (c === '\\' && i + 1 < text.length && ESCAPABLE.includes(text[i + 1]!)) {
      literal += text[++i]
    } else if (c === '%' && text[i + 1] === '{') {
      flush()
      const close = text.indexOf('}', i + 2)
      if (close < 0) throw new Error(`unterminated placeholder '%{' at offset ${i}`)
      current().push(parsePlaceholder(text.slice(i + 2, close), i))
      i = close
    } else if (c === '(') {
      flush()
      stack.push({ items: [], open: i })
    } else if (c === ')') {
      flush()
      const group = stack.pop()
      if (group === undefined || stack.length === 0) {
        throw new Error(`unbalanced parentheses: ')' at offset ${i} has no matching '('`)
      }
      if (text[i + 1] !== '?') {
        throw new Error(
          `group closed at offset ${i} must be followed by '?' (write \\( and \\) for literal parentheses)`,
        )
      }
      if (group.items.length === 0) throw new Error(`empty optional group at offset ${group.open}`)
      current().push({ kind: 'optional', items: group.items })
      i++
    } else literal += c
  }
  flush()
  if (stack.length > 1) {
    throw new Error(`unbalanced parentheses: '(' at offset ${stack[stack.length - 1]!.open} is never closed`)
  }
  return stack[0]!.items
}

function parsePlaceholder(body: string, offset: number): LayoutNode {
  const parts = body.split(':')
  const [pattern = '', field] = parts
  if (parts.length > 2) throw new Error(`placeholder %{${body}} at offset ${offset} has more than one ':'`)
  if (!PATTERN_NAME.test(pattern)) {
    throw new Error(`invalid pattern name "${pattern}" in %{${body}} at offset ${offset}`)
  }
  if (field === undefined) return { kind: 'placeholder', pattern, offset }
  if (!FIELD_NAME.test(field)) throw new Error(`invalid field name "${field}" in %{${body}} at offset ${offset}`)
  return { kind: 'placeholder', pattern, field, offset }
}

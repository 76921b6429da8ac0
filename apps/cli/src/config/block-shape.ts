import { ConfigError } from './config-error.js'
import { suggestion } from './did-you-mean.js'
import { describeBlock, type HclBlock } from './hcl-syntax.js'

/** Fails unless the block has exactly as many labels as `usage` (how the block is written) shows. */
export function expectLabels(block: HclBlock, count: number, usage: string): void {
  if (block.labels.length === count) return
  const at = block.labels[count]?.at ?? block.at
  const found = block.labels.length === 0 ? 'none' : String(block.labels.length)
  throw new ConfigError(
    at,
    `a ${block.type} block needs ${count === 1 ? '1 label' : `${count} labels`}, as in ${usage}; found ${found}`,
  )
}

/** The nested blocks of `block`, which may only be of the `allowed` types. */
export function nestedBlocks(block: HclBlock, allowed: readonly string[]): HclBlock[] {
  for (const nested of block.body.blocks) {
    if (allowed.includes(nested.type)) continue
    const problem =
      allowed.length === 0
        ? `${describeBlock(block)} takes no nested blocks, found a ${nested.type} block`
        : `unknown block type ${nested.type} in ${describeBlock(block)}${suggestion(nested.type, allowed)}`
    throw new ConfigError(nested.at, problem)
  }
  return block.body.blocks
}

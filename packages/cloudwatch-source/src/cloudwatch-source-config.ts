/** Where and how to read a CloudTrail log group. */
export interface CloudWatchSourceConfig {
  logGroup: string
  /** Stream name globs (`*` and `?`), e.g. `111122223333_CloudTrail_*`; all streams when empty. */
  logStreams?: string[]
  region?: string
  profile?: string
  endpoint?: string
  from?: Date
  to?: Date
}

/** Whether a stream name matches a glob (`*` any run of characters, `?` one character). */
export function streamMatches(glob: string, name: string): boolean {
  const pattern = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replaceAll('*', '.*')
    .replaceAll('?', '.')
  return new RegExp(`^${pattern}$`).test(name)
}

/**
 * The literal text every name matching one of the globs starts with (to list with `logStreamNamePrefix`);
 * undefined when there is none.
 */
export function commonLiteralPrefix(globs: readonly string[]): string | undefined {
  if (globs.length === 0) return undefined
  let prefix: string | undefined
  for (const glob of globs) {
    const wildcard = glob.search(/[*?]/)
    const literal = wildcard === -1 ? glob : glob.slice(0, wildcard)
    if (prefix === undefined) prefix = literal
    else {
      let length = 0
      while (length < prefix.length && length < literal.length && prefix[length] === literal[length]) length++
      prefix = prefix.slice(0, length)
    }
  }
  return prefix === '' ? undefined : prefix
}

export function selectStreams(config: Pick<CloudWatchSourceConfig, 'logStreams'>, names: readonly string[]): string[] {
  const globs = config.logStreams ?? []
  return globs.length === 0 ? [...names] : names.filter((n) => globs.some((g) => streamMatches(g, n)))
}

export function validateCloudWatchSourceConfig(config: CloudWatchSourceConfig): void {
  if (!/^[\w\-/.#]{1,512}$/.test(config.logGroup)) throw new Error(`'${config.logGroup}' is not a valid log group name`)
  if (config.from && config.to && config.from >= config.to) {
    throw new Error(`--from ${config.from.toISOString()} is not before --to ${config.to.toISOString()}`)
  }
}

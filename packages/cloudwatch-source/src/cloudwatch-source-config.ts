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
  const pattern = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')
  return new RegExp(`^${pattern}$`).test(name)
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

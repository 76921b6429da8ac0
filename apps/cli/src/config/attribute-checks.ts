import { compileLayout, LayoutError } from '@cairn/layout-matcher'
import type { AttributeRead } from './block-attributes.js'
import { ConfigError } from './config-error.js'

// The same rules the S3 and CloudWatch sources apply, checked here so the error can point into the file.
const S3_BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/
const LOG_GROUP_NAME = /^[\w\-/.#]{1,512}$/
const REGION_NAME = /^[a-z]{2,}(-[a-z]+)+-\d+$/

export function checkBucketName(bucket: AttributeRead<string>): string {
  if (!S3_BUCKET_NAME.test(bucket.value)) {
    throw new ConfigError(
      bucket.at,
      `bucket ${JSON.stringify(bucket.value)} is not a valid S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens)`,
    )
  }
  return bucket.value
}

export function checkLogGroupName(logGroup: AttributeRead<string>): string {
  if (!LOG_GROUP_NAME.test(logGroup.value)) {
    throw new ConfigError(
      logGroup.at,
      `log_group_name ${JSON.stringify(logGroup.value)} is not a valid log group name (1 to 512 letters, digits and _-/.#)`,
    )
  }
  return logGroup.value
}

/** `name` is how the value is named in the message: `region`, `regions[0]`. */
export function checkRegion(name: string, region: AttributeRead<string>): string {
  if (region.value.includes('*')) {
    throw new ConfigError(
      region.at,
      `${name}: wildcards such as ${JSON.stringify(region.value)} are not supported; name one region, such as "us-east-1"`,
    )
  }
  if (!REGION_NAME.test(region.value)) {
    throw new ConfigError(
      region.at,
      `${name} ${JSON.stringify(region.value)} is not an AWS region name such as "us-east-1"`,
    )
  }
  return region.value
}

export function checkEndpoint(endpoint: AttributeRead<string>): string {
  if (!/^https?:\/\/\S+$/.test(endpoint.value)) {
    throw new ConfigError(endpoint.at, `endpoint ${JSON.stringify(endpoint.value)} must be an http:// or https:// URL`)
  }
  return endpoint.value
}

export function checkFileLayout(layout: AttributeRead<string>): string {
  try {
    compileLayout(layout.value)
  } catch (error) {
    if (!(error instanceof LayoutError)) throw error
    throw new ConfigError(layout.at, `file_layout is not a valid layout: ${error.problem}`)
  }
  return layout.value
}

export function checkNotEmpty(name: string, value: AttributeRead<string>): string {
  if (value.value.trim() === '') throw new ConfigError(value.at, `${name} must not be empty`)
  return value.value
}

export function checkNoEmptyItems(name: string, list: AttributeRead<string[]>): string[] {
  const empty = list.value.findIndex((item) => item.trim() === '')
  if (empty !== -1) throw new ConfigError(list.at, `${name}[${empty}] must not be empty`)
  return list.value
}

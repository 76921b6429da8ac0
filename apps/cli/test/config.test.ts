import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type CairnConfig,
  ConfigError,
  defaultConfigPaths,
  loadCairnConfig,
  loadCairnConfigs,
  PartitionSelectionError,
  parseCairnConfig,
  parseCairnConfigs,
  selectPartitions,
} from '../src/config/index.js'

const ORG_LAYOUT =
  'AWSLogs/(%{DATA:org_id}/)?%{NUMBER:account_id}/CloudTrail/%{DATA:region}/%{YEAR:year}/%{MONTHNUM:month}/%{MONTHDAY:day}/%{DATA}.json.gz'

const TAILPIPE_EXAMPLE = `connection "aws" "prod" {
  profile = "prod-audit"
  regions = ["us-east-1"]
}
partition "aws_cloudtrail_log" "org" {
  source "aws_s3_bucket" {
    connection  = connection.aws.prod
    bucket      = "org-trail-bucket"
    prefix      = "trails/"
    file_layout = "${ORG_LAYOUT}"
  }
}
partition "aws_cloudtrail_log" "cw" {
  source "aws_cloudwatch_log_group" {
    connection = connection.aws.prod
    log_group_name = "aws-cloudtrail-logs"
    log_stream_names = ["111122223333_CloudTrail_*"]
  }
}
partition "aws_cloudtrail_log" "local" {
  source "file" {
    paths = ["/var/log/cloudtrail"]
    file_layout = "..."
  }
}
`

const TAILPIPE_EXAMPLE_CONFIG: CairnConfig = {
  partitions: [
    {
      table: 'aws_cloudtrail_log',
      name: 'org',
      source: {
        type: 'aws_s3_bucket',
        bucket: 'org-trail-bucket',
        prefix: 'trails/',
        region: 'us-east-1',
        profile: 'prod-audit',
        fileLayout: ORG_LAYOUT,
      },
    },
    {
      table: 'aws_cloudtrail_log',
      name: 'cw',
      source: {
        type: 'aws_cloudwatch_log_group',
        logGroup: 'aws-cloudtrail-logs',
        logStreams: ['111122223333_CloudTrail_*'],
        region: 'us-east-1',
        profile: 'prod-audit',
      },
    },
    {
      table: 'aws_cloudtrail_log',
      name: 'local',
      source: { type: 'file', paths: ['/var/log/cloudtrail'], fileLayout: '...' },
    },
  ],
}

/** The message parseCairnConfig throws for `text`, checking it is a ConfigError. */
function errorOf(text: string, fileName = 'cairn.hcl'): string {
  try {
    parseCairnConfig(text, fileName)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as ConfigError).message
  }
  throw new Error('expected a ConfigError')
}

const s3Partition = (sourceBody: string, name = 'p') =>
  `partition "aws_cloudtrail_log" "${name}" {\n  source "aws_s3_bucket" {\n${sourceBody}\n  }\n}\n`

describe('parseCairnConfig', () => {
  it('reads the Tailpipe example into the exact partitions', () => {
    expect(parseCairnConfig(TAILPIPE_EXAMPLE, 'tailpipe.hcl')).toStrictEqual(TAILPIPE_EXAMPLE_CONFIG)
  })

  it('reads an empty file, or one with only comments, as no partitions', () => {
    expect(parseCairnConfig('', 'empty.hcl')).toStrictEqual({ partitions: [] })
    expect(parseCairnConfig('# nothing\n// yet\n/* at\n all */\n', 'empty.hcl')).toStrictEqual({ partitions: [] })
  })

  it('reads every S3 attribute, letting source attributes override the connection', () => {
    const config = parseCairnConfig(
      `connection "aws" "local_s3" {
  profile          = "lake"
  regions          = ["eu-west-1", "eu-central-1"]
  endpoint         = "http://127.0.0.1:4568"
  force_path_style = true
}
partition "aws_cloudtrail_log" "minio" {
  source "aws_s3_bucket" {
    connection       = connection.aws.local_s3
    bucket           = "trail.bucket-1"
    region           = "us-west-2"
    profile          = "other"
    force_path_style = false
    concurrency      = 16
  }
}
partition "aws_cloudtrail_log" "inherits" {
  source "aws_s3_bucket" {
    connection = connection.aws.local_s3
    bucket     = "trail-bucket"
  }
}
`,
      'cairn.hcl',
    )
    expect(config.partitions.map((p) => p.source)).toStrictEqual([
      {
        type: 'aws_s3_bucket',
        bucket: 'trail.bucket-1',
        region: 'us-west-2',
        profile: 'other',
        endpoint: 'http://127.0.0.1:4568',
        forcePathStyle: false,
        concurrency: 16,
      },
      {
        type: 'aws_s3_bucket',
        bucket: 'trail-bucket',
        region: 'eu-west-1',
        profile: 'lake',
        endpoint: 'http://127.0.0.1:4568',
        forcePathStyle: true,
      },
    ])
  })

  it('gives a CloudWatch source the connection profile, region and endpoint, but not force_path_style', () => {
    const config = parseCairnConfig(
      `connection "aws" "c" {
  endpoint         = "https://logs.example.test"
  force_path_style = true
}
partition "aws_cloudtrail_log" "cw" {
  source "aws_cloudwatch_log_group" {
    connection     = connection.aws.c
    log_group_name = "/aws/cloudtrail/org#1"
    region         = "ap-southeast-2"
  }
}
`,
      'cairn.hcl',
    )
    expect(config.partitions[0]!.source).toStrictEqual({
      type: 'aws_cloudwatch_log_group',
      logGroup: '/aws/cloudtrail/org#1',
      region: 'ap-southeast-2',
      endpoint: 'https://logs.example.test',
    })
  })

  it('knows the implicit connection.aws.default (the plain AWS credential chain)', () => {
    const config = parseCairnConfig(
      s3Partition('    connection = connection.aws.default\n    bucket = "b-1"'),
      'cairn.hcl',
    )
    expect(config.partitions[0]!.source).toStrictEqual({ type: 'aws_s3_bucket', bucket: 'b-1' })
  })

  it('resolves a connection defined after the partition that uses it', () => {
    const text = `${s3Partition('    connection = connection.aws.later\n    bucket = "b-1"')}connection "aws" "later" {\n  profile = "p"\n}\n`
    expect(parseCairnConfig(text, 'cairn.hcl').partitions[0]!.source).toStrictEqual({
      type: 'aws_s3_bucket',
      bucket: 'b-1',
      profile: 'p',
    })
  })

  it('reads a partition filter, also as a heredoc', () => {
    const config = parseCairnConfig(
      `partition "aws_cloudtrail_log" "writes" {
  # Avoid saving read-only events
  filter = "not read_only"
  source "file" {
    paths = ["/logs"]
  }
}
partition "aws_cloudtrail_log" "root" {
  filter = <<-SQL
    user_identity.type = 'Root'
      and not read_only
    SQL
  source "file" {
    paths = ["/logs"]
  }
}
`,
      'cairn.hcl',
    )
    expect(config.partitions.map((p) => p.filter)).toStrictEqual([
      'not read_only',
      "user_identity.type = 'Root'\n  and not read_only\n",
    ])
  })

  it('takes the HCL syntax Tailpipe configs use', () => {
    const config = parseCairnConfig(
      [
        '\uFEFF/* block comment */ partition "aws_cloudtrail_log" "syntax" { // trailing comment\r',
        '  source "file" {\r',
        '    # backticks: a raw string, as in the Tailpipe docs',
        '    file_layout = `AWSLogs/%{NUMBER:account_id}/%{DATA}.json.gz`',
        '    paths = [',
        '      "/a/\\"quoted\\"", # comment inside a list',
        '      "/b/caf\\u00e9\\t$${HOME}%%{x}",',
        '    ]',
        '  }',
        '}',
      ].join('\n'),
      'cairn.hcl',
    )
    expect(config.partitions[0]).toStrictEqual({
      table: 'aws_cloudtrail_log',
      name: 'syntax',
      source: {
        type: 'file',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL text, where ${ is literal or refused
        paths: ['/a/"quoted"', '/b/café\t${HOME}%{x}'],
        fileLayout: 'AWSLogs/%{NUMBER:account_id}/%{DATA}.json.gz',
      },
    })
  })

  it('takes a one-line block and treats null as not set', () => {
    const config = parseCairnConfig(
      'partition "aws_cloudtrail_log" "one" {\n  source "file" { paths = ["/x"] }\n  filter = null\n}\n',
      'cairn.hcl',
    )
    expect(config.partitions[0]).toStrictEqual({
      table: 'aws_cloudtrail_log',
      name: 'one',
      source: { type: 'file', paths: ['/x'] },
    })
  })

  it('expands a leading ~/ in file paths', () => {
    const config = parseCairnConfig(
      'partition "aws_cloudtrail_log" "home" {\n  source "file" {\n    paths = ["~/logs", "~", "a~/b"]\n  }\n}\n',
      'cairn.hcl',
    )
    expect(config.partitions[0]!.source).toStrictEqual({
      type: 'file',
      paths: [join(homedir(), 'logs'), homedir(), 'a~/b'],
    })
  })

  it('parses the example of the README', async () => {
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8')
    const example = /## Config file[\s\S]*?```hcl\n([\s\S]*?)```/.exec(readme)![1]!
    const config = parseCairnConfig(example, 'README.md')
    expect(config.partitions.map((p) => `${p.name}:${p.source.type}`)).toStrictEqual([
      'org:aws_s3_bucket',
      'cw:aws_cloudwatch_log_group',
      'local:file',
    ])
    expect(config.partitions[0]!.filter).toBe('not read_only')
  })

  it('parses a config of 500 partitions quickly', () => {
    const text = Array.from({ length: 500 }, (_, i) =>
      s3Partition(`    bucket = "bucket-${i}"\n    file_layout = "${ORG_LAYOUT}"`, `p${i}`),
    ).join('')
    const started = performance.now()
    expect(parseCairnConfig(text, 'big.hcl').partitions).toHaveLength(500)
    expect(performance.now() - started).toBeLessThan(1000)
  })
})

describe('config errors', () => {
  it('are ConfigErrors with the file, line, column and problem', () => {
    let caught: unknown
    try {
      parseCairnConfig('\n\n  bogus "x" {\n}\n', '/etc/cairn/a.hcl')
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(ConfigError)
    expect(caught).toMatchObject({
      fileName: '/etc/cairn/a.hcl',
      line: 3,
      column: 3,
      problem: 'unknown block type bogus; cairn config files hold connection and partition blocks',
      message:
        '/etc/cairn/a.hcl:3:3: unknown block type bogus; cairn config files hold connection and partition blocks',
    })
  })

  it.each([
    // Blocks
    [
      'a misspelt block type',
      'partiton "aws_cloudtrail_log" "p" {\n}\n',
      'cairn.hcl:1:1: unknown block type partiton; did you mean partition?',
    ],
    [
      'a block type cairn does not have',
      'connection "aws" "a" {\n}\nformat "delimited" "f" {\n}\n',
      'cairn.hcl:3:1: unknown block type format; cairn config files hold connection and partition blocks',
    ],
    [
      'a top-level attribute',
      'bucket = "b"\n',
      'cairn.hcl:1:1: attribute bucket must be inside a connection or partition block',
    ],
    [
      'a table other than aws_cloudtrail_log',
      'partition "aws_vpc_flow_log" "p" {\n}\n',
      'cairn.hcl:1:11: unknown table "aws_vpc_flow_log"; cairn collects only aws_cloudtrail_log',
    ],
    [
      'a misspelt table',
      'partition "aws_cloudtrail_logs" "p" {\n}\n',
      'cairn.hcl:1:11: unknown table "aws_cloudtrail_logs"; did you mean aws_cloudtrail_log?',
    ],
    [
      'a partition name with capitals and a hyphen',
      'partition "aws_cloudtrail_log" "Prod-1" {\n}\n',
      'cairn.hcl:1:32: partition name "Prod-1" may hold only a-z, 0-9 and _',
    ],
    [
      'a partition with one label',
      'partition "aws_cloudtrail_log" {\n}\n',
      'cairn.hcl:1:1: a partition block needs 2 labels, as in partition "aws_cloudtrail_log" "<name>"; found 1',
    ],
    [
      'a partition with three labels',
      'partition "aws_cloudtrail_log" "a" "b" {\n}\n',
      'cairn.hcl:1:36: a partition block needs 2 labels, as in partition "aws_cloudtrail_log" "<name>"; found 3',
    ],
    [
      'a partition without a source',
      'partition "aws_cloudtrail_log" "p" {\n  filter = "not read_only"\n}\n',
      'cairn.hcl:1:1: partition aws_cloudtrail_log.p has no source block; add one, as in source "aws_s3_bucket" { … }',
    ],
    [
      'a partition with two sources',
      'partition "aws_cloudtrail_log" "p" {\n  source "file" {\n    paths = ["/a"]\n  }\n  source "file" {\n    paths = ["/b"]\n  }\n}\n',
      'cairn.hcl:5:3: partition aws_cloudtrail_log.p has a second source block; a partition reads one source (the first is at cairn.hcl:2:3)',
    ],
    [
      'a misspelt nested block',
      'partition "aws_cloudtrail_log" "p" {\n  sorce "file" {\n  }\n}\n',
      'cairn.hcl:2:3: unknown block type sorce in partition "aws_cloudtrail_log" "p"; did you mean source?',
    ],
    [
      'a block inside a source',
      s3Partition('    bucket = "b-1"\n    options {\n    }'),
      'cairn.hcl:4:5: source "aws_s3_bucket" takes no nested blocks, found a options block',
    ],
    [
      'a source without a type',
      'partition "aws_cloudtrail_log" "p" {\n  source {\n  }\n}\n',
      'cairn.hcl:2:3: a source block needs 1 label, as in source "aws_s3_bucket"; found none',
    ],
    [
      'a misspelt source type',
      'partition "aws_cloudtrail_log" "p" {\n  source "aws_s3" {\n  }\n}\n',
      'cairn.hcl:2:10: unknown source type "aws_s3"; did you mean aws_s3_bucket?',
    ],
    [
      'an unknown source type',
      'partition "aws_cloudtrail_log" "p" {\n  source "gcs" {\n  }\n}\n',
      'cairn.hcl:2:10: unknown source type "gcs"; expected one of: aws_s3_bucket, aws_cloudwatch_log_group, file',
    ],
    [
      'a duplicate partition',
      `${s3Partition('    bucket = "b-1"', 'org')}\n${s3Partition('    bucket = "b-2"', 'org')}`,
      'cairn.hcl:7:1: duplicate partition aws_cloudtrail_log.org; first defined at cairn.hcl:1:1',
    ],
    [
      'a duplicate connection',
      'connection "aws" "prod" {\n}\n  connection "aws" "prod" {\n}\n',
      'cairn.hcl:3:3: duplicate connection aws.prod; first defined at cairn.hcl:1:1',
    ],
    [
      'a connection type other than aws',
      'connection "gcp" "prod" {\n}\n',
      'cairn.hcl:1:12: unknown connection type "gcp"; cairn reads AWS only: connection "aws" "<name>"',
    ],
    [
      'a connection name that cannot be referenced',
      'connection "aws" "my prod" {\n}\n',
      'cairn.hcl:1:18: connection name "my prod" cannot be referenced; use letters, digits, _ and -',
    ],
    // Attributes
    [
      'a misspelt attribute',
      s3Partition('    bukcet = "b-1"'),
      'cairn.hcl:3:5: unknown attribute bukcet in source "aws_s3_bucket"; did you mean bucket?',
    ],
    [
      'a shortened attribute',
      'partition "aws_cloudtrail_log" "p" {\n  source "aws_cloudwatch_log_group" {\n    log_group = "g"\n  }\n}\n',
      'cairn.hcl:3:5: unknown attribute log_group in source "aws_cloudwatch_log_group"; did you mean log_group_name?',
    ],
    [
      "Steampipe's endpoint_url",
      'connection "aws" "a" {\n  endpoint_url = "http://localhost:4566"\n}\n',
      'cairn.hcl:2:3: unknown attribute endpoint_url in connection "aws" "a"; did you mean endpoint?',
    ],
    [
      'an attribute far from any known one',
      'partition "aws_cloudtrail_log" "p" {\n  source "file" {\n    colour = "red"\n  }\n}\n',
      'cairn.hcl:3:5: unknown attribute colour in source "file"; expected one of: paths, file_layout',
    ],
    [
      'an attribute of another source type',
      'partition "aws_cloudtrail_log" "p" {\n  source "file" {\n    paths = ["/a"]\n    connection = connection.aws.default\n  }\n}\n',
      'cairn.hcl:4:5: unknown attribute connection in source "file"; expected one of: paths, file_layout',
    ],
    [
      'an attribute set twice',
      s3Partition('    bucket = "b-1"\n    bucket = "b-2"'),
      'cairn.hcl:4:5: bucket is set twice; first set at cairn.hcl:3:5',
    ],
    [
      'a missing bucket',
      s3Partition('    prefix = "x/"'),
      'cairn.hcl:2:3: source "aws_s3_bucket" is missing the required attribute bucket',
    ],
    [
      'a missing log_group_name',
      'partition "aws_cloudtrail_log" "p" {\n  source "aws_cloudwatch_log_group" {\n  }\n}\n',
      'cairn.hcl:2:3: source "aws_cloudwatch_log_group" is missing the required attribute log_group_name',
    ],
    [
      'missing paths',
      'partition "aws_cloudtrail_log" "p" {\n  source "file" {\n    file_layout = "%{DATA}.json"\n  }\n}\n',
      'cairn.hcl:2:3: source "file" is missing the required attribute paths',
    ],
    [
      'empty paths',
      'partition "aws_cloudtrail_log" "p" {\n  source "file" {\n    paths = []\n  }\n}\n',
      'cairn.hcl:3:13: paths must name at least one file or directory',
    ],
    [
      'an empty path',
      'partition "aws_cloudtrail_log" "p" {\n  source "file" {\n    paths = ["/a", ""]\n  }\n}\n',
      'cairn.hcl:3:13: paths[1] must not be empty',
    ],
    [
      'a missing bucket given as null',
      s3Partition('    bucket = null'),
      'cairn.hcl:2:3: source "aws_s3_bucket" is missing the required attribute bucket',
    ],
    // Value types
    [
      'a number for a string',
      s3Partition('    bucket = 42'),
      'cairn.hcl:3:14: bucket must be a string, found a number',
    ],
    [
      'a list for a string',
      s3Partition('    bucket = ["b-1"]'),
      'cairn.hcl:3:14: bucket must be a string, found a list',
    ],
    [
      'an unquoted string',
      s3Partition('    bucket = org_trail'),
      'cairn.hcl:3:14: bucket must be a string, found the reference org_trail',
    ],
    [
      'a string for a list',
      'connection "aws" "a" {\n  regions = "us-east-1"\n}\n',
      'cairn.hcl:2:13: regions must be a list of strings, found a string',
    ],
    [
      'a number in a list of strings',
      'connection "aws" "a" {\n  regions = ["us-east-1",\n    2]\n}\n',
      'cairn.hcl:3:5: regions[1] must be a string, found a number',
    ],
    [
      'a string for a bool',
      s3Partition('    bucket = "b-1"\n    force_path_style = "true"'),
      'cairn.hcl:4:24: force_path_style must be true or false, found a string',
    ],
    [
      'a string for a number',
      s3Partition('    bucket = "b-1"\n    concurrency = "8"'),
      'cairn.hcl:4:19: concurrency must be a whole number of 1 or more, found a string',
    ],
    [
      'a zero concurrency',
      s3Partition('    bucket = "b-1"\n    concurrency = 0'),
      'cairn.hcl:4:19: concurrency must be a whole number of 1 or more, found 0',
    ],
    [
      'a fractional concurrency',
      s3Partition('    bucket = "b-1"\n    concurrency = 2.5'),
      'cairn.hcl:4:19: concurrency must be a whole number of 1 or more, found 2.5',
    ],
    [
      'a quoted connection',
      s3Partition('    connection = "connection.aws.prod"\n    bucket = "b-1"'),
      'cairn.hcl:3:18: connection must be a reference such as connection.aws.<name> (without quotes), found a string',
    ],
    [
      'a connection reference without a name',
      s3Partition('    connection = connection.aws\n    bucket = "b-1"'),
      'cairn.hcl:3:18: connection must be a reference such as connection.aws.<name> (without quotes), found the reference connection.aws',
    ],
    [
      'a misspelt connection',
      `connection "aws" "prod" {\n}\n${s3Partition('    connection = connection.aws.prd\n    bucket = "b-1"')}`,
      'cairn.hcl:5:18: connection.aws.prd is not defined; did you mean connection.aws.prod?',
    ],
    [
      'a connection name near no defined one',
      `connection "aws" "prod" {\n}\n${s3Partition('    connection = connection.aws.dev\n    bucket = "b-1"')}`,
      'cairn.hcl:5:18: connection.aws.dev is not defined; defined connections: connection.aws.default, connection.aws.prod',
    ],
    [
      'an undefined connection',
      `connection "aws" "prod" {\n}\n${s3Partition('    connection = connection.aws.security_account\n    bucket = "b-1"')}`,
      'cairn.hcl:5:18: connection.aws.security_account is not defined; defined connections: connection.aws.default, connection.aws.prod',
    ],
    // Values checked like the sources check them
    [
      'an invalid bucket name',
      s3Partition('    bucket = "Org_Trail"'),
      'cairn.hcl:3:14: bucket "Org_Trail" is not a valid S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens)',
    ],
    [
      'an invalid log group name',
      'partition "aws_cloudtrail_log" "p" {\n  source "aws_cloudwatch_log_group" {\n    log_group_name = "a group"\n  }\n}\n',
      'cairn.hcl:3:22: log_group_name "a group" is not a valid log group name (1 to 512 letters, digits and _-/.#)',
    ],
    [
      'an invalid region',
      s3Partition('    bucket = "b-1"\n    region = "us-east"'),
      'cairn.hcl:4:14: region "us-east" is not an AWS region name such as "us-east-1"',
    ],
    [
      'a wildcard region',
      'connection "aws" "all" {\n  regions = ["*"]\n}\n',
      'cairn.hcl:2:13: regions[0]: wildcards such as "*" are not supported; name one region, such as "us-east-1"',
    ],
    [
      'an endpoint that is not a URL',
      s3Partition('    bucket = "b-1"\n    endpoint = "localhost:4566"'),
      'cairn.hcl:4:16: endpoint "localhost:4566" must be an http:// or https:// URL',
    ],
    [
      'an invalid file layout',
      s3Partition('    bucket = "b-1"\n    file_layout = "AWSLogs/%{NOPE:x}/%{DATA}.json.gz"'),
      'cairn.hcl:4:19: file_layout is not a valid layout: unknown pattern %{NOPE} (placeholder at offset 8)',
    ],
    [
      'an empty profile',
      s3Partition('    bucket = "b-1"\n    profile = " "'),
      'cairn.hcl:4:15: profile must not be empty',
    ],
    [
      'an empty filter',
      'partition "aws_cloudtrail_log" "p" {\n  filter = ""\n}\n',
      'cairn.hcl:2:12: filter must not be empty',
    ],
    // Syntax
    [
      'an unterminated string',
      s3Partition('    bucket = "b-1\n    prefix = "x"'),
      'cairn.hcl:3:14: unterminated string: the closing " is missing on this line',
    ],
    [
      'a string unterminated at the end of the file',
      'connection "aws',
      'cairn.hcl:1:12: unterminated string: the closing " is missing on this line',
    ],
    [
      'an unterminated raw string',
      s3Partition('    bucket = "b-1"\n    file_layout = `AWSLogs/'),
      'cairn.hcl:4:19: unterminated string: the closing ` is missing on this line',
    ],
    [
      'an unterminated comment',
      'connection "aws" "a" {\n}\n  /* the rest\n',
      'cairn.hcl:3:3: unterminated comment: this /* is never closed by */',
    ],
    [
      'an unterminated heredoc',
      'partition "aws_cloudtrail_log" "p" {\n  filter = <<SQL\n  not read_only\n}\n',
      'cairn.hcl:2:12: unterminated heredoc: no line holding only SQL closes <<SQL',
    ],
    [
      'a heredoc without a name',
      'partition "aws_cloudtrail_log" "p" {\n  filter = << SQL\n}\n',
      'cairn.hcl:2:12: a heredoc starts with <<NAME or <<-NAME at the end of a line',
    ],
    [
      'an interpolation',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL text, where ${ is literal or refused
      s3Partition('    bucket = "b-${var.env}"'),
      'cairn.hcl:3:17: interpolation with ${ is not supported: write the value itself, or $${ for a literal ${',
    ],
    [
      'an interpolation in a heredoc',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL text, where ${ is literal or refused
      'partition "aws_cloudtrail_log" "p" {\n  filter = <<SQL\nx = 1\n  and ${y}\nSQL\n}\n',
      'cairn.hcl:4:7: interpolation with ${ is not supported: write the value itself, or $${ for a literal ${',
    ],
    [
      'an invalid escape',
      s3Partition('    prefix = "C:\\logs"'),
      'cairn.hcl:3:17: invalid escape \\l: use \\\\ for a backslash',
    ],
    [
      'a short unicode escape',
      s3Partition('    prefix = "\\u12"'),
      'cairn.hcl:3:15: invalid escape: \\u needs 4 hex digits of a Unicode code point',
    ],
    [
      'a single-quoted string',
      s3Partition("    bucket = 'b-1'"),
      'cairn.hcl:3:14: unexpected character "\'": strings are written in double quotes',
    ],
    ['a stray character', 'connection "aws" "a" {\n  profile = @x\n}\n', 'cairn.hcl:2:13: unexpected character "@"'],
    [
      'a missing value',
      s3Partition('    bucket =\n'),
      'cairn.hcl:3:13: expected a value for bucket, found the end of the line',
    ],
    [
      'a missing =',
      s3Partition('    bucket "b-1"'),
      'cairn.hcl:3:17: expected { to open the bucket block, found the end of the line (to set an attribute, write bucket = <value>)',
    ],
    [
      'a value without a name',
      s3Partition('    = "b-1"'),
      'cairn.hcl:3:5: expected an attribute name or a block type, found =',
    ],
    [
      'a name alone',
      'connection "aws" "a" {\n  profile\n}\n',
      'cairn.hcl:2:10: expected = or { after profile, found the end of the line',
    ],
    [
      'two attributes on one line',
      s3Partition('    bucket = "b-1" prefix = "p/"'),
      'cairn.hcl:3:20: expected a new line after the value of bucket, found prefix',
    ],
    [
      'an unquoted value with a hyphen',
      s3Partition('    bucket = my-bucket'),
      'cairn.hcl:3:14: bucket must be a string, found the reference my-bucket',
    ],
    [
      'a list without commas',
      'connection "aws" "a" {\n  regions = ["a" "b"]\n}\n',
      'cairn.hcl:2:18: expected , or ] in the list, found a string',
    ],
    [
      'an unclosed list',
      'connection "aws" "a" {\n  regions = ["a",\n',
      'cairn.hcl:3:1: expected a value in the list, found the end of the file',
    ],
    [
      'an object value',
      'connection "aws" "a" {\n  tags = { a = 1 }\n}\n',
      'cairn.hcl:2:10: object values ({ … }) are not supported here',
    ],
    [
      'a function call',
      s3Partition('    bucket = lower("B")'),
      'cairn.hcl:3:14: function calls such as lower(…) are not supported',
    ],
    [
      'an unclosed block',
      'partition "aws_cloudtrail_log" "p" {\n  source "file" {\n    paths = ["/a"]\n}\n',
      'cairn.hcl:5:1: expected } to close the partition block opened at 1:1, found the end of the file',
    ],
    ['a stray }', 'connection "aws" "a" {\n}\n}\n', 'cairn.hcl:3:1: unexpected }: there is no open block to close'],
    [
      'a number as a block type',
      '42 {\n}\n',
      'cairn.hcl:1:1: expected an attribute name or a block type, found the number 42',
    ],
    [
      'columns counted in characters after non-ASCII text',
      'partition "aws_cloudtrail_log" "p" {\n  filter = "café 😀" x\n}\n',
      'cairn.hcl:2:21: expected a new line after the value of filter, found x',
    ],
  ])('reports %s', (_, text, message) => {
    expect(errorOf(text)).toBe(message)
  })

  it.each(['access_key', 'secret_key', 'session_token'])('rejects %s without repeating its value', (name) => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
    const message = errorOf(`connection "aws" "static" {\n  profile = "p"\n  ${name} = "${secret}"\n}\n`)
    expect(message).toBe(
      `cairn.hcl:3:3: ${name} is not allowed: cairn keeps no credentials in config files; use profile = "<name>" or the AWS environment (AWS_PROFILE, AWS_ACCESS_KEY_ID, …)`,
    )
    expect(message).not.toContain(secret)
  })

  it('rejects credentials in a source block too', () => {
    expect(errorOf(s3Partition('    bucket = "b-1"\n    secret_key = "x"'))).toBe(
      'cairn.hcl:4:5: secret_key is not allowed: cairn keeps no credentials in config files; use profile = "<name>" or the AWS environment (AWS_PROFILE, AWS_ACCESS_KEY_ID, …)',
    )
  })
})

describe('parseCairnConfigs (several files as one config)', () => {
  const connectionFile = { fileName: 'aws.hcl', text: 'connection "aws" "prod" {\n  profile = "prod-audit"\n}\n' }

  it('merges partitions in file order and shares connections across files', () => {
    const config = parseCairnConfigs([
      { fileName: 'a.hcl', text: s3Partition('    connection = connection.aws.prod\n    bucket = "b-1"', 'a') },
      connectionFile,
      { fileName: 'b.tpc', text: s3Partition('    bucket = "b-2"', 'b') },
    ])
    expect(config).toStrictEqual({
      partitions: [
        {
          table: 'aws_cloudtrail_log',
          name: 'a',
          source: { type: 'aws_s3_bucket', bucket: 'b-1', profile: 'prod-audit' },
        },
        { table: 'aws_cloudtrail_log', name: 'b', source: { type: 'aws_s3_bucket', bucket: 'b-2' } },
      ],
    })
  })

  it('rejects a partition defined in two files, naming both', () => {
    expect(() =>
      parseCairnConfigs([
        { fileName: 'a.hcl', text: s3Partition('    bucket = "b-1"', 'org') },
        { fileName: 'b.hcl', text: `\n${s3Partition('    bucket = "b-2"', 'org')}` },
      ]),
    ).toThrow(
      new ConfigError(
        { fileName: 'b.hcl', line: 2, column: 1 },
        'duplicate partition aws_cloudtrail_log.org; first defined at a.hcl:1:1',
      ),
    )
  })

  it('rejects a connection defined in two files, naming both', () => {
    expect(() => parseCairnConfigs([connectionFile, { ...connectionFile, fileName: 'copy.hcl' }])).toThrow(
      'copy.hcl:1:1: duplicate connection aws.prod; first defined at aws.hcl:1:1',
    )
  })

  it('names the file an error is in', () => {
    expect(() => parseCairnConfigs([connectionFile, { fileName: 'broken.hcl', text: 'partition {\n}\n' }])).toThrow(
      'broken.hcl:1:1: a partition block needs 2 labels, as in partition "aws_cloudtrail_log" "<name>"; found none',
    )
  })
})

describe('loading config files', () => {
  let root: string

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'cairn-config-'))
    const folder = join(root, 'home', '.cairn', 'config')
    await mkdir(join(folder, 'nested.hcl'), { recursive: true })
    await writeFile(
      join(folder, 'b-partitions.hcl'),
      s3Partition('    connection = connection.aws.prod\n    bucket = "b-1"', 'from_hcl'),
    )
    await writeFile(join(folder, 'a-tailpipe.tpc'), connectionFile())
    await writeFile(
      join(folder, 'c-local.hcl'),
      'partition "aws_cloudtrail_log" "local" {\n  source "file" {\n    paths = ["/logs"]\n  }\n}\n',
    )
    await writeFile(join(folder, 'notes.md'), 'not a config')
    await writeFile(join(folder, '.hidden.hcl'), 'garbage {{{')
    await writeFile(join(folder, 'backup.hcl~'), 'garbage {{{')
    await writeFile(join(root, 'single.hcl'), TAILPIPE_EXAMPLE)
  })

  afterAll(async () => {
    await rm(root, { recursive: true, force: true })
  })

  function connectionFile(): string {
    return 'connection "aws" "prod" {\n  profile = "prod-audit"\n}\n'
  }

  it('loadCairnConfig reads one file', async () => {
    expect(await loadCairnConfig(join(root, 'single.hcl'))).toStrictEqual(TAILPIPE_EXAMPLE_CONFIG)
  })

  it('loadCairnConfig names a missing file', async () => {
    const path = join(root, 'missing.hcl')
    await expect(loadCairnConfig(path)).rejects.toThrow(`cannot read the config file ${path}: no such file or folder`)
  })

  it('errors name the file by its path', async () => {
    const path = join(root, 'bad.hcl')
    await writeFile(path, 'partition "aws_cloudtrail_log" "p" {\n  source "file" {\n    path = ["/a"]\n  }\n}\n')
    await expect(loadCairnConfig(path)).rejects.toThrow(
      `${path}:3:5: unknown attribute path in source "file"; did you mean paths?`,
    )
  })

  it('defaultConfigPaths lists the .hcl and .tpc files of ~/.cairn/config in name order', async () => {
    const folder = join(root, 'home', '.cairn', 'config')
    expect(await defaultConfigPaths({}, join(root, 'home'))).toStrictEqual([
      join(folder, 'a-tailpipe.tpc'),
      join(folder, 'b-partitions.hcl'),
      join(folder, 'c-local.hcl'),
    ])
  })

  it('defaultConfigPaths is empty when ~/.cairn/config does not exist', async () => {
    expect(await defaultConfigPaths({}, join(root, 'nobody'))).toStrictEqual([])
  })

  it('defaultConfigPaths takes $CAIRN_CONFIG, a file or a folder, over the home folder', async () => {
    const home = join(root, 'home')
    expect(await defaultConfigPaths({ CAIRN_CONFIG: join(root, 'single.hcl') }, home)).toStrictEqual([
      join(root, 'single.hcl'),
    ])
    expect(
      await defaultConfigPaths({ CAIRN_CONFIG: join(home, '.cairn', 'config') }, join(root, 'nobody')),
    ).toHaveLength(3)
    const missing = join(root, 'nowhere.hcl')
    await expect(defaultConfigPaths({ CAIRN_CONFIG: missing }, home)).rejects.toThrow(
      `CAIRN_CONFIG names ${missing}, which cannot be read: no such file or folder`,
    )
  })

  it('loadCairnConfigs merges the files of the config folder', async () => {
    const config = await loadCairnConfigs(await defaultConfigPaths({}, join(root, 'home')))
    expect(config).toStrictEqual({
      partitions: [
        {
          table: 'aws_cloudtrail_log',
          name: 'from_hcl',
          source: { type: 'aws_s3_bucket', bucket: 'b-1', profile: 'prod-audit' },
        },
        { table: 'aws_cloudtrail_log', name: 'local', source: { type: 'file', paths: ['/logs'] } },
      ],
    })
  })

  it('loadCairnConfigs rejects a partition repeated in another file', async () => {
    const first = join(root, 'first.hcl')
    const second = join(root, 'second.hcl')
    await writeFile(first, s3Partition('    bucket = "b-1"', 'dup'))
    await writeFile(second, `# same name\n${s3Partition('    bucket = "b-2"', 'dup')}`)
    await expect(loadCairnConfigs([first, second])).rejects.toThrow(
      `${second}:2:1: duplicate partition aws_cloudtrail_log.dup; first defined at ${first}:1:1`,
    )
  })

  it('loadCairnConfigs of no files is an empty config', async () => {
    expect(await loadCairnConfigs([])).toStrictEqual({ partitions: [] })
  })
})

describe('selectPartitions', () => {
  const config = parseCairnConfig(TAILPIPE_EXAMPLE, 'tailpipe.hcl')
  const names = (args: string[]) => selectPartitions(config, args).map((p) => p.name)

  it('selects every partition when there are no arguments', () => {
    expect(names([])).toStrictEqual(['org', 'cw', 'local'])
  })

  it('selects the whole table by its name or table.*', () => {
    expect(names(['aws_cloudtrail_log'])).toStrictEqual(['org', 'cw', 'local'])
    expect(names(['aws_cloudtrail_log.*'])).toStrictEqual(['org', 'cw', 'local'])
  })

  it('selects table.name and bare names, in config order, each once', () => {
    expect(names(['aws_cloudtrail_log.local'])).toStrictEqual(['local'])
    expect(names(['local', 'org'])).toStrictEqual(['org', 'local'])
    expect(names(['aws_cloudtrail_log.org', 'org', 'aws_cloudtrail_log'])).toStrictEqual(['org', 'cw', 'local'])
  })

  it('selects by wildcard', () => {
    expect(names(['aws_cloudtrail_log.*o*'])).toStrictEqual(['org', 'local'])
    expect(names(['c*'])).toStrictEqual(['cw'])
  })

  it('returns the configured partition objects', () => {
    expect(selectPartitions(config, ['cw'])).toStrictEqual([config.partitions[1]])
  })

  it.each([
    [
      'aws_cloudtrail_log.prod',
      'unknown partition aws_cloudtrail_log.prod; the known partitions are: aws_cloudtrail_log.org, aws_cloudtrail_log.cw, aws_cloudtrail_log.local',
    ],
    [
      'locl',
      'unknown partition locl; did you mean aws_cloudtrail_log.local? The known partitions are: aws_cloudtrail_log.org, aws_cloudtrail_log.cw, aws_cloudtrail_log.local',
    ],
    [
      'aws_cloudtrail_log.x*',
      'unknown partition aws_cloudtrail_log.x*; the known partitions are: aws_cloudtrail_log.org, aws_cloudtrail_log.cw, aws_cloudtrail_log.local',
    ],
    [
      'aws_vpc_flow_log.org',
      'unknown table aws_vpc_flow_log in aws_vpc_flow_log.org; cairn collects only aws_cloudtrail_log',
    ],
    [
      'aws_cloudtrail_logs.org',
      'unknown table aws_cloudtrail_logs in aws_cloudtrail_logs.org; did you mean aws_cloudtrail_log?',
    ],
    ['aws_cloudtrail_log.', '"aws_cloudtrail_log." names no partition; write aws_cloudtrail_log.<name>'],
  ])('rejects %s, listing the known partitions', (arg, message) => {
    expect(() => selectPartitions(config, [arg])).toThrow(new PartitionSelectionError(message))
  })

  it('says when no partitions are configured', () => {
    expect(selectPartitions({ partitions: [] }, [])).toStrictEqual([])
    expect(() => selectPartitions({ partitions: [] }, ['org'])).toThrow(
      'unknown partition org: no partitions are configured',
    )
  })
})

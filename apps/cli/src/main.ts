#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander'
import { EXTERNAL_DIALECTS } from '@cairn/schema'
import { parseShard } from './collect/collect-shard.js'
import { type CollectOutput, DEFAULT_COLLECT_OUTPUT, parseCollectOutput } from './commands/collect-output.js'
import { DETECT_OUTPUTS, LOOKUP_OUTPUTS, OUTPUT_FORMATS } from './output/format-result.js'
import { parseTime } from './time-window.js'

// The SDK's notice that its 2027 releases need Node 22 is for whoever picks SDK versions (us, pinned in the
// lockfile), not for someone running cairn on Node 20: keep it out of their terminal and their scripts' stderr.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const collectList = (value: string, previous: string[] = []) => [...previous, value]
const positiveInt = (value: string) => {
  const n = Number(value.replaceAll('_', ''))
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`'${value}' is not a positive whole number`)
  return n
}
const dataDirOption = () => new Option('--data-dir <dir>', 'the lake (default: $CAIRN_DATA_DIR or ~/.cairn/data)')
/** How to reach a lake given as --data-dir s3://bucket/prefix (the S3 source's flags, same names). */
const withS3LakeOptions = (command: Command) =>
  command
    .option('--region <region>', 'with an s3:// lake: AWS region (default: AWS_REGION, else us-east-1)')
    .option('--profile <name>', 'with an s3:// lake: AWS shared-config profile (credentials from the standard AWS chain)')
    .option('--endpoint <url>', 'with an s3:// lake: S3-compatible endpoint, e.g. http://127.0.0.1:4568')
    .option('--force-path-style', 'with an s3:// lake: path-style URLs (S3-compatible servers)')
    .addHelpText('after', '\nThe lake may be in S3: --data-dir s3://bucket/prefix (or CAIRN_DATA_DIR=s3://...), read with ranged GETs.')
const fromOption = () => new Option('--from <time>', 'start, inclusive: 2024-05-01, 2024-05-01T12:00:00Z, 7d, T-24h').argParser((v) => parseTime(v))
const toOption = () => new Option('--to <time>', 'end, exclusive (same forms as --from)').argParser((v) => parseTime(v))

const program = new Command()
  .name('cairn')
  .description('AWS CloudTrail logs as a fast, private, queryable security lake')
  .version('0.1.0')

program
  .command('collect')
  .description(
    'collect CloudTrail logs into the lake: from --source options, or the config partitions named (all when none) (exit 0: all collected; 2: some input rejected or unreadable, listed; 1: failure)',
  )
  .argument('[partitions...]', 'config partitions: aws_cloudtrail_log.<name>, <name>, aws_cloudtrail_log (all)')
  .addOption(new Option('--source <type>', 'where the logs are (without it: the config file\'s partitions)').choices(['file', 's3', 'cloudwatch']))
  .option('--path <dir|file>', 'file source: a file or a directory searched recursively (repeatable)', collectList)
  .option('--bucket <name>', 's3 source: the trail bucket')
  .option('--prefix <prefix>', 's3 source: key prefix before AWSLogs/ (with or without a trailing /)')
  .option('--file-layout <grok>', 's3 source: key layout, e.g. AWSLogs/%{NUMBER:account_id}/CloudTrail/%{DATA:region}/...')
  .option('--force-path-style', 's3 source: path-style URLs (S3-compatible servers)')
  .addOption(new Option('--concurrency <n>', 's3 source: objects downloaded at once (default 8)').argParser(positiveInt))
  .option('--log-group <name>', 'cloudwatch source: the log group')
  .option('--log-stream <glob>', 'cloudwatch source: stream name glob (repeatable; default all streams)', collectList)
  .option('--region <region>', 'AWS region (default: AWS_REGION, else us-east-1)')
  .option('--profile <name>', 'AWS shared-config profile (credentials always come from the standard AWS chain)')
  .option('--endpoint <url>', 'S3 or CloudWatch Logs endpoint, e.g. http://127.0.0.1:4568')
  .option('--partition <name>', 'the partition to collect into (with --source)', 'default')
  .option('--config <file|dir>', 'config file or folder (default: $CAIRN_CONFIG, else ~/.cairn/config/*.hcl)')
  .option('--overwrite', 'delete the window\'s rows of the partition and collect the window again')
  .addOption(
    new Option(
      '--shard <i/n>',
      'collect only shard i of n (1-based: 1/3, 2/3, 3/3) of an S3 or file trail, split by account: n collects, on n machines or side by side in one data dir, take one org without overlap',
    ).argParser((v) => {
      try {
        return parseShard(v)
      } catch (error) {
        throw new InvalidArgumentError((error as Error).message)
      }
    }),
  )
  .addOption(fromOption())
  .addOption(toOption())
  .addOption(dataDirOption())
  .addOption(
    new Option(
      '--output <format|s3-url>',
      'summary format (text, json), or s3://bucket/prefix: write the lake there (--region, --profile, --endpoint, --force-path-style apply; state stays in --data-dir); repeatable, e.g. --output s3://b/lake --output json',
    )
      .argParser(parseCollectOutput)
      .default(DEFAULT_COLLECT_OUTPUT, 'text'),
  )
  .action(async (partitions, options) => {
    const { format, lake } = options.output as CollectOutput
    const { collectCommand } = await import('./commands/collect.js')
    process.exitCode = await collectCommand(partitions, { ...options, output: format, lake })
  })

withS3LakeOptions(program.command('query'))
  .description('run SQL over aws_cloudtrail_log: SQL text, a .sql file, standard input, or no argument for a shell')
  .argument('[sql]', 'SQL text or a .sql file')
  .addOption(dataDirOption())
  .addOption(new Option('--output <format>', 'result format').choices([...OUTPUT_FORMATS]).default('table'))
  .addOption(fromOption())
  .addOption(toOption())
  .option('--partition <name>', 'only this partition (repeatable)', collectList)
  .option('--index <index>', 'only this index, e.g. an account id (repeatable)', collectList)
  .option('--verbose', 'say on stderr how many lake files and bytes the query read, of how many')
  .option('--no-server', 'answer in this process, not through the lake\'s query server (also: CAIRN_QUERY_SERVER=off)')
  .addHelpText(
    'after',
    '\nA local lake\'s statements are answered by its query server: a background process that cairn query starts\nwhen none runs, that keeps what queries loaded warm for the next, and that stops after 10 minutes without a\nquery (CAIRN_QUERY_SERVER_IDLE_SECONDS). Its socket is only this user\'s. cairn query-server --stop stops it.',
  )
  .action(async (sql, options) => (await import('./commands/query.js')).queryCommand(sql, options))

program
  .command('query-server')
  .description('the background process that answers cairn query for a local lake (cairn query starts it; --stop stops it)')
  .addOption(dataDirOption())
  .option('--stop', 'stop the lake\'s query server, if one runs')
  .addOption(
    new Option('--idle-seconds <n>', 'stop after this long without a query')
      .argParser(positiveInt)
      .default(Number(process.env.CAIRN_QUERY_SERVER_IDLE_SECONDS ?? 600)),
  )
  .action(async (options) => {
    const { queryServerCommand } = await import('./commands/query-server.js')
    await queryServerCommand(options)
  })

withS3LakeOptions(program.command('detect'))
  .description(
    'run the detection library (or your own YAML detections, or Sigma rules) over the lake and list what it finds (exit 2: some detection failed to run or some Sigma rule was not translated)',
  )
  .addOption(dataDirOption())
  .addOption(fromOption())
  .addOption(toOption())
  .option('--partition <name>', 'only this partition (repeatable)', collectList)
  .option('--index <index>', 'only this index, e.g. an account id (repeatable)', collectList)
  .option('--detection <id|glob>', 'only these detections, e.g. aws_iam_* (repeatable)', collectList)
  .addOption(new Option('--min-severity <severity>', 'only detections this severe or more (default: low for the whole built-in library, else all)').choices(['info', 'low', 'medium', 'high', 'critical']))
  .option('--detections <path>', 'YAML detection files or folders to run instead of the built-in library (repeatable)', collectList)
  .option('--sigma <path>', 'Sigma CloudTrail rule files or folders, translated to SQL, to run instead of the built-in library (repeatable)', collectList)
  .option('--builtin', 'with --detections or --sigma: run the built-in library too')
  .addOption(new Option('--output <format>', 'findings format').choices([...DETECT_OUTPUTS]).default('table'))
  .action(async (options) => {
    process.exitCode = await (await import('./commands/detect.js')).detectCommand(options)
  })

withS3LakeOptions(program.command('lookup'))
  .description(
    "Event-history lookups over the lake, shaped like 'aws cloudtrail lookup-events', newest first: any number of attributes (the same key twice: either value), any time range, all accounts and regions",
  )
  .option(
    '--attribute <Key=Value>',
    'EventId, EventName, EventSource, ReadOnly, Username, AccessKeyId, ResourceType or ResourceName (repeatable)',
    collectList,
  )
  .addOption(new Option('--start-time <time>', 'start, inclusive (same forms as --from)').argParser((v) => parseTime(v)))
  .addOption(new Option('--end-time <time>', 'end, exclusive').argParser((v) => parseTime(v)))
  .addOption(dataDirOption())
  .option('--partition <name>', 'only this partition (repeatable)', collectList)
  .option('--index <index>', 'only this index, e.g. an account id (repeatable)', collectList)
  .option('--max-results <n>', 'at most this many events (default 50)', positiveInt)
  .addOption(new Option('--output <format>', 'table, or json shaped like lookup-events').choices([...LOOKUP_OUTPUTS]).default('table'))
  .action(async (options) => (await import('./commands/lookup.js')).lookupCommand(options))

const partition = program.command('partition').description('list or delete partitions of the lake')
withS3LakeOptions(partition.command('list'))
  .description('rows, files, bytes and time range of each partition')
  .addOption(dataDirOption())
  .addOption(new Option('--output <format>', 'result format').choices([...OUTPUT_FORMATS]).default('table'))
  .action(async (options) => (await import('./commands/partition.js')).partitionListCommand(options))
withS3LakeOptions(partition.command('delete'))
  .description('delete a partition, or only its rows within --from/--to')
  .argument('<name>', 'partition name')
  .addOption(dataDirOption())
  .addOption(fromOption())
  .addOption(toOption())
  .addOption(new Option('--output <format>', 'result format').choices([...OUTPUT_FORMATS]).default('table'))
  .action(async (name, options) => (await import('./commands/partition.js')).partitionDeleteCommand(name, options))

withS3LakeOptions(program.command('insights'))
  .description('CloudTrail-Insights-style anomalies: unusual rates of write calls or errors per API, account and region, against 7+ days of baseline')
  .addOption(dataDirOption())
  .addOption(fromOption())
  .addOption(toOption())
  .option('--partition <name>', 'only this partition (repeatable)', collectList)
  .option('--index <index>', 'only this index, e.g. an account id (repeatable)', collectList)
  .option('--min-calls <n>', 'fewest calls (or errors) in 5 minutes that can start an insight (default 10)', positiveInt)
  .addOption(new Option('--output <format>', 'table (one line per insight) or json (Start and End records)').choices(['table', 'json']).default('table'))
  .action(async (options) => (await import('./commands/insights.js')).insightsCommand(options))

program
  .command('schema')
  .description('print the DDL that lets Athena, Trino, Spark or native DuckDB query the lake\'s Parquet where it lies (Athena: with partition projection)')
  .addOption(new Option('--dialect <dialect>', 'the engine').choices([...EXTERNAL_DIALECTS]).default('duckdb'))
  .option('--location <dir|uri>', 'the lake root holding aws_cloudtrail_log/: a directory or s3://bucket/prefix (default: the data dir)')
  .addOption(dataDirOption())
  .option('--table <name>', 'table name (default aws_cloudtrail_log)')
  .option('--database <name>', 'database (Athena, Spark) or schema (Trino, DuckDB), created if absent (Trino default: default)')
  .option('--catalog <name>', 'trino: the Hive catalog (default: the session\'s)')
  .addOption(new Option('--from <date>', "athena: first tp_date projected (default: the local lake's first day, else 2013-11-01)").argParser((v) => parseTime(v)))
  .option('--partition <name>', "athena: tp_partition values to project (repeatable; default: the local lake's, else injected)", collectList)
  .option('--index <index>', "athena: tp_index values to project (repeatable; default: the local lake's, else injected)", collectList)
  .action(async (options) => (await import('./commands/schema.js')).schemaCommand(options))

program
  .command('generate')
  .description('write realistic synthetic CloudTrail logs in the S3 trail layout')
  .requiredOption('--out <dir>', 'output directory')
  .option('--events <n>', 'number of events', positiveInt, 100_000)
  .option('--seed <n>', 'random seed (same seed, same files)', positiveInt, 1)
  .option('--days <n>', 'days of history ending now', positiveInt, 30)
  .addOption(new Option('--shape <shape>', 'file sizes').choices(['mixed', 'small-files', 'busy']).default('mixed'))
  .action(async (options) => {
    const { generateTrail } = await import('./generate/index.js')
    const summary = await generateTrail({
      outDir: options.out,
      events: options.events,
      seed: options.seed,
      days: options.days,
      shape: options.shape,
    })
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`)
  })

program
  .command('validate')
  .description('validate CloudTrail log file integrity (digests, signatures, log file hashes) in S3 or in a data dir (exit 1: something is invalid)')
  .requiredOption('--trail-arn <arn>', 'the trail, arn:aws:cloudtrail:<region>:<account>:trail/<name>')
  .addOption(new Option('--start-time <time>', 'validate from (same forms as --from)').argParser((v) => parseTime(v)).makeOptionMandatory())
  .addOption(new Option('--end-time <time>', 'validate up to (default: now)').argParser((v) => parseTime(v)))
  .option('--bucket <name>', 'the trail bucket (validate S3)')
  .option('--prefix <prefix>', 'key prefix before AWSLogs/')
  .option('--endpoint <url>', 'S3-compatible endpoint (with --data-dir: the CloudTrail endpoint)')
  .option('--cloudtrail-endpoint <url>', 'CloudTrail endpoint for ListPublicKeys')
  .option('--force-path-style', 'path-style URLs (S3-compatible servers)')
  .option('--region <region>', 'AWS region (default: AWS_REGION, else us-east-1; ListPublicKeys: the trail\'s home region)')
  .option('--profile <name>', 'AWS shared-config profile')
  .option('--account-id <id>', 'only this account (an organization trail has a chain per member account and region)')
  .option('--data-dir <dir>', 'validate what cairn collect kept in this data dir instead of S3')
  .option('--public-keys <file>', 'the JSON of aws cloudtrail list-public-keys (default: call ListPublicKeys)')
  .option('--verbose', 'list valid files too')
  .addOption(new Option('--output <format>', 'report format').choices(['text', 'json']).default('text'))
  .action(async (options) => {
    const { validateCommand } = await import('./commands/validate.js')
    process.exitCode = await validateCommand(options)
  })

program
  .command('demo')
  .description('generate sample logs, collect them and show what Cairn answers')
  .option('--events <n>', 'number of events to generate', positiveInt, 50_000)
  .option('--dir <dir>', 'working directory (default: a temp dir)')
  .action(async (options) => (await import('./commands/demo.js')).demoCommand(options))

program.parseAsync().catch((error: Error) => {
  process.stderr.write(`cairn: ${error.message}\n`)
  process.exitCode = 1
})

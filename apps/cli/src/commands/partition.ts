import { listLakeFiles } from '@cairn/query'
import { lakeLocationOf, type S3LakeFlags } from '../lake-location.js'
import { deleteRowsAt, openLakeAt } from '../lake-store.js'
import { formatResult, type OutputFormat } from '../output/format-result.js'

const LIST_SQL = `
select
  tp_partition as partition,
  count(*) as rows,
  count(distinct tp_index) as indexes,
  min(event_time) as first_event,
  max(event_time) as last_event
from aws_cloudtrail_log
group by tp_partition
order by tp_partition`

/** `cairn partition list`: rows, files, bytes and time range of each partition. */
export async function partitionListCommand(options: { dataDir?: string; output: OutputFormat } & S3LakeFlags): Promise<void> {
  const session = await openLakeAt(lakeLocationOf(options.dataDir, options))
  const result = await session.query(LIST_SQL)
  const files = await listLakeFiles(session.store)
  for (const row of result.rows) {
    const own = files.filter((f) => f.tp_partition === row.partition)
    row.files = own.length
    row.bytes = own.reduce((sum, f) => sum + f.size, 0)
  }
  result.columns.push({ name: 'files', type: 'Int64' }, { name: 'bytes', type: 'Int64' })
  process.stdout.write(`${formatResult(result, options.output)}\n`)
}

/** `cairn partition delete <name> [--from --to]`. */
export async function partitionDeleteCommand(
  name: string,
  options: { dataDir?: string; from?: Date; to?: Date; output: OutputFormat } & S3LakeFlags,
): Promise<void> {
  const deleted = await deleteRowsAt(lakeLocationOf(options.dataDir, options), { partition: name, from: options.from, to: options.to })
  if (options.output === 'json' || options.output === 'jsonl') process.stdout.write(`${JSON.stringify({ partition: name, ...deleted })}\n`)
  else process.stdout.write(`Deleted ${deleted.rows} rows of partition ${name} (${deleted.files} files changed)\n`)
}

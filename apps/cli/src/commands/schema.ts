import { resolve } from 'node:path'
import { listLakeFiles } from '@cairn/query'
import { FsLakeStore } from '@cairn/query/node'
import { type AthenaProjection, CLOUDTRAIL_EPOCH, type ExternalDialect, externalTableSql } from '@cairn/schema'
import { resolveDataDir } from '../data-dir.js'

export interface SchemaCommandOptions {
  dialect: ExternalDialect
  location?: string
  dataDir?: string
  table?: string
  database?: string
  catalog?: string
  from?: Date
  partition?: string[]
  index?: string[]
}

const URI = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//

/**
 * Athena's projection: what the options name, the rest read off the local lake's folders (the lake itself when
 * `--location` is local, else the data dir, whose copy is what usually gets synced to S3).
 */
async function athenaProjection(options: SchemaCommandOptions, localLake: string | undefined): Promise<AthenaProjection> {
  const files = localLake ? await listLakeFiles(new FsLakeStore(localLake)) : []
  const distinct = (values: string[]) => [...new Set(values)].sort()
  const projection: AthenaProjection = {
    from: options.from?.toISOString().slice(0, 10) ?? distinct(files.map((f) => f.tp_date))[0] ?? CLOUDTRAIL_EPOCH,
    partitions: options.partition ?? distinct(files.map((f) => f.tp_partition)),
    indexes: options.index ?? distinct(files.map((f) => f.tp_index)),
  }
  if (files.length > 0 && (!options.from || !options.partition || !options.index)) {
    process.stderr.write(
      `cairn schema: projection read off ${localLake}: tp_date from ${projection.from}, ${projection.partitions!.length} partition(s), ${projection.indexes!.length} index value(s); --from, --partition and --index choose them\n`,
    )
  }
  return projection
}

/** `cairn schema --dialect <d>`: prints the DDL that lets another engine query the lake's Parquet where it lies. */
export async function schemaCommand(options: SchemaCommandOptions): Promise<void> {
  if (options.catalog !== undefined && options.dialect !== 'trino') throw new Error('--catalog is for --dialect trino')
  if ((options.from || options.partition || options.index) && options.dialect !== 'athena') {
    throw new Error("--from, --partition and --index set Athena's partition projection: they are for --dialect athena")
  }
  const dataDir = options.dataDir ?? process.env.CAIRN_DATA_DIR
  const localDataDir = dataDir !== undefined && URI.test(dataDir) ? undefined : resolveDataDir(options.dataDir)
  const given = options.location ?? dataDir
  const remote = given !== undefined && URI.test(given)
  const location = remote ? given! : options.location !== undefined ? resolve(options.location) : localDataDir!
  if (options.dialect === 'athena' && !remote) {
    throw new Error('Athena reads from Amazon S3: give --location s3://bucket/prefix, the prefix the lake\'s aws_cloudtrail_log/ folder was copied under')
  }
  const sql = externalTableSql(options.dialect, {
    location,
    table: options.table,
    database: options.database,
    catalog: options.catalog,
    projection:
      options.dialect === 'athena'
        ? await athenaProjection(options, localDataDir)
        : undefined,
  })
  process.stdout.write(sql)
}

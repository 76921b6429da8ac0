import { resolve } from 'node:path'
import { WHOLE_INPUT_BYTES } from '@cairn/query/node'
import { type TakenObject, TakenObjects } from '../state/taken-objects.js'
import { Checkpoints } from './checkpoints.js'
import { ShardFilter, shardLabel } from './collect-shard.js'
import { type CollectRunOptions, CollectRun, type CollectSummary, deleteWindowRows } from './collect-run.js'
import { type FileInput, fileInputs } from './file-inputs.js'
import { type InputFile, walkFiles } from './walk-files.js'

export type { CollectProgress, CollectSummary } from './collect-run.js'

export interface CollectFilesOptions extends CollectRunOptions {
  paths: string[]
  /** Deletes the window's rows and reads its files again. */
  overwrite?: boolean
}

const CHECKPOINT_MS = 15_000
const CHECKPOINT_FILES = 5_000

/** A worker thread reads these files itself: moving their bytes through this thread would cost more than reading them. */
function workerReads(file: InputFile): boolean {
  return file.size <= WHOLE_INPUT_BYTES && !/\.zip$/i.test(file.path)
}

/** Files that travel with log folders but are never logs; skipped (and counted) rather than rejected. */
const NOT_LOGS = /(^|\/)(LICEN[SC]E|README|NOTICE|SOURCE|CHANGELOG)[^/]*$|\.(md|txt|ya?ml|csv|html?|pdf|png|jpe?g|py|sh)$/i

/** CloudTrail names its files `<account>_CloudTrail_<region>_<yyyymmdd>T…`: the folder most of their events go to. */
const DELIVERY_NAME = /(?:^|[\\/])(\d{12})_CloudTrail(?:-Insight)?_[\w-]+_(\d{4})(\d{2})(\d{2})T[^\\/]*$/

export function deliveryFolder(path: string): { index: string; day: string } | undefined {
  const m = DELIVERY_NAME.exec(path)
  return m ? { index: m[1]!, day: `${m[2]}-${m[3]}-${m[4]}` } : undefined
}

/** The account a CloudTrail file (log, Insights or digest) is of, by its name. */
const ACCOUNT_FILE_NAME = /(?:^|[\\/])(\d{12})_CloudTrail(?:-Insight|-Digest)?_[^\\/]*$/

export function fileAccount(path: string): string | undefined {
  return ACCOUNT_FILE_NAME.exec(path)?.[1]
}

async function* logFiles(files: AsyncIterable<InputFile>, onSkip: () => void): AsyncGenerator<InputFile> {
  for await (const file of files) {
    if (NOT_LOGS.test(file.key)) onSkip()
    else yield file
  }
}

/**
 * Collects CloudTrail files from local paths into the lake: every file (and ZIP entry) goes to the worker pool,
 * which normalizes it, keeps what falls inside the window and drops events the lake already holds.
 */
export async function collectFiles(options: CollectFilesOptions): Promise<CollectSummary> {
  const roots = options.paths.map((p) => resolve(p))
  const shard = options.shard && new ShardFilter(options.shard)
  const label = options.shard && shardLabel(options.shard)
  const taken = await TakenObjects.open(TakenObjects.pathFor(options.dataDir, options.partition, 'file', JSON.stringify(roots), label))
  const run = await CollectRun.start(options)
  const objects = { listed: 0, alreadyTaken: 0, failed: 0, listCalls: 0 }
  run.summary.source = { type: 'file', name: roots.join(', '), objects }
  const checkpoints = new Checkpoints<TakenObject>(run, (durable) => taken.add(durable), {
    items: CHECKPOINT_FILES,
    ms: CHECKPOINT_MS,
  })
  try {
    if (options.overwrite) await forgetWindow(options, taken)
    for (const root of roots) {
      const unseen = async function* () {
        for await (const file of logFiles(walkFiles(root), () => run.summary.skippedFiles++)) {
          objects.listed++
          if (shard && !shard.takes(fileAccount(file.path))) continue
          if (!options.overwrite && taken.has(fileVersion(file))) objects.alreadyTaken++
          else yield file
        }
      }
      for await (const file of unseen()) {
        if (workerReads(file)) {
          const input = { location: file.path, path: file.path, context: run.context('file', root), folder: deliveryFolder(file.path) }
          await run.submit(input, file.size, { onRead: () => checkpoints.read(fileVersion(file)) })
          checkpoints.tick()
          continue
        }
        const inputs: FileInput[] = []
        try {
          for await (const input of fileInputs(file)) inputs.push(input)
        } catch (error) {
          run.reject({ location: file.path, reason: 'unreadable-input', message: (error as Error).message })
        }
        // a file is taken once every input it holds (ZIP entries) has been read
        let unread = inputs.length
        const onRead = () => {
          if (--unread === 0) checkpoints.read(fileVersion(file))
        }
        for (const [i, input] of inputs.entries()) {
          const context = run.context('file', root)
          await run.submit({ ...input, context, folder: deliveryFolder(input.location) }, i === 0 ? file.size : undefined, {
            onRead,
          })
        }
        checkpoints.tick()
      }
    }
    await checkpoints.idle()
    if (shard) run.summary.shard = shard.summary()
  } catch (error) {
    await run.abort()
    throw error
  }
  const summary = await run.finish()
  await checkpoints.recordRest()
  return summary
}

function fileVersion(file: InputFile): TakenObject {
  return { key: file.path, version: `${file.size}:${Math.trunc(file.mtimeMs)}` }
}

/** For --overwrite: forget the window's files first (a kill from here on reads them again), then delete its rows. */
async function forgetWindow(options: CollectFilesOptions, taken: TakenObjects): Promise<void> {
  const from = options.from?.getTime() ?? Number.NEGATIVE_INFINITY
  const to = options.to?.getTime() ?? Number.POSITIVE_INFINITY
  await taken.forget((path) => {
    const folder = deliveryFolder(path)
    if (!folder) return true
    const start = Date.parse(`${folder.day}T00:00:00Z`)
    // events of a delivery day can spill into the days next to it
    return start + 2 * DAY_MS > from && start - DAY_MS < to
  })
  await deleteWindowRows(options)
}

const DAY_MS = 86_400_000

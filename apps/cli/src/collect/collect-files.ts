import { resolve } from 'node:path'
import { type CollectRunOptions, CollectRun, type CollectSummary } from './collect-run.js'
import { type FileInput, fileInputs } from './file-inputs.js'
import { readAhead } from './read-ahead.js'
import { type InputFile, walkFiles } from './walk-files.js'

export type { CollectProgress, CollectSummary } from './collect-run.js'

export interface CollectFilesOptions extends CollectRunOptions {
  paths: string[]
}

/** Files that travel with log folders but are never logs; skipped (and counted) rather than rejected. */
const NOT_LOGS = /(^|\/)(LICEN[SC]E|README|NOTICE|SOURCE|CHANGELOG)[^/]*$|\.(md|txt|ya?ml|csv|html?|pdf|png|jpe?g|py|sh)$/i

/** CloudTrail names its files `<account>_CloudTrail_<region>_<yyyymmdd>T…`: the folder most of their events go to. */
const DELIVERY_NAME = /(?:^|[\\/])(\d{12})_CloudTrail(?:-Insight)?_[\w-]+_(\d{4})(\d{2})(\d{2})T[^\\/]*$/

export function deliveryFolder(path: string): { index: string; day: string } | undefined {
  const m = DELIVERY_NAME.exec(path)
  return m ? { index: m[1]!, day: `${m[2]}-${m[3]}-${m[4]}` } : undefined
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
  const run = await CollectRun.start(options)
  try {
    for (const root of options.paths) {
      const sourceName = resolve(root)
      const files = readAhead(logFiles(walkFiles(sourceName), () => run.summary.skippedFiles++))
      for await (const file of files) {
        const inputs: FileInput[] = []
        try {
          for await (const input of fileInputs(file)) inputs.push(input)
        } catch (error) {
          run.reject({ location: file.path, reason: 'unreadable-input', message: (error as Error).message })
        }
        for (const [i, input] of inputs.entries()) {
          await run.submit(
            { ...input, context: run.context('file', sourceName), folder: deliveryFolder(input.location) },
            i === 0 ? file.size : undefined,
          )
        }
      }
    }
  } catch (error) {
    await run.abort()
    throw error
  }
  return run.finish()
}

import type { OpenSummary, PickedFile } from '@cairn/query/browser'
import type { EngineClient } from '../engine/engine-client.js'
import { h } from './dom.js'

function describeRejection(r: OpenSummary['rejected'][number]): string {
  const where = [r.location, r.record ? `record ${r.record}` : '', r.line ? `line ${r.line}` : ''].filter(Boolean).join(', ')
  return `${where}: ${r.reason}: ${r.message}`
}

async function entryFiles(entry: FileSystemEntry, prefix = ''): Promise<PickedFile[]> {
  const path = prefix ? `${prefix}/${entry.name}` : entry.name
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject))
    return [{ path, file }]
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader()
  const out: PickedFile[] = []
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject))
    if (batch.length === 0) return out
    for (const child of batch) out.push(...(await entryFiles(child, path)))
  }
}

/**
 * Opening data: drop files or folders, pick files, pick a folder (the File System Access API where the browser has
 * it, an `<input webkitdirectory>` elsewhere). A Cairn data dir, loose Parquet and raw CloudTrail files all work.
 */
export function openDataPanel(engine: EngineClient, onOpened: (summary: OpenSummary) => void): HTMLElement {
  const progress = h('progress', { max: '1', value: '0', 'aria-label': 'Opening progress', hidden: true })
  const status = h('p', { class: 'open-status', role: 'status', 'aria-live': 'polite' })
  const rejected = h('ul', { class: 'rejections', 'aria-label': 'Rejected input' })
  const open = async (files: PickedFile[] | FileSystemDirectoryHandle) => {
    if (Array.isArray(files) && files.length === 0) {
      status.textContent = 'Nothing to open: the selection holds no files.'
      status.dataset.state = 'failed'
      return
    }
    progress.hidden = false
    rejected.replaceChildren()
    status.textContent = 'Opening…'
    try {
      const onProgress = (p: Parameters<NonNullable<Parameters<EngineClient['open']>[1]>>[0]) => {
        if ('bytesTotal' in p) {
          progress.value = p.bytesTotal ? p.bytesDone / p.bytesTotal : 1
          status.textContent = `Reading ${p.file || 'done'} (${p.filesDone}/${p.filesTotal} files, ${p.rows.toLocaleString('en-US')} events)`
        }
      }
      const summary = Array.isArray(files) ? await engine.open(files, onProgress) : await engine.openDirectory(files, onProgress)
      status.textContent =
        `Opened ${summary.lakeFiles} lake files, ${summary.looseParquetFiles} Parquet files, ${summary.rawFiles} CloudTrail files` +
        (summary.skippedFiles ? `, skipped ${summary.skippedFiles} files of Cairn's own bookkeeping` : '') +
        ` (${summary.rows.toLocaleString('en-US')} events read, ${summary.duplicates} duplicates skipped, ${summary.rejected.length} rejected)`
      status.dataset.state = 'opened'
      rejected.replaceChildren(...summary.rejected.slice(0, 200).map((r) => h('li', { text: describeRejection(r) })))
      onOpened(summary)
    } catch (error) {
      status.textContent = `Could not open: ${(error as Error).message}`
      status.dataset.state = 'failed'
    } finally {
      progress.hidden = true
    }
  }
  const fromInput = (input: HTMLInputElement) => () =>
    open([...(input.files ?? [])].map((file) => ({ path: file.webkitRelativePath || file.name, file })))
  const filesInput = h('input', { type: 'file', multiple: true, id: 'pick-files', class: 'visually-hidden' })
  filesInput.addEventListener('change', fromInput(filesInput))
  const folderInput = h('input', { type: 'file', id: 'pick-folder', webkitdirectory: true, class: 'visually-hidden' })
  folderInput.addEventListener('change', fromInput(folderInput))
  const pickFolder = async () => {
    const picker = (window as unknown as { showDirectoryPicker?: () => Promise<FileSystemDirectoryHandle> }).showDirectoryPicker
    if (!picker) return folderInput.click()
    const handle = await picker().catch(() => undefined)
    if (!handle) return
    await open(handle)
  }
  const zone = h(
    'section',
    { class: 'drop-zone', 'aria-label': 'Open data' },
    h('p', { text: 'Drop CloudTrail files (.json.gz, .json, lookup-events output), Parquet files or a Cairn data folder here. Nothing leaves this tab.' }),
    h(
      'div',
      { class: 'toolbar' },
      h('label', { for: 'pick-files', class: 'button', text: 'Open files…' }),
      h('button', { type: 'button', onclick: pickFolder, text: 'Open folder…' }),
      filesInput,
      folderInput,
    ),
    progress,
    status,
    rejected,
  )
  const accept = (e: DragEvent) => {
    e.preventDefault() // what makes the zone a drop target
    zone.classList.add('over')
  }
  zone.addEventListener('dragenter', accept)
  zone.addEventListener('dragover', accept)
  zone.addEventListener('dragleave', () => zone.classList.remove('over'))
  zone.addEventListener('drop', async (e) => {
    e.preventDefault()
    zone.classList.remove('over')
    // the drop's items are readable only until the handler first awaits: take entries and files now. An item
    // without a file-system entry (a folder needs one) still has its file.
    const dropped = [...(e.dataTransfer?.items ?? [])]
      .filter((i) => i.kind === 'file')
      .map((i) => ({ entry: i.webkitGetAsEntry?.() ?? null, file: i.getAsFile() }))
    const files: PickedFile[] = []
    for (const { entry, file } of dropped) {
      if (entry) files.push(...(await entryFiles(entry)))
      else if (file) files.push({ path: file.name, file })
    }
    await open(files)
  })
  return zone
}

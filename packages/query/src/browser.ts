export { BlobLakeStore, filesOfDirectoryHandle } from './browser/blob-lake-store.js'
export {
  BrowserLake,
  type BrowserQueryResult,
  type OpenProgress,
  type OpenSummary,
  type PickedFile,
} from './browser/browser-lake.js'
export { createBrowserBindings } from './browser/create-browser-bindings.js'
export { createBrowserLake } from './browser/create-browser-lake.js'
export { type QueryResult, type ResultColumn, toQueryResult } from './results.js'

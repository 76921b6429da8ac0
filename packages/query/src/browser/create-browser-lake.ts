import { QueryEngine } from '../engine/query-engine.js'
import { BrowserLake } from './browser-lake.js'
import { createBrowserBindings } from './create-browser-bindings.js'

/** A `BrowserLake` on duckdb-wasm's browser bindings (call it in a Web Worker). */
export async function createBrowserLake(): Promise<BrowserLake> {
  return new BrowserLake(new QueryEngine(await createBrowserBindings()))
}

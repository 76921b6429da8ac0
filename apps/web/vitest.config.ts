import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// duckdb-wasm's browser build does not load in Node: the unit tests that import @cairn/query/browser (for
// BrowserLake, which takes any bindings) get the Node build of the same blocking bindings under its name.
const queryPackage = fileURLToPath(new URL('../../packages/query/package.json', import.meta.url))
const nodeBlocking = createRequire(queryPackage).resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs')

// unit tests only: the Chromium end-to-end tests have their own config (e2e/vitest.config.ts)
export default defineConfig({
  resolve: { alias: { '@duckdb/duckdb-wasm/dist/duckdb-browser-blocking.mjs': nodeBlocking } },
  test: { include: ['test/**/*.test.ts'] },
})

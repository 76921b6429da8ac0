import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

// duckdb-wasm's blocking browser build is in the package but not in its `exports`: point its name at the file.
const queryPackage = fileURLToPath(new URL('../../packages/query/package.json', import.meta.url))
const duckdbDist = dirname(createRequire(queryPackage).resolve('@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm'))

export default defineConfig({
  base: './',
  resolve: {
    alias: {
      '@duckdb/duckdb-wasm/dist/duckdb-browser-blocking.mjs': join(duckdbDist, 'duckdb-browser-blocking.mjs'),
    },
  },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
})

// Vite serves `?url` imports as asset URLs of the app's own origin.
declare module '*?url' {
  const url: string
  export default url
}

// duckdb-wasm's blocking browser build: shipped in the package but absent from its `exports`, so the app's bundler
// maps this name to the file (see apps/web/vite.config.ts).
declare module '@duckdb/duckdb-wasm/dist/duckdb-browser-blocking.mjs' {
  import type { DuckDBBindings, DuckDBBundles, DuckDBRuntime, Logger } from '@duckdb/duckdb-wasm/blocking'
  export const BROWSER_RUNTIME: DuckDBRuntime
  export class VoidLogger implements Logger {
    log(): void
  }
  export function createDuckDB(bundles: DuckDBBundles, logger: Logger, runtime: DuckDBRuntime): Promise<DuckDBBindings>
}

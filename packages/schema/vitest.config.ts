import { defineConfig } from 'vitest/config'

// CI machines are slower and busier than a laptop: the 5 s default fails tests that take 3 s here.
// dt-sql-parser's ESM build imports directories, which Node's loader refuses: vite must transform it.
export default defineConfig({
  test: { testTimeout: 30_000, hookTimeout: 60_000, server: { deps: { inline: ['dt-sql-parser'] } } },
})

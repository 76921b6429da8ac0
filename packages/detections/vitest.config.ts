import { defineConfig } from 'vitest/config'

// CI machines are slower and busier than a laptop: the 5 s default fails tests that take 3 s here.
export default defineConfig({ test: { testTimeout: 30_000, hookTimeout: 60_000 } })

import { defineConfig } from 'vitest/config'

// every test compares with the CLI's answers, one process each (no query server left behind): on the shared
// 2-core machine that takes minutes
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    env: { CAIRN_QUERY_SERVER: 'off' },
  },
})

import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

// Every test here runs the real CLI in child processes (collect, query, detect): seconds each, more on a loaded
// 2-core CI machine, so vitest's 5 s default is too tight for the ones that do not set their own.
// Each `cairn query` answers in its own process (no query server left behind per test's data dir), except in
// query-server.test.ts, which starts and stops its servers itself.
// Two test files at once even on 2 cores: run one at a time, the suite kept 1.1 cores busy (its processes wait on
// servers, retries and kills); two at a time it took 445 s instead of 809 s on the CI machine (2026-12-08).
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { CAIRN_QUERY_SERVER: 'off' },
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
})

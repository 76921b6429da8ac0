import { defineConfig } from 'vitest/config'

// Every test here runs the real CLI in child processes (collect, query, detect): seconds each, more on a loaded
// 2-core CI machine, so vitest's 5 s default is too tight for the ones that do not set their own.
export default defineConfig({
  test: { testTimeout: 60_000, hookTimeout: 120_000 },
})

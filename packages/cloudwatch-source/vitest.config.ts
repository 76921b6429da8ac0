import { defineConfig } from 'vitest/config'

// Tests talk HTTP to a local fake (200,000 events in one of them): slow on a busy 2-core machine, never hung.
export default defineConfig({ test: { testTimeout: 30_000, hookTimeout: 30_000 } })

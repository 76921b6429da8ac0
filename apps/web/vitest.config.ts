import { defineConfig } from 'vitest/config'

// unit tests only: the Chromium end-to-end tests have their own config (e2e/vitest.config.ts)
export default defineConfig({ test: { include: ['test/**/*.test.ts'] } })

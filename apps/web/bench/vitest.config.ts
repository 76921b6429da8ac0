import { defineConfig } from 'vitest/config'

export default defineConfig({ test: { include: ['bench/**/*.bench-e2e.ts'], testTimeout: 900_000, hookTimeout: 900_000 } })

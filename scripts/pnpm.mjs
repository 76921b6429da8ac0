#!/usr/bin/env node
// Runs the pnpm version pinned in package.json's packageManager on a machine that has only Node and npm.
// corepack is avoided on purpose: its signature check fails against registries that serve pnpm unsigned.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

const root = new URL('..', import.meta.url)
const { packageManager } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'))
const version = packageManager.replace(/^pnpm@/, '')
const installed = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell: process.platform === 'win32' })
const useInstalled = installed.status === 0 && installed.stdout.trim() === version
const [cmd, args] = useInstalled
  ? ['pnpm', process.argv.slice(2)]
  : ['npx', ['--yes', `pnpm@${version}`, ...process.argv.slice(2)]]
const result = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, shell: process.platform === 'win32' })
process.exit(result.status ?? 1)

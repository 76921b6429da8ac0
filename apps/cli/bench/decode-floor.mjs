#!/usr/bin/env node
// The decode floor: one Node thread that only reads, gunzips and JSON.parses the trail's files and counts their
// records, writing nothing. Collect's wall time is judged against this (issue 6). Run as its own process by
// scale.mjs so its time and peak RSS are its own. Usage: node decode-floor.mjs <trail dir>
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { trailFiles } from './trail-files.mjs'

const dir = process.argv[2]
if (!dir) throw new Error('usage: decode-floor.mjs <trail dir>')
const started = performance.now()
const files = trailFiles(dir)
let bytes = 0
let records = 0
for (const file of files) {
  const gz = readFileSync(file)
  bytes += gz.length
  let document
  try {
    document = JSON.parse(gunzipSync(gz).toString('utf8'))
  } catch (error) {
    throw new Error(`${file}: not gzip-compressed JSON: ${error.message}`)
  }
  if (Array.isArray(document?.Records)) records += document.Records.length
}
const seconds = (performance.now() - started) / 1000
console.log(JSON.stringify({ files: files.length, bytes, records, seconds, peakRssBytes: process.resourceUsage().maxRSS * 1024 }))

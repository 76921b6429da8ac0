import * as arrow from 'apache-arrow'
import type { Column } from '@cairn/schema'
import { buildColumnVector } from '../arrow/build-vectors.js'
import type { QueryEngine } from '../engine/query-engine.js'

const INSERT_ROWS = 100_000

/**
 * Appends rows (as the normalizer makes them) to an existing table of the engine, column by column through the
 * same Arrow builders the lake loader uses, in IPC inserts of up to 100k rows.
 */
export function insertRows(
  engine: QueryEngine,
  table: string,
  rows: readonly Readonly<Record<string, unknown>>[],
  columns: readonly Column[],
): void {
  for (let start = 0; start < rows.length; start += INSERT_ROWS) {
    const chunk = rows.slice(start, start + INSERT_ROWS)
    const vectors: Record<string, arrow.Vector> = {}
    for (const column of columns) vectors[column.name] = buildColumnVector(column, chunk.map((r) => r[column.name] ?? null))
    engine.insertArrow(new arrow.Table(vectors), table, false)
  }
}

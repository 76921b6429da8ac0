import * as arrow from 'apache-arrow'
import type { DuckDBBindings, DuckDBConnection } from '@duckdb/duckdb-wasm/blocking'
import { rewriteJsonAccess } from '../sql/rewrite-json-access.js'
import { registerJsonFunctions } from './json-functions.js'

/**
 * A duckdb-wasm database prepared to work with no network: extension autoloading is off (offline it would hang or
 * fail), `json` is a VARCHAR type alias and the JSON operators are JS functions. Works with any blocking bindings
 * (Node or a browser worker).
 */
export class QueryEngine {
  readonly connection: DuckDBConnection

  constructor(readonly bindings: DuckDBBindings) {
    this.connection = bindings.connect()
    for (const setting of [
      'SET autoinstall_known_extensions = false',
      'SET autoload_known_extensions = false',
      "SET TimeZone = 'UTC'",
    ]) {
      try {
        this.connection.query(setting)
      } catch {
        // TimeZone needs ICU, which is not linked in; timestamps are UTC without it anyway.
      }
    }
    this.connection.query('CREATE TYPE json AS VARCHAR')
    registerJsonFunctions(this.connection)
  }

  /** Runs SQL as written against DuckDB (after the JSON-access rewrite) and returns the Arrow result. */
  run(sql: string): arrow.Table {
    this.defineClock(new Date())
    return this.connection.query(rewriteJsonAccess(sql))
  }

  /**
   * Like `run`, but the result as Arrow IPC stream bytes, as DuckDB wrote them (in their own buffer): a worker can
   * transfer them to the page without decoding or cloning a single row.
   */
  runIpc(sql: string): Uint8Array {
    this.defineClock(new Date())
    const text = rewriteJsonAccess(sql)
    return this.connection.useUnsafe((bindings, connection) => bindings.runQuery(connection, text))
  }

  /** Runs SQL with no rewrite, for statements Cairn generates itself. */
  runRaw(sql: string): arrow.Table {
    return this.connection.query(sql)
  }

  /** Hands a table over as IPC bytes: duckdb-wasm loads its own copy of apache-arrow, so live objects don't cross. */
  insertArrow(table: arrow.Table, name: string, create: boolean): void {
    this.connection.insertArrowFromIPCStream(arrow.tableToIPC(table, 'stream'), { name, create })
  }

  /**
   * `current_date` and `today()` live in the ICU extension in duckdb-wasm; as macros fixed at the statement's start
   * they give the UTC date, as DuckDB does with TimeZone UTC.
   */
  private defineClock(now: Date): void {
    const day = now.toISOString().slice(0, 10)
    if (day === this.clockDay) return
    this.connection.query(`CREATE OR REPLACE MACRO current_date() AS DATE '${day}'`)
    this.connection.query(`CREATE OR REPLACE MACRO today() AS DATE '${day}'`)
    this.clockDay = day
  }

  private clockDay?: string

  close(): void {
    this.connection.close()
  }
}

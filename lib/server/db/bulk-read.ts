// Bulk reads for exports: plain SQL straight through the driver. Prisma's per-row work (about 60,000
// rows a second here) costs more than everything else an export does; the drivers read 250,000+.
// Only for reading many rows of the same shape: everything else goes through Prisma. No Prisma here:
// exports run in a process of their own (see export.ts), which loads only this.
import type Database from "better-sqlite3";
import type pg from "pg";
import type { DatabaseTarget } from "./config";

/** A column's value as the driver gives it, JSON and timestamps as text (see `parseJson`, `isoTime`). */
export type Cell = string | number | null;

export interface BulkReader {
  provider: DatabaseTarget["provider"];
  /**
   * Runs one SELECT with `?` placeholders (every `?` is one: none may stand in a string literal). Each row is an
   * array of its columns in the order selected: building an object per row took half of the reading time.
   */
  rows<Row extends Cell[]>(sql: string, params: readonly (string | number)[]): Promise<Row[]>;
  close(): Promise<void>;
}

function postgresReader(driver: typeof pg, url: string, statementTimeoutMs: number | undefined): BulkReader {
  // The same text on both drivers: JSON as written (parsed once, by the export) and timestamps without
  // the pg driver's local-time interpretation of `timestamp without time zone`.
  const { builtins } = driver.types;
  const TEXT_TYPES = new Set([builtins.JSON, builtins.JSONB, builtins.TIMESTAMP, builtins.TIMESTAMPTZ]);
  const pool = new driver.Pool({
    connectionString: url,
    max: 2,
    // The app's own limit (adapter.ts): an export's page is one statement like a request's.
    ...(statementTimeoutMs ? { statement_timeout: statementTimeoutMs } : {}),
    types: { getTypeParser: ((oid: number, format?: "text" | "binary") => (TEXT_TYPES.has(oid) ? (value: string) => value : driver.types.getTypeParser(oid, format))) as typeof driver.types.getTypeParser },
  });
  // Each statement is prepared once per connection (by name) rather than parsed and planned for every page.
  const statements = new Map<string, { name: string; text: string }>();
  return {
    provider: "postgresql",
    async rows<Row extends Cell[]>(sql: string, params: readonly (string | number)[]) {
      let statement = statements.get(sql);
      if (!statement) {
        let index = 0;
        statements.set(sql, (statement = { name: `bulk${statements.size}`, text: sql.replace(/\?/g, () => `$${++index}`) }));
      }
      const result = await pool.query<Row>({ ...statement, values: [...params], rowMode: "array" });
      return result.rows;
    },
    close: () => pool.end(),
  };
}

function sqliteReader(driver: typeof Database, file: string): BulkReader {
  // Its own read-only connection: in WAL mode it never holds up the app's writes.
  const database = new driver(file, { readonly: true, fileMustExist: true });
  const statements = new Map<string, Database.Statement>();
  return {
    provider: "sqlite",
    async rows<Row extends Cell[]>(sql: string, params: readonly (string | number)[]) {
      let statement = statements.get(sql);
      if (!statement) statements.set(sql, (statement = database.prepare(sql).raw(true)));
      return statement.all(...params) as Row[];
    },
    close: async () => void database.close(),
  };
}

/**
 * Opens a bulk reader on the database; its user closes it. Only the driver in use is loaded: the other would cost
 * the export's process, and each of its page workers, 3 to 12 MB more.
 */
export async function openBulkReader(target: DatabaseTarget): Promise<BulkReader> {
  return target.provider === "sqlite" ? sqliteReader((await import("better-sqlite3")).default, target.file) : postgresReader((await import("pg")).default, target.url, target.statementTimeoutMs);
}

/** A JSON column's value (text from either driver). */
export function parseJson<T = unknown>(value: string | number | null | undefined): T | null {
  return value === null || value === undefined ? null : (JSON.parse(String(value)) as T);
}

/**
 * A timestamp column as ISO 8601 in UTC. SQLite keeps what Prisma wrote ("2026-01-01T10:00:00.000+00:00");
 * PostgreSQL's `timestamp(3)` reads as "2026-01-01 10:00:00.12" (seconds, then up to three decimals with trailing
 * zeros dropped), which Prisma wrote in UTC. Rewritten as text rather than parsed or matched: this runs twice per
 * exported annotation (a regular expression took twice as long).
 */
export function isoTime(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value);
  if (text.length === 29 && text.endsWith("+00:00")) return `${text.slice(0, 23)}Z`;
  if (text[10] === " " && text[13] === ":" && (text.length === 19 || (text[19] === "." && text.length <= 23))) return `${text.slice(0, 10)}T${text.slice(11, 19)}.${text.slice(20).padEnd(3, "0")}Z`;
  return new Date(text).toISOString();
}

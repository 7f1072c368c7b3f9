import { availableParallelism } from "node:os";
import path from "node:path";

/** Environment variables, as process.env or a test's own set. */
export type Env = Record<string, string | undefined>;

export type DatabaseTarget =
  | { provider: "sqlite"; file: string }
  | { provider: "postgresql"; url: string; poolSize?: number; statementTimeoutMs?: number };

/** Where Concord keeps its SQLite file, media and generated secret, unless told otherwise. */
export function dataDir(env: Env = process.env): string {
  // turbopackIgnore: a path only known at run time; without it the build traces the whole project.
  return path.resolve(/*turbopackIgnore: true*/ env.CONCORD_DATA_DIR ?? "data");
}

/**
 * Reads DATABASE_URL: unset → SQLite at data/concord.db; `file:PATH` → SQLite at PATH
 * (relative to the working directory); `postgres(ql)://…` → PostgreSQL.
 */
export function databaseTarget(env: Env = process.env): DatabaseTarget {
  const url = env.DATABASE_URL?.trim();
  if (!url) return { provider: "sqlite", file: path.join(dataDir(env), "concord.db") };
  if (url.startsWith("file:")) {
    const file = url.slice("file:".length).replace(/^\/\/(?=\/)/, "");
    if (!file) throw new Error("DATABASE_URL=file: needs a path, e.g. file:./data/concord.db");
    return { provider: "sqlite", file: path.resolve(/*turbopackIgnore: true*/ file) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { provider: "postgresql", url, poolSize: poolSize(env), statementTimeoutMs: statementTimeoutMs(env) };
  throw new Error(
    `DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL); got "${url.split(":")[0]}:…"`,
  );
}

/**
 * DATABASE_POOL_SIZE: connections each app instance keeps to PostgreSQL. By default two per core and one more: enough
 * to keep the database busy while requests wait on it, few enough that several instances stay within its 100.
 */
function poolSize(env: Env): number {
  const given = env.DATABASE_POOL_SIZE?.trim();
  if (!given) return 2 * availableParallelism() + 1;
  const size = Number(given);
  if (!Number.isInteger(size) || size < 1 || size > 1000) throw new Error(`DATABASE_POOL_SIZE must be a whole number from 1 to 1000; got "${given}"`);
  return size;
}

/** How long a PostgreSQL statement may run unless DATABASE_STATEMENT_TIMEOUT_SECONDS says otherwise. */
const DEFAULT_STATEMENT_TIMEOUT_SECONDS = 30;

/**
 * DATABASE_STATEMENT_TIMEOUT_SECONDS: PostgreSQL cancels a statement of the app that runs longer (0: never), so that a
 * request nobody waits for any more does not keep a database core busy for minutes. Long work (recounts, exports)
 * goes page by page, each statement well within it.
 */
function statementTimeoutMs(env: Env): number {
  const given = env.DATABASE_STATEMENT_TIMEOUT_SECONDS?.trim();
  if (!given) return DEFAULT_STATEMENT_TIMEOUT_SECONDS * 1000;
  const seconds = Number(given);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 86_400) throw new Error(`DATABASE_STATEMENT_TIMEOUT_SECONDS must be a whole number of seconds from 0 (no limit) to 86400; got "${given}"`);
  return seconds * 1000;
}

/** A description safe to print: never the password. */
export function describeTarget(target: DatabaseTarget): string {
  if (target.provider === "sqlite") return `SQLite at ${target.file}`;
  const parsed = new URL(target.url);
  return `PostgreSQL at ${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}

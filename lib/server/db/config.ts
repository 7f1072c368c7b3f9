import path from "node:path";
import { wholeNumberSetting } from "../settings";

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
  if (/^postgres(ql)?:\/\//.test(url)) return { provider: "postgresql", url, poolSize: wholeNumberSetting("DATABASE_POOL_SIZE", env), statementTimeoutMs: wholeNumberSetting("DATABASE_STATEMENT_TIMEOUT_SECONDS", env) * 1000 };
  throw new Error(
    `DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL); got "${url.split(":")[0]}:…"`,
  );
}

/** A description safe to print: never the password. */
export function describeTarget(target: DatabaseTarget): string {
  if (target.provider === "sqlite") return `SQLite at ${target.file}`;
  const parsed = new URL(target.url);
  return `PostgreSQL at ${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}

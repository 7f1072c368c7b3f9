import { chmodSync, closeSync, mkdirSync, openSync, statSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { AppError } from "../errors";
import { describeTarget, type DatabaseTarget } from "./config";

/** How long a SQLite writer waits for a lock before giving up (better-sqlite3 sets busy_timeout from it). */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/** With `readOnly`, a SQLite connection that only reads a database the app's own connection made (a reading thread's). */
export function adapterFactory(target: DatabaseTarget, { readOnly = false } = {}): SqlMigrationAwareDriverAdapterFactory {
  if (target.provider === "sqlite") {
    if (readOnly) return new PrismaBetterSqlite3({ url: `file:${target.file}`, readonly: true, timeout: SQLITE_BUSY_TIMEOUT_MS });
    mkdirSync(path.dirname(target.file), { recursive: true });
    // ":memory:" is SQLite's name for a database that is never written to disk (migrations are planned on one).
    if (target.file !== ":memory:") keepPrivate(target.file);
    return new PrismaBetterSqlite3({ url: `file:${target.file}`, timeout: SQLITE_BUSY_TIMEOUT_MS });
  }
  // statement_timeout is sent when each connection opens: PostgreSQL itself cancels a statement that runs longer.
  const timeout = target.statementTimeoutMs ? { statement_timeout: target.statementTimeoutMs } : {};
  return new PrismaPg({ connectionString: target.url, connectionTimeoutMillis: 10_000, max: target.poolSize, ...timeout });
}

/** PostgreSQL's code for a statement it cancelled (query_canceled), with the reason in its message. */
const QUERY_CANCELED = "57014";

/** Whether PostgreSQL cancelled the statement for running past statement_timeout. */
function isStatementTimeout(error: unknown): boolean {
  const cause = findCause(error);
  return cause?.code === QUERY_CANCELED && /statement timeout/.test(cause.message);
}

/**
 * A connection lost or refused: the server restarted or was shut down, an administrator ended the session
 * (pg_terminate_backend), the network dropped, or no connection could be had in time. Another try may succeed.
 */
function isConnectionLost(error: unknown): boolean {
  for (const candidate of errorChain(error)) {
    const code = codeOf(candidate);
    if (typeof code === "string" && (CONNECTION_LOST_CODES.has(code) || code.startsWith(POSTGRES_CONNECTION_EXCEPTION))) return true;
    if (typeof candidate.kind === "string" && CONNECTION_LOST_KINDS.has(candidate.kind)) return true;
    // node-postgres's own errors for a socket that closed under a client carry no code.
    if (typeof candidate.message === "string" && PG_CONNECTION_MESSAGES.test(candidate.message)) return true;
  }
  return false;
}

/** PostgreSQL's class 08, connection exceptions. */
const POSTGRES_CONNECTION_EXCEPTION = "08";
const CONNECTION_LOST_CODES = new Set([
  "57P01", // admin_shutdown: the session was terminated, or the server is shutting down
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: the server is starting or recovering
  "P1001", // Prisma: cannot reach the database server
  "P1008", // Prisma: operation timed out
  "P1017", // Prisma: the server closed the connection
  "P2024", // Prisma: no connection free in the pool in time
]);
/** How Prisma's PostgreSQL adapter names socket failures. */
const CONNECTION_LOST_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const PG_CONNECTION_MESSAGES = /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect/;

/**
 * A database failure the caller can act on, as the 503 its request answers: a statement past the statement timeout,
 * or a lost connection (try again). Any other error as it is.
 */
export function explainDatabaseFailure(error: unknown, target: DatabaseTarget): unknown {
  if (isStatementTimeout(error) && target.provider === "postgresql") {
    return new AppError("timeout", `The database stopped this request after ${(target.statementTimeoutMs ?? 0) / 1000} s (DATABASE_STATEMENT_TIMEOUT_SECONDS); ask for less or try again later.`);
  }
  if (isConnectionLost(error)) {
    console.error(`[db] connection lost: ${connectionErrorMessage(error, target)}`);
    return new AppError("unavailable", "The database connection was lost; try again in a moment.", { retryAfterSeconds: 1 });
  }
  return error;
}

/**
 * The database holds password hashes: it is created readable and writable by its owner only, as the session secret
 * is (SQLite gives its -wal and -shm files the main file's permissions). One that everyone can read, made by an
 * older version, loses that access; its group's is left as the operator set it.
 */
function keepPrivate(file: string): void {
  closeSync(openSync(file, "a", 0o600));
  for (const each of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      const { mode } = statSync(each);
      if (mode & 0o007) chmodSync(each, mode & 0o770);
    } catch (error) {
      // No -wal or -shm file at the moment, or a file of another user's that only its owner may change.
      if (!["ENOENT", "EPERM"].includes((error as NodeJS.ErrnoException).code ?? "")) throw error;
    }
  }
}

/** Turns a driver's connection failure into one sentence a person can act on. */
export function connectionErrorMessage(error: unknown, target: DatabaseTarget): string {
  const cause = findCause(error);
  const code = cause?.code ? ` (${cause.code})` : "";
  // Driver messages come with line breaks and a full stop of their own.
  const detail = (cause?.message ?? String(error)).replace(/\s+/g, " ").trim().replace(/\.$/, "");
  const hint =
    target.provider === "postgresql"
      ? "Check that the server is running and that DATABASE_URL names the right host, port, database, user and password."
      : "Check that the directory exists and is writable, or set DATABASE_URL=file:/another/path.db.";
  return `Cannot use the database: ${describeTarget(target)}${code}: ${detail}. ${hint}`;
}

/**
 * The driver's own words inside whatever wrapped them: a Prisma query error carries them in `meta`,
 * other errors in a `cause` chain. Prisma's own codes (P2010 …) say nothing about the connection.
 */
function findCause(error: unknown): { code?: string; message: string } | undefined {
  for (const candidate of errorChain(error)) {
    if (typeof candidate.meta?.message === "string") {
      const code = typeof candidate.meta.code === "string" && candidate.meta.code !== "N/A" ? candidate.meta.code : undefined;
      return { code, message: candidate.meta.message };
    }
    const code = codeOf(candidate);
    if (typeof code === "string" && /^[A-Z0-9_]+$/.test(code) && !/^P\d{4}$/.test(code) && typeof candidate.message === "string") {
      return { code, message: candidate.message };
    }
  }
  return error instanceof Error ? { message: error.message } : undefined;
}

type ErrorLike = { code?: unknown; originalCode?: unknown; kind?: unknown; message?: unknown; meta?: { code?: unknown; message?: unknown; driverAdapterError?: unknown }; cause?: unknown };

/** An error and what it wraps, outermost first: a query's error from a driver adapter keeps the driver's own in meta.driverAdapterError, others in a cause chain. */
function* errorChain(error: unknown): Generator<ErrorLike> {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === "object" && depth < 5; depth++) {
    const candidate = current as ErrorLike;
    yield candidate;
    current = candidate.meta?.driverAdapterError ?? candidate.cause;
  }
}

/** The driver's code: Prisma's adapters keep the database's own as originalCode. */
const codeOf = (candidate: ErrorLike): unknown => (typeof candidate.originalCode === "string" ? candidate.originalCode : candidate.code);

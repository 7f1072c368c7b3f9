// Migrations through Prisma's own schema engine compiled to WebAssembly: it needs no native binary,
// so `npm start`, the CLI and the tests migrate offline on SQLite and PostgreSQL alike.
import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import Database from "better-sqlite3";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import * as engineBindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { adapterFactory, connectionErrorMessage } from "./adapter";
import { createDb } from "./client";
import type { DatabaseTarget } from "./config";
import { migrationsDir, schemaFor, SCHEMA_PATH, type Provider } from "./providers";

const NO_FILTERS = { externalTables: [], externalEnums: [] };

let wasmReady: Promise<void> | undefined;

function loadWasm(): Promise<void> {
  wasmReady ??= (async () => {
    // The package exports its JS entry only; the .wasm file sits beside it.
    const entry = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm");
    const wasmPath = path.join(path.dirname(entry), "schema_engine_bg.wasm");
    const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {
      "./schema_engine_bg.js": engineBindings as unknown as WebAssembly.ModuleImports,
    });
    engineBindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return wasmReady;
}

/**
 * Runs work with an engine on the database, then closes the engine's connections: on SQLite it takes
 * the file in exclusive locking mode, which would lock every other connection out until closed.
 */
/**
 * The engine replays a whole migration file on the shadow database with executeRaw, which
 * better-sqlite3 refuses ("contains more than one statement"); run such a file as a script instead.
 */
function acceptScripts(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    try {
      return await executeRaw(query);
    } catch (error) {
      if (query.args.length || !/more than one statement/i.test(String((error as Error).message))) throw error;
      await adapter.executeScript(query.sql);
      return 0;
    }
  };
  return adapter;
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/**
 * A connection for the engine to a PostgreSQL database. The engine reads catalog columns of the
 * one-byte "char" type, which the adapter has no mapping for; they are plain text to it.
 */
async function postgresEngineConnection(url: string): Promise<SqlDriverAdapter> {
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: 10_000 });
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<pg.QueryResult>;
  (pool as { query: unknown }).query = async (...args: unknown[]) => {
    const result = await query(...args);
    for (const field of result.fields ?? []) if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    return result;
  };
  return new PrismaPg(pool, { disposeExternalPool: true }).connect();
}

/**
 * A throw-away PostgreSQL database for replaying migrations. (The adapter's own drops its database
 * before closing its pool, which PostgreSQL refuses while the pool's sessions are open.)
 */
async function postgresShadow(url: string): Promise<SqlDriverAdapter> {
  const name = `concord_shadow_${randomUUID().replace(/-/g, "")}`;
  const onServer = async (sql: string) => {
    const admin = await postgresEngineConnection(url);
    try {
      await admin.executeScript(sql);
    } finally {
      await admin.dispose();
    }
  };
  await onServer(`CREATE DATABASE "${name}"`);
  const shadowUrl = new URL(url);
  shadowUrl.pathname = `/${name}`;
  const shadow = await postgresEngineConnection(shadowUrl.toString());
  const dispose = shadow.dispose.bind(shadow);
  shadow.dispose = async () => {
    await dispose();
    await onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  };
  return shadow;
}

/** The engine's way in to the target database and to a shadow database beside it. */
function engineConnector(target: DatabaseTarget): Pick<SqlMigrationAwareDriverAdapterFactory, "provider" | "adapterName" | "connect" | "connectToShadowDb"> {
  if (target.provider === "sqlite") {
    const factory = adapterFactory(target);
    return {
      provider: factory.provider,
      adapterName: factory.adapterName,
      connect: () => factory.connect(),
      connectToShadowDb: async () => acceptScripts(await factory.connectToShadowDb()),
    };
  }
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: () => postgresEngineConnection(target.url),
    connectToShadowDb: () => postgresShadow(target.url),
  };
}

async function withEngine<T>(target: DatabaseTarget, work: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  await loadWasm();
  const connector = engineConnector(target);
  const opened: SqlDriverAdapter[] = [];
  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    ...connector,
    connect: async () => remember(await connector.connect()),
    connectToShadowDb: async () => remember(await connector.connectToShadowDb()),
  };
  function remember(adapter: SqlDriverAdapter): SqlDriverAdapter {
    opened.push(adapter);
    return adapter;
  }
  const engineLog = (message: string) => {
    if (process.env.CONCORD_DEBUG_MIGRATIONS) process.stderr.write(`${message}\n`);
  };
  let engine: SchemaEngine;
  try {
    engine = await engineBindings.SchemaEngine.new(
      { datamodels: [[SCHEMA_PATH, schemaFor(target.provider)]] },
      engineLog,
      bindMigrationAwareSqlAdapterFactory(tracked),
    );
  } catch (error) {
    throw new Error(connectionErrorMessage(error, target), { cause: error });
  }
  try {
    return await work(engine);
  } catch (error) {
    throw new Error(engineErrorMessage(error, target), { cause: error });
  } finally {
    engine.free();
    await Promise.allSettled(opened.map((adapter) => adapter.dispose()));
  }
}

function engineErrorMessage(error: unknown, target: DatabaseTarget): string {
  const message = error instanceof Error ? error.message : String(error);
  // The engine needs the SQLite file to itself and reports a lock wait as an unknown "SocketTimeout".
  if (target.provider === "sqlite" && message.includes("SocketTimeout")) {
    return `The SQLite database ${target.file} is in use by another process (is Concord running?). Stop it and migrate again.`;
  }
  return message;
}

/** The committed migrations of one provider, as the engine wants them. */
export function migrationList(provider: Provider): MigrationList {
  const baseDir = migrationsDir(provider);
  const lockPath = path.join(baseDir, "migration_lock.toml");
  const directories = existsSync(baseDir)
    ? readdirSync(baseDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  return {
    baseDir,
    lockfile: { path: "migration_lock.toml", content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: directories.map((name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok" as const, value: readFileSync(path.join(baseDir, name, "migration.sql"), "utf8") },
      },
    })),
  };
}

/** SQLite settings that live in the file itself: write-ahead logging survives every later open. */
function prepareSqliteFile(file: string): void {
  const sqlite = new Database(file);
  try {
    sqlite.pragma("journal_mode = WAL");
  } finally {
    sqlite.close();
  }
}

/** Applies pending migrations; returns the names applied (empty when the database is up to date). */
export async function applyMigrations(target: DatabaseTarget): Promise<string[]> {
  if (target.provider === "sqlite") {
    try {
      adapterFactory(target); // creates the directory
      prepareSqliteFile(target.file);
    } catch (error) {
      throw new Error(connectionErrorMessage(error, target), { cause: error });
    }
  }
  const applied = await withEngine(target, async (engine) => {
    const output = await engine.applyMigrations({ migrationsList: migrationList(target.provider), filters: NO_FILTERS });
    return output.appliedMigrationNames;
  });
  if (target.provider === "sqlite") analyzeSqliteFile(target.file);
  return applied;
}

/**
 * Gives SQLite's planner statistics where they are missing or stale (PostgreSQL's autovacuum keeps its own): without
 * them it chose indexes that read a whole table of a million items where another answers at once. Sampled
 * (analysis_limit), so it takes milliseconds whatever the size; run at every start, as SQLite advises for
 * long-running connections.
 */
export function analyzeSqliteFile(file: string): void {
  const sqlite = new Database(file);
  try {
    sqlite.pragma("analysis_limit = 1000");
    sqlite.pragma("optimize = 0x10002");
  } finally {
    sqlite.close();
  }
}

/**
 * The committed migrations this database has not applied yet. Reads the engine's bookkeeping table
 * through an ordinary client, so it works while the app is running (the engine would need the
 * SQLite file to itself).
 */
export async function pendingMigrations(target: DatabaseTarget): Promise<string[]> {
  const client = createDb(target);
  let applied: Set<string>;
  try {
    const rows = await client.$queryRawUnsafe<{ migration_name: string }[]>(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
    );
    applied = new Set(rows.map((row) => row.migration_name));
  } catch (error) {
    if (!/no such table|does not exist/i.test(String((error as Error).message))) {
      throw new Error(connectionErrorMessage(error, target), { cause: error });
    }
    applied = new Set();
  } finally {
    await client.$disconnect();
  }
  return migrationList(target.provider)
    .migrationDirectories.map((directory) => directory.path)
    .filter((name) => !applied.has(name));
}

/** Applies migrations only when some are pending; returns the names applied. */
export async function migrateIfPending(target: DatabaseTarget): Promise<string[]> {
  return (await pendingMigrations(target)).length ? applyMigrations(target) : [];
}

/**
 * SQL that would take a database built by the committed migrations to the schema; empty when they
 * agree. Replays the migrations on a shadow database: in memory for SQLite, a throw-away database on
 * the server for PostgreSQL.
 */
export async function migrationsToSchemaDiff(target: DatabaseTarget): Promise<string> {
  return withEngine(target, async (engine) => {
    const migrations = migrationList(target.provider);
    const from = migrations.migrationDirectories.length ? { tag: "migrations" as const, ...migrations } : { tag: "empty" as const };
    const result = await engine.diff({
      from,
      to: { tag: "schemaDatamodel", files: [{ path: SCHEMA_PATH, content: schemaFor(target.provider) }] },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    return meaningfulSql(result.stdout ?? "");
  });
}

/** The engine answers an empty diff with a comment; only statements count. */
function meaningfulSql(script: string): string {
  const statements = script
    .split("\n")
    .filter((line) => line.trim() && !line.trim().startsWith("--"))
    .join("\n");
  return statements ? script : "";
}

import { PrismaClient as PostgresClient } from "@/lib/generated/prisma-postgresql/client";
import { PrismaClient as SqliteClient } from "@/lib/generated/prisma-sqlite/client";
import { adapterFactory } from "./adapter";
import { databaseTarget, type DatabaseTarget } from "./config";

// Password hashes never leave the data layer by accident; code that verifies one asks for it explicitly.
// Under load, transactions queue for a connection (or SQLite's write lock): waiting is expected, so the
// wait is long rather than Prisma's 2 s default.
const clientOptions = { omit: { user: { passwordHash: true } }, transactionOptions: { maxWait: 15_000, timeout: 20_000 } } as const;

function createSqliteClient(target: DatabaseTarget, { readOnly = false } = {}) {
  return new SqliteClient({ adapter: adapterFactory(target, { readOnly }), ...clientOptions });
}

/**
 * The client type every module codes against. Both generated clients come from the same schema, so
 * their model APIs are identical; the SQLite one names the type.
 */
export type Db = ReturnType<typeof createSqliteClient>;

/** An open interactive transaction: the client's models without its connection and transaction methods. */
export type Tx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$use" | "$transaction" | "$extends">;

export function createDb(target: DatabaseTarget): Db {
  if (target.provider === "sqlite") return createSqliteClient(target);
  return new PostgresClient({ adapter: adapterFactory(target), ...clientOptions }) as unknown as Db;
}

/** A read-only connection to a SQLite database, for a thread that only reads it (the dashboard's: dashboard-thread.ts). */
export function createReadOnlySqliteDb(target: Extract<DatabaseTarget, { provider: "sqlite" }>): Db {
  return createSqliteClient(target, { readOnly: true });
}

type Connection = { client: Db; target: DatabaseTarget };
const cache = globalThis as unknown as { concordDb?: Connection };

/** The process-wide connection for DATABASE_URL, made on first use (and kept across dev reloads). */
function connection(): Connection {
  cache.concordDb ??= (() => {
    const target = databaseTarget();
    return { client: createDb(target), target };
  })();
  return cache.concordDb;
}

export function db(): Db {
  return connection().client;
}

export function currentTarget(): DatabaseTarget {
  return connection().target;
}

/** Points the data layer at another database (integration tests run one per provider). */
export function setDb(client: Db, target: DatabaseTarget): void {
  cache.concordDb = { client, target };
}

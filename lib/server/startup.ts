// What an app instance does before it serves: migrate, and seed the demo on a first start. Several instances may
// start at once on one PostgreSQL database (a deployment rolling out N of them): they take turns under an advisory
// lock, so one migrates and seeds while the others wait and then find nothing left to do.
import pg from "pg";
import { connectionErrorMessage } from "./db/adapter";
import { db } from "./db/client";
import type { DatabaseTarget } from "./db/config";
import { migrateIfPending } from "./db/migrations";
import { seedDemo, type DemoSummary } from "./demo";

/** The advisory lock's key: any number no other code on the database locks. */
const STARTUP_LOCK = 73_011_984;

export interface Prepared {
  appliedMigrations: string[];
  /** Whether the database had no users before this start. */
  firstStart: boolean;
  /** The demo this start seeded, if it did. */
  demo: DemoSummary | null;
}

export async function prepareDatabase(target: DatabaseTarget, wantDemo: boolean): Promise<Prepared> {
  return withStartupLock(target, async () => {
    const appliedMigrations = await migrateIfPending(target);
    const firstStart = (await db().user.count()) === 0;
    const demo = wantDemo && firstStart ? await seedDemo() : null;
    return { appliedMigrations, firstStart, demo };
  });
}

/**
 * Runs `work` holding the database's start-up lock. The lock is a session lock on a connection of its own, so it
 * ends with that connection if the process dies. SQLite is one machine's file: the migration engine opens it
 * exclusively already.
 */
async function withStartupLock<T>(target: DatabaseTarget, work: () => Promise<T>): Promise<T> {
  if (target.provider !== "postgresql") return work();
  const connection = new pg.Client({ connectionString: target.url });
  await connection.connect().catch((error: unknown) => {
    throw new Error(connectionErrorMessage(error, target), { cause: error });
  });
  try {
    await connection.query("SELECT pg_advisory_lock($1)", [STARTUP_LOCK]);
    return await work();
  } finally {
    await connection.end(); // releases the lock
  }
}

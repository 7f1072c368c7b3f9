// Real databases for integration tests: a fresh SQLite file always, and a fresh PostgreSQL database
// when TEST_DATABASE_URL names a server (REQUIRE_POSTGRES=1 makes its absence a failure, as in CI).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import pg from "pg";
import type { DatabaseTarget } from "@/lib/server/db/config";

export interface TestDatabase {
  name: "sqlite" | "postgresql";
  /** Creates an empty database and returns where it is. */
  create(): Promise<DatabaseTarget>;
  /** Removes everything create() made. */
  destroy(): Promise<void>;
}

function sqliteDatabase(): TestDatabase {
  let dir: string | undefined;
  return {
    name: "sqlite",
    async create() {
      dir = mkdtempSync(path.join(tmpdir(), "concord-test-"));
      return { provider: "sqlite", file: path.join(dir, "test.db") };
    },
    async destroy() {
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresDatabase(serverUrl: string): TestDatabase {
  const name = `concord_test_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    name: "postgresql",
    async create() {
      await admin((client) => client.query(`CREATE DATABASE "${name}"`));
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      return { provider: "postgresql", url: url.toString() };
    },
    async destroy() {
      // FORCE ends the database's other sessions, but a role that is not a superuser may not end an autovacuum
      // worker that happens to be cleaning up after the suite (42501); it is done within moments, so try again.
      for (let attempt = 1; ; attempt++) {
        try {
          await admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
          return;
        } catch (error) {
          if ((error as { code?: string }).code !== "42501" || attempt === 20) throw error;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
    },
  };
}

/** The databases every integration suite runs against. */
export function testDatabases(): TestDatabase[] {
  const url = process.env.TEST_DATABASE_URL;
  return url ? [sqliteDatabase(), postgresDatabase(url)] : [sqliteDatabase()];
}

/** True when PostgreSQL must be tested but no server was named: suites fail instead of skipping. */
export function postgresMissing(): boolean {
  return process.env.REQUIRE_POSTGRES === "1" && !process.env.TEST_DATABASE_URL;
}

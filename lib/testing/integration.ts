import { afterAll, beforeAll, describe, it } from "vitest";
import { createDb, setDb, type Db } from "@/lib/server/db/client";
import type { DatabaseTarget } from "@/lib/server/db/config";
import { applyMigrations } from "@/lib/server/db/migrations";
import { postgresMissing, testDatabases, type TestDatabase } from "./databases";

export interface IntegrationContext {
  target: DatabaseTarget;
  client: Db;
}

/**
 * Runs a suite once per test database, each freshly migrated and installed as the data layer's
 * database for the suite's duration.
 */
export function describeEachDatabase(
  title: string,
  suite: (context: () => IntegrationContext) => void,
  only?: TestDatabase["name"],
): void {
  if (postgresMissing() && only !== "sqlite") {
    it(`${title} [postgresql]`, () => {
      throw new Error("REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is unset: the PostgreSQL suite cannot run.");
    });
  }
  for (const database of testDatabases().filter((candidate) => !only || candidate.name === only)) {
    describe(`${title} [${database.name}]`, () => {
      let context: IntegrationContext | undefined;
      beforeAll(async () => {
        const target = await database.create();
        await applyMigrations(target);
        const client = createDb(target);
        setDb(client, target);
        context = { target, client };
      });
      afterAll(async () => {
        await context?.client.$disconnect();
        await database.destroy();
      });
      suite(() => {
        if (!context) throw new Error("database not ready");
        return context;
      });
    });
  }
}

/** Moves a lease's start back, as if its labeler had taken the item `ms` ago: stored active time is capped at the lease's age. */
export async function leaseTakenAgo(client: Db, assignmentId: string, ms: number): Promise<void> {
  await client.assignment.update({ where: { id: assignmentId }, data: { leasedAt: new Date(Date.now() - ms) } });
}

// A database connection lost under a request (issue 19: the fault bench's pg_terminate_backend answered 500): every
// route answers 503 "unavailable", which a client may retry, and the next request finds a working connection.
import pg from "pg";
import { beforeAll, expect, it } from "vitest";
import { GET as listItemsRoute } from "@/app/api/v1/projects/[projectId]/items/route";
import { apiClient, expectJson, type ApiCall } from "@/lib/testing/api";
import { describeEachDatabase } from "@/lib/testing/integration";
import { createApiToken } from "../api-tokens";
import { errorResponse } from "../api/handler";
import type { Caller } from "../auth/caller";
import { createProject } from "../projects";
import { createUser } from "../users";
import { createDb, setDb } from "./client";
import type { DatabaseTarget } from "./config";

const UNAVAILABLE = { error: { code: "unavailable", message: "The database connection was lost; try again in a moment.", details: { retryAfterSeconds: 1 } } };

describeEachDatabase(
  "a lost database connection (issue 19)",
  (context) => {
    const postgres = () => context().target as Extract<DatabaseTarget, { provider: "postgresql" }>;
    /** Ends every session of the test's database but the caller's, as an administrator or a failover would. */
    async function terminateSessions(where = "TRUE"): Promise<void> {
      const admin = new pg.Client({ connectionString: postgres().url });
      await admin.connect();
      try {
        await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND ${where}`);
      } finally {
        await admin.end();
      }
    }

    let call: ApiCall;
    let projectId: string;
    beforeAll(async () => {
      const manager: Caller = { user: await createUser({ email: "m@lost.test", name: "Mia", password: "password 123", isAdmin: true }), via: "session" };
      projectId = (await createProject(manager, { name: "Lost", mediaKind: "image", overlap: 1, tasks: [{ key: "scene", type: "classification", classes: ["a", "b"] }] })).id;
      call = apiClient((await createApiToken(manager, { name: "lost" })).token);
    });

    it("answers 503 unavailable when the session is terminated during a request's query, then serves the retry", async () => {
      // Another session holds the item table, so the list's read waits: it is terminated while it waits.
      const holder = new pg.Client({ connectionString: postgres().url });
      await holder.connect();
      await holder.query(`BEGIN; LOCK TABLE "Item" IN ACCESS EXCLUSIVE MODE`);
      const listing = call(listItemsRoute, { projectId }, `/projects/${projectId}/items`);
      try {
        await waitFor(async () => (await holder.query(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted`)).rows[0].n > 0);
        await terminateSessions(`pid <> ${(holder as unknown as { processID: number }).processID}`);
      } finally {
        await holder.query("ROLLBACK");
        await holder.end();
      }
      const answer = await listing;
      expect(answer.headers.get("retry-after")).toBe("1");
      expect(await expectJson(answer, 503)).toEqual(UNAVAILABLE);
      await expectJson(await call(listItemsRoute, { projectId }, `/projects/${projectId}/items`), 200);
    });

    it("answers 503 unavailable for a transaction whose connection died between its statements", async () => {
      const thrown = await context()
        .client.$transaction(async (tx) => {
          await tx.$queryRawUnsafe("SELECT 1");
          await terminateSessions();
          await tx.$queryRawUnsafe("SELECT 2");
        })
        .then(
          () => null,
          (error: unknown) => error,
        );
      expect(await expectJson(errorResponse(thrown), 503)).toEqual(UNAVAILABLE);
    });

    it("answers 503 unavailable when the database server cannot be reached", async () => {
      const { target, client } = context();
      const unreachableTarget: DatabaseTarget = { ...postgres(), url: "postgresql://concord:concord@127.0.0.1:1/concord" };
      const unreachable = createDb(unreachableTarget);
      setDb(unreachable, unreachableTarget);
      try {
        const answer = await call(listItemsRoute, { projectId }, `/projects/${projectId}/items`);
        expect(await expectJson(answer, 503)).toEqual(UNAVAILABLE);
      } finally {
        setDb(client, target);
        await unreachable.$disconnect();
      }
    });
  },
  "postgresql",
);

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("the condition never held");
}

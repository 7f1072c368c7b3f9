// Limits of the item list (issue 19 #3): a request's lists are capped before any query, a set of labelers is one
// condition over a bounded list, and a query stops when its client has gone or it runs past the statement timeout.
import pg from "pg";
import { expect, it } from "vitest";
import { GET as listItemsRoute } from "@/app/api/v1/projects/[projectId]/items/route";
import { GET as reviewQueueRoute } from "@/app/api/v1/projects/[projectId]/review-queue/route";
import { apiClient, expectJson, type ApiCall } from "@/lib/testing/api";
import { failure } from "@/lib/testing/failure";
import { describeEachDatabase, leaseTakenAgo } from "@/lib/testing/integration";
import { createDb, setDb } from "./db/client";
import type { DatabaseTarget } from "./db/config";
import { submitAnnotation } from "./annotations";
import { nextAssignment } from "./assignments";
import { createApiToken } from "./api-tokens";
import { errorResponse } from "./api/handler";
import type { Caller } from "./auth/caller";
import { listItems } from "./items";
import { addMember, createProject } from "./projects";
import { createUser } from "./users";

const TASKS = [{ key: "defect", type: "classification", classes: ["ok", "scratch"] }];

describeEachDatabase("item list limits", (context) => {
  const tag = () => context().target.provider;
  let manager: Caller;
  let call: ApiCall;
  let projectId: string;
  /** Each labeler's user id, by name: ann to eve labeled items 0-2 (see the first test). */
  const labelerIds = new Map<string, string>();

  const names = async (query: string) => (await listItems(manager, projectId, new URLSearchParams(query))).items.map((item) => item.originalName).sort();

  it("issue 19 #3: finds the items every one of several labelers submitted", async () => {
    const admin = await createUser({ email: `m@${tag()}.limits`, name: "Mia", password: "password 123", isAdmin: true });
    manager = { user: admin, via: "session" };
    call = apiClient((await createApiToken(manager, { name: "limits" })).token);
    projectId = (await createProject(manager, { name: "Limits", mediaKind: "image", overlap: 5, tasks: TASKS })).id;
    await context().client.item.createMany({
      data: [0, 1, 2, 3].map((index) => ({ projectId, mediaPath: `x/${index}.png`, mimeType: "image/png", originalName: `${index}.png`, sha256: `limits-${tag()}-${index}`, sizeBytes: 1, width: 10, height: 10, metadata: { line: `L${index}` }, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, index)) })),
    });
    // Ann to Eve each take items oldest first: Ann all four, Ben three, Cat two, Dan and Eve one.
    for (const [name, count] of [["ann", 4], ["ben", 3], ["cat", 2], ["dan", 1], ["eve", 1]] as const) {
      const user = await createUser({ email: `${name}@${tag()}.limits`, name, password: "password 123" });
      labelerIds.set(name, user.id);
      await addMember(manager, projectId, { email: user.email, role: "labeler" });
      const labeler: Caller = { user, via: "token" };
      for (let taken = 0; taken < count; taken++) {
        const lease = (await nextAssignment(labeler, projectId))!;
        await leaseTakenAgo(context().client, lease.assignment.id, 60_000);
        await submitAnnotation(labeler, lease.assignment.id, { result: [{ task: "defect", type: "classification", values: ["ok"] }], activeMs: 1000 }, null);
      }
    }
    const ids = (...people: string[]) => people.map((name) => labelerIds.get(name)!).join(",");
    expect(await names(`labeler=${ids("cat")}`)).toEqual(["0.png", "1.png"]);
    expect(await names(`labeler=${ids("ann", "ben")}`)).toEqual(["0.png", "1.png", "2.png"]);
    expect(await names(`labeler=${ids("ann", "ben", "cat", "dan", "eve")}`)).toEqual(["0.png"]);
    // A name given twice counts once; a labeler with nothing submitted leaves nothing.
    expect(await names(`labeler=${ids("ben", "cat", "ben")}`)).toEqual(["0.png", "1.png"]);
    expect(await names(`labeler=${ids("ann")},${manager.user.id}`)).toEqual([]);
    // The most a request may name (twenty), the rest of them people who labeled nothing here.
    const many = [...labelerIds.values(), ...Array.from({ length: 15 }, (_, index) => `nobody-${index}`)];
    expect(many).toHaveLength(20);
    expect(await names(`labeler=${many.join(",")}`)).toEqual([]);
    expect(await names(`labeler=${ids("ann", "ben")}&meta.line=L1`)).toEqual(["1.png"]);
  });

  it("issue 19 #3: answers 2,000 labeler ids with a 400 naming the cap, on the route, before reading any item", async () => {
    const thousands = Array.from({ length: 2000 }, (_, index) => `u${index}`).join(",");
    const refused = await expectJson<{ error: { code: string; message: string; details: { path: string[] } } }>(
      await call(listItemsRoute, { projectId }, `/projects/${projectId}/items?labeler=${thousands}`),
      400,
    );
    expect(refused.error).toEqual({ code: "bad_request", message: "labeler: at most 20 comma-separated user ids, got 2000", details: { path: ["labeler"] } });
    expect((await failure(listItems(manager, projectId, new URLSearchParams({ labeler: "a,,b" })))).message).toMatch(/^labeler\.1: /);
  });

  it("issue 19 #3: refuses more metadata filters than the cap, on the item list and the review queue", async () => {
    const filters = new URLSearchParams(Array.from({ length: 21 }, (_, index) => [`meta.key${index}`, "x"]));
    const message = "meta: at most 20 metadata filters (meta.<key>=<value>), got 21";
    for (const route of [listItemsRoute, reviewQueueRoute]) {
      const path = `/projects/${projectId}/${route === listItemsRoute ? "items" : "review-queue"}?${filters}`;
      expect((await expectJson<{ error: { message: string } }>(await call(route, { projectId }, path), 400)).error.message).toBe(message);
    }
    filters.delete("meta.key20");
    expect((await listItems(manager, projectId, filters)).items).toEqual([]);
  });

  it("issue 19 #3: stops looking through the items once the client has gone", async () => {
    const gone = new AbortController();
    gone.abort();
    const stopped = await failure(listItems(manager, projectId, new URLSearchParams(), gone.signal));
    expect([stopped.status, stopped.message]).toEqual([499, "The client closed the request."]);
  });
});

describeEachDatabase(
  "statement timeout",
  (context) => {
    it("issue 19 #3: a query past the statement timeout fails with a clear 503 instead of running on", async () => {
      const { target, client } = context();
      const manager: Caller = { user: await createUser({ email: "m@timeout.test", name: "Mia", password: "password 123", isAdmin: true }), via: "session" };
      const { id: projectId } = await createProject(manager, { name: "Slow", mediaKind: "image", overlap: 1, tasks: TASKS });
      // A short timeout for this test's own client; the setting's parsing is tested in config.test.ts.
      const impatientTarget: DatabaseTarget = { ...(target as Extract<DatabaseTarget, { provider: "postgresql" }>), statementTimeoutMs: 300 };
      const impatient = createDb(impatientTarget);
      // Another session holds the item table: every read of it waits, as behind a query that runs for minutes.
      const holder = new pg.Client({ connectionString: impatientTarget.url });
      await holder.connect();
      await holder.query(`BEGIN; LOCK TABLE "Item" IN ACCESS EXCLUSIVE MODE`);
      setDb(impatient, impatientTarget);
      try {
        // As every route handler answers what its service threw (errorResponse).
        const thrown = await listItems(manager, projectId, new URLSearchParams("meta.line=L1")).then(() => null, (error: unknown) => error);
        const stopped = errorResponse(thrown);
        expect([stopped.status, await stopped.json()]).toEqual([
          503,
          { error: { code: "timeout", message: "The database stopped this request after 0.3 s (DATABASE_STATEMENT_TIMEOUT_SECONDS); ask for less or try again later." } },
        ]);
      } finally {
        setDb(client, target);
        await holder.query("ROLLBACK");
        await holder.end();
        await impatient.$disconnect();
      }
    });
  },
  "postgresql",
);

// Concord as a 200-labeler team deploys it (issue 20): three instances started at once on one empty PostgreSQL
// database, behind a round-robin proxy. What one instance does, the others see: sign-in limits, the labeling queue.
import { expect, request as requestContext, test, type APIRequestContext } from "@playwright/test";
import { mkdtempSync, readFileSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { checkInvariants, newLoop, runLabelers, seed } from "../bench/loop-harness";
import { createDb, db, setDb } from "../lib/server/db/client";
import type { DatabaseTarget } from "../lib/server/db/config";
import { demoDefinition } from "../lib/server/demo";
import { postgresMissing, testDatabases, type TestDatabase } from "../lib/testing/databases";
import { createApiToken } from "../lib/server/api-tokens";
import type { ExportRun } from "../lib/validation/api";
import { fixturePath } from "../lib/testing/fixtures";
import { s3Settings } from "../lib/testing/s3-store";
import { unzipBytes } from "../lib/testing/zip";
import { DEMO_PASSWORD, fixture } from "./helpers";
import { freePort, roundRobinProxy, startInstances, stopInstances, type Instance } from "../lib/testing/instances";

const postgres: TestDatabase | undefined = testDatabases().find((database) => database.name === "postgresql");
test.skip(!postgres && !postgresMissing(), "no PostgreSQL named by TEST_DATABASE_URL");
test.describe.configure({ mode: "serial", timeout: 180_000 });

let target: DatabaseTarget;
let instances: Instance[] = [];
let proxy: Server | undefined;
let proxyPort: number;
let proxyOrigin: string;
let s3: Awaited<ReturnType<typeof s3Settings>> | undefined;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  if (!postgres) throw new Error("REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is unset: the instances cannot share a database.");
  target = await postgres.create();
  if (target.provider !== "postgresql") throw new Error("expected PostgreSQL");
  proxyPort = await freePort();
  proxyOrigin = `http://localhost:${proxyPort}`;
  // Sessions made by one instance are read by the others: one secret, one public address (the proxy's).
  // One S3 bucket for all (an s3rver unless TEST_S3_URL names one): the demo's media, and export jobs' zips.
  s3 = await s3Settings();
  const shared = { DATABASE_URL: target.url, CONCORD_DEMO: "1", NEXTAUTH_SECRET: "one secret shared by every instance of the test", NEXTAUTH_URL: proxyOrigin, ...s3.settings };
  instances = await startInstances(3, shared);
  proxy = await roundRobinProxy(proxyPort, instances);
  // This process reads and seeds the same database (the labeling loop's project), its media in a folder of its own.
  process.env.CONCORD_DATA_DIR = mkdtempSync(path.join(tmpdir(), "concord-instances-seed-"));
  setDb(createDb(target), target);
});

test.afterAll(async () => {
  await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
  await stopInstances(instances);
  await postgres?.destroy();
  await s3?.stop();
});

async function count(sql: string): Promise<number> {
  const client = new pg.Client({ connectionString: (target as Extract<DatabaseTarget, { provider: "postgresql" }>).url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>(sql)).rows[0]!.n);
  } finally {
    await client.end();
  }
}

test("three instances started at once on an empty database all come up, with the demo seeded once", async () => {
  const demo = await demoDefinition();
  for (const { origin } of instances) expect((await fetch(`${origin}/api/v1/health`)).status).toBe(200);
  expect(await count(`SELECT count(*) AS n FROM "User"`)).toBe(demo.users.length);
  expect(await count(`SELECT count(*) AS n FROM "Project"`)).toBe(demo.projects.length);
});

/** A browser's sign-in through next-auth's credentials form, as JSON: where it would be sent next (401: refused). */
async function signIn(browser: APIRequestContext, email: string, password: string): Promise<string> {
  const { csrfToken } = (await (await browser.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const answer = await browser.post("/api/auth/callback/credentials", { form: { csrfToken, email, password, json: "true" }, headers: { origin: proxyOrigin } });
  expect([200, 401], await answer.text()).toContain(answer.status());
  return decodeURIComponent(((await answer.json()) as { url: string }).url);
}

test("sign-in limits count attempts made on every instance", async () => {
  const browser = await requestContext.newContext({ baseURL: proxyOrigin });
  try {
    const email = (await demoDefinition()).users.find((user) => !user.isAdmin)!.email;
    // Five wrong passwords, taken in turn by the three instances: the account's allowance (lib/server/auth/rate-limit.ts).
    for (let attempt = 0; attempt < 5; attempt++) expect(await signIn(browser, email, "not the password")).toContain("error=");
    // The right password, on whichever instance comes next, is refused as well.
    expect(await signIn(browser, email, DEMO_PASSWORD)).toContain("Too many failed sign-in attempts for this account");
  } finally {
    await browser.dispose();
  }
});

test("a labeling loop whose requests alternate between instances keeps every invariant", async () => {
  const overlap = 3;
  const seeded = await seed({ items: 60, labelers: 6, overlap });
  const loop = await runLabelers(seeded, { port: proxyPort, items: 60, labelers: 6, overlap, thinkMs: 0, durationLimitMs: 120_000, giveUpAfter: 5 }, newLoop());
  expect(Object.fromEntries(loop.errors)).toEqual({});
  expect(loop.acknowledged.length).toBeGreaterThanOrEqual(60 * overlap);
  const invariants = await checkInvariants(seeded.projectId, overlap, loop.acknowledged);
  expect({ over: invariants.itemsOverTarget, twice: invariants.labelerTwiceOnItem, missing: invariants.acknowledgedMissing, unfinished: invariants.unfinishedItems }).toEqual({
    over: 0,
    twice: 0,
    missing: 0,
    unfinished: 0,
  });
});

let adminToken: string | undefined;
/** The demo administrator's API client on one origin: an instance, or the proxy. */
async function adminApi(baseURL: string): Promise<APIRequestContext> {
  const admin = await db().user.findFirstOrThrow({ where: { isAdmin: true } });
  adminToken ??= (await createApiToken({ user: admin, via: "session" }, { name: "instances" })).token;
  return requestContext.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${adminToken}` } });
}

test("media imported through one instance are served, with their thumbnails and peaks, by the others", async () => {
  const apis = await Promise.all(instances.map((instance) => adminApi(instance.origin)));
  const [importer, ...others] = apis as [APIRequestContext, ...APIRequestContext[]];
  try {
    for (const [mediaKind, file, derived] of [
      ["image", "images/coffee.png", "thumbnail"],
      ["audio", "audio/clip1.wav", "peaks"],
    ] as const) {
      const created = await importer.post("/api/v1/projects", { data: { name: `Shared ${mediaKind}`, mediaKind, tasks: [{ key: "kind", type: "classification", classes: ["a", "b"] }] } });
      expect(created.status(), await created.text()).toBe(201);
      const { id: projectId } = (await created.json()) as { id: string };
      const imported = await importer.post(`/api/v1/projects/${projectId}/imports`, { multipart: { files: fixture(file) } });
      expect(imported.status(), await imported.text()).toBe(201);
      const [item] = ((await imported.json()) as { created: { id: string }[] }).created;
      const original = readFileSync(fixturePath(file));
      for (const other of others) {
        const media = await other.get(`/api/v1/items/${item!.id}/media`);
        expect(media.status()).toBe(200);
        expect((await media.body()).equals(original)).toBe(true);
        const part = await other.get(`/api/v1/items/${item!.id}/media`, { headers: { range: "bytes=10-109" } });
        expect(part.status()).toBe(206);
        expect((await part.body()).equals(original.subarray(10, 110))).toBe(true);
        const derivedFile = await other.get(`/api/v1/items/${item!.id}/${derived}`);
        expect(derivedFile.status(), await derivedFile.text()).toBe(200);
        expect((await derivedFile.body()).length).toBeGreaterThan(0);
      }
    }
  } finally {
    await Promise.all(apis.map((api) => api.dispose()));
  }
});

test("an export job started through one instance is run by whichever takes it, followed and downloaded through the others, and its zip is valid", async () => {
  const api = await adminApi(proxyOrigin);
  try {
    const project = await db().project.findFirstOrThrow({ where: { mediaKind: "image" }, select: { id: true } });
    const started = await api.post(`/api/v1/projects/${project.id}/exports`, { data: { format: "label-studio", include: "unresolved" } });
    expect(started.status(), await started.text()).toBe(202);
    const { id } = (await started.json()) as ExportRun;
    let run: ExportRun | undefined;
    await expect
      .poll(async () => (run = (await (await api.get(`/api/v1/projects/${project.id}/exports/${id}`)).json()) as ExportRun).status, { timeout: 120_000, intervals: [250] })
      .toBe("done");
    const download = await api.get(run!.downloadUrl!);
    expect(download.status()).toBe(200);
    const files = await unzipBytes(await download.body());
    const manifest = JSON.parse(files.get("manifest.json")!.toString()) as { sha256: string; items: number };
    expect(manifest.sha256).toBe(run!.sha256);
    // The media come along: read from the bucket by whichever instance ran the job.
    expect(manifest.items).toBeGreaterThan(0);
    expect([...files.keys()].filter((name) => name.startsWith("media/"))).toHaveLength(manifest.items);
    expect(files.has("label_config.xml")).toBe(true);
  } finally {
    await api.dispose();
  }
});

// The labeling queue at size: next → submit through the data layer on a project of --items items (1,000,000 by
// default), half of them complete, with a labeler who has answered --history of them, and the query plan of the
// pick. Prints p50/p95/max per step for that labeler and for a newcomer.
//   npx tsx bench/queue-scale.ts [--items N] [--history N] [--rounds N]          (SQLite in a temporary directory)
//   BENCH_DATABASE_URL=postgresql://… npx tsx bench/queue-scale.ts …             (an empty PostgreSQL database, kept)
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { items: { type: "string", default: "1000000" }, history: { type: "string", default: "100000" }, rounds: { type: "string", default: "300" } } });
const ITEMS = Number(values.items);
const HISTORY = Number(values.history);
const ROUNDS = Number(values.rounds);

// Before the data layer reads its target: without BENCH_DATABASE_URL, SQLite in a directory of its own.
const workDir = await mkdtemp(path.join(tmpdir(), "concord-bench-queue-"));
process.env.DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "";
process.env.CONCORD_DATA_DIR = workDir;

const { submitAnnotation } = await import("../lib/server/annotations");
const { nextAssignment } = await import("../lib/server/assignments");
const { db, currentTarget } = await import("../lib/server/db/client");
const { databaseTarget, describeTarget } = await import("../lib/server/db/config");
const { applyMigrations } = await import("../lib/server/db/migrations");
const { addMember, createProject } = await import("../lib/server/projects");
const { createUser } = await import("../lib/server/users");
type Caller = import("../lib/server/auth/caller").Caller;

const target = databaseTarget();
await applyMigrations(target);
const postgres = currentTarget().provider === "postgresql";
console.error(`${describeTarget(target)}: seeding ${ITEMS.toLocaleString("en")} items…`);

const admin: Caller = { user: await createUser({ email: "admin@bench.test", password: "password 123", isAdmin: true }), via: "session" };
const { id: projectId } = await createProject(admin, { name: "Scale", mediaKind: "image", overlap: 3, maxOverlap: 3, tasks: [{ key: "defect", type: "classification", classes: ["ok", "scratch"] }] });
const labelers: Caller[] = [];
for (const name of ["veteran", "newcomer", "other"]) {
  const user = await createUser({ email: `${name}@bench.test`, password: "password 123" });
  await addMember(admin, projectId, { email: user.email, role: "labeler" });
  labelers.push({ user, via: "token" });
}
const [veteran, newcomer, other] = labelers as [Caller, Caller, Caller];

// Items n = 0 … ITEMS−1, in creation order: the first half complete (three answers, out of the queue), the next
// thousand started by someone else, the rest fresh. The veteran answered the first HISTORY of the complete ones.
const started = Math.floor(ITEMS / 2);
const seedStart = performance.now();
const series = postgres ? `generate_series(0, ${ITEMS - 1}) AS s(n)` : `(WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < ${ITEMS - 1}) SELECT n FROM s) AS s`;
// PostgreSQL types a SELECT's bare literals as text; these columns want their own types.
const typed = (literal: string, type: string) => (postgres ? `${literal}::${type}` : literal);
const pad = postgres ? `lpad(n::text, 8, '0')` : `printf('%08d', n)`;
const createdAt = postgres ? `TIMESTAMP '2026-01-01' + n * INTERVAL '1 millisecond'` : `strftime('%Y-%m-%dT%H:%M:%f+00:00', '2026-01-01', '+' || (n / 1000.0) || ' seconds')`;
await db().$executeRawUnsafe(`
  INSERT INTO "Item" ("id", "projectId", "mediaPath", "mimeType", "originalName", "sha256", "sizeBytes", "width", "height", "metadata", "createdAt", "submittedCount", "queueRank")
  SELECT 'item' || ${pad}, '${projectId}', 'x/' || n || '.png', 'image/png', n || '.png', 'sha' || n, 1, 10, 10, ${typed("'{}'", "jsonb")}, ${createdAt},
         CASE WHEN n < ${started} THEN 3 WHEN n < ${started + 1000} THEN 1 ELSE 0 END,
         CASE WHEN n < ${started} THEN NULL WHEN n < ${started + 1000} THEN 1 ELSE 2 END
  FROM ${series}`);
for (const [user, from, count] of [[veteran, 0, HISTORY], [other, started, 1000]] as const) {
  await db().$executeRawUnsafe(`
    INSERT INTO "Assignment" ("id", "projectId", "itemId", "userId", "status", "leasedAt", "expiresAt", "completedAt")
    SELECT 'a-${user.user.id}-' || n, '${projectId}', 'item' || ${pad}, '${user.user.id}', ${typed("'submitted'", '"AssignmentStatus"')}, ${createdAt}, ${createdAt}, ${createdAt}
    FROM ${series} WHERE n >= ${from} AND n < ${from + count}`);
}
if (postgres) await db().$executeRawUnsafe(`ANALYZE`);
console.error(`seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

const answer = [{ task: "defect", type: "classification", values: ["ok"] }];
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const summary = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return `p50 ${quantile(sorted, 0.5).toFixed(1)} ms, p95 ${quantile(sorted, 0.95).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`;
};

for (const [name, labeler] of [["veteran (answered " + HISTORY.toLocaleString("en") + ")", veteran], ["newcomer", newcomer]] as const) {
  const next: number[] = [];
  const submit: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let start = performance.now();
    const lease = await nextAssignment(labeler, projectId);
    next.push(performance.now() - start);
    if (!lease) throw new Error(`${name} got no item`);
    start = performance.now();
    await submitAnnotation(labeler, lease.assignment.id, { result: answer, activeMs: 1000 }, null);
    submit.push(performance.now() - start);
  }
  console.log(`${name}: next ${summary(next)}; submit ${summary(submit)} (${ROUNDS} rounds)`);
}

// The pick's plan: the started window first (the statement most calls run).
const explain = postgres ? "EXPLAIN" : "EXPLAIN QUERY PLAN";
const plan = await db().$queryRawUnsafe<Record<string, unknown>[]>(`${explain}
  SELECT i."id" FROM "Item" i
  WHERE i."queueRank" = 1 AND i."id" IN (SELECT w."id" FROM "Item" w WHERE w."projectId" = '${projectId}' AND w."queueRank" = 1 ORDER BY w."createdAt", w."id" LIMIT 64)
    AND NOT EXISTS (SELECT 1 FROM "Assignment" a WHERE a."itemId" = i."id" AND a."userId" = '${veteran.user.id}' AND a."isRevision" = false AND a."status" IN ('active', 'submitted', 'skipped'))
  ORDER BY i."queueRank", i."createdAt", i."id" LIMIT 1`);
console.log("plan of the pick:\n" + plan.map((row) => `  ${String(row["QUERY PLAN"] ?? row.detail)}`).join("\n"));

await db().$disconnect();
await rm(workDir, { recursive: true, force: true });

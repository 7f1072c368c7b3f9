// Models in the loop at scale (issue 22), on the project bench/scale.ts seeds and keeps (SQLite):
//   npx tsx bench/scale.ts --items 1000000 --keep --skip next,submit,project,projects,list,list-meta,list-meta2,list-meta-rare,review-queue,review-queue-label,progress,feedback-veteran,feedback,agreement,dashboard
//   npx tsx bench/evaluation.ts --reuse DIR [--calls 30]
// Adds a model's prediction for every item (bulk SQL: the final label's class, changed on one item in ten, and its
// boxes jittered, with scores) and two tags, then times: a predictions import request (1,000 predictions), the
// evaluation job (by device, and by tag) with its peak memory, GET …/evaluation once computed (the request path: the
// kept report and the staleness reads), the item list of the model's errors, the queue-certainty job and next → submit
// with the queue ordered by the model and pre-annotation on. Tables to stdout, progress to stderr.
import path from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { peakRss } from "./measure";

const { values } = parseArgs({ options: { reuse: { type: "string" }, calls: { type: "string", default: "30" } } });
if (!values.reuse) throw new Error("--reuse DIR: the directory bench/scale.ts --keep printed");
const DIR = values.reuse;
const CALLS = Number(values.calls);
const DATABASE_FILE = path.join(DIR, "concord.db");
process.env.DATABASE_URL = `file:${DATABASE_FILE}`;
process.env.CONCORD_DATA_DIR = DIR;
const log = (message: string) => console.error(`[${(performance.now() / 1000).toFixed(1)} s] ${message}`);

const { db } = await import("../lib/server/db/client");
const { applyMigrations } = await import("../lib/server/db/migrations");
const { databaseTarget } = await import("../lib/server/db/config");
const { findUserByEmail } = await import("../lib/server/users");
const { importPredictions } = await import("../lib/server/models/predictions");
const { computeEvaluations, modelEvaluation } = await import("../lib/server/models/evaluation");
const { updateModelSettings } = await import("../lib/server/models/model-settings");
const { listItems } = await import("../lib/server/items");
const { nextAssignment } = await import("../lib/server/assignments");
const { submitAnnotation } = await import("../lib/server/annotations");
const { backgroundSettled } = await import("../lib/server/background");

await applyMigrations(databaseTarget());
const project = await db().project.findFirstOrThrow({ where: { name: "Scale" }, select: { id: true } });
const admin = { user: (await findUserByEmail("admin@bench.test"))!, via: "session" as const };
const newcomer = { user: (await findUserByEmail("newcomer@bench.test"))!, via: "token" as const };
const items = await db().item.count({ where: { projectId: project.id } });
console.log(`## Models in the loop, ${items.toLocaleString("en")} items (SQLite)\n`);

// ---------------------------------------------------------------------------------------------------------------
// Seeding: a prediction per item from its final label (or, without one, "ok"), in bulk through the driver.

const CLASSES = ["ok", "scratch", "dent", "stain"];
let modelId = (await db().predictionModel.findFirst({ where: { projectId: project.id, name: "bench", version: "1" }, select: { id: true } }))?.id;
if (!modelId) {
  modelId = (await db().predictionModel.create({ data: { projectId: project.id, name: "bench", version: "1" }, select: { id: true } })).id;
  const started = performance.now();
  const sqlite = new Database(DATABASE_FILE);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = OFF");
  // The final label: the latest decision's result once resolved, the latest consensus once accepted.
  const finals = sqlite.prepare(`
    SELECT i.id, i."reviewState" AS state,
      (SELECT d.result FROM "ReviewDecision" d WHERE d."itemId" = i.id ORDER BY d."createdAt" DESC LIMIT 1) AS decision,
      (SELECT c.result FROM "ConsensusResult" c WHERE c."itemId" = i.id ORDER BY c."createdAt" DESC LIMIT 1) AS consensus
    FROM "Item" i WHERE i."projectId" = ? AND i.id > ? ORDER BY i.id LIMIT 5000`);
  const insert = sqlite.prepare(`INSERT INTO "Prediction" (id, "modelId", "itemId", "projectId", result, score, "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const tagItem = sqlite.prepare(`INSERT INTO "ItemTag" ("itemId", "tagId", source, "createdAt") VALUES (?, ?, 'manual', ?)`);
  const now = Date.now();
  const tagIds = ["glare", "blurry"].map((name) => {
    const id = `bench-tag-${name}`;
    sqlite.prepare(`INSERT INTO "Tag" (id, "projectId", name, description, "itemCount", "createdAt", "updatedAt") VALUES (?, ?, ?, '', 0, ?, ?)`).run(id, project.id, name, now, now);
    return id;
  });
  const tagged = [0, 0];
  let count = 0;
  for (let last = ""; ; ) {
    const rows = finals.all(project.id, last) as { id: string; state: string; decision: string | null; consensus: string | null }[];
    if (!rows.length) break;
    last = rows.at(-1)!.id;
    sqlite.transaction(() => {
      for (const row of rows) {
        const n = count++;
        const final = JSON.parse((row.state === "resolved" ? row.decision : row.state === "accepted" ? row.consensus : null) ?? "[]") as { task: string; type: string; values?: string[]; label?: string; x?: number; y?: number; width?: number; height?: number }[];
        const truth = final.find((entry) => entry.task === "defect")?.values?.[0] ?? "ok";
        const wrong = n % 10 === 3;
        const value = wrong ? CLASSES[(CLASSES.indexOf(truth) + 1) % CLASSES.length]! : truth;
        const boxes = final.filter((entry) => entry.type === "bbox").map((box, index) => ({ ...box, x: box.x! + (index % 3), score: 0.5 + ((n * 7 + index) % 50) / 100 }));
        const result = [{ task: "defect", type: "classification", values: [value], score: wrong ? 0.55 : 0.9 }, ...boxes];
        insert.run(`bench-p-${row.id}`, modelId, row.id, project.id, JSON.stringify(result), wrong ? 0.55 : 0.9 - (n % 40) / 100, now, now);
        // One item in twenty has glare, one in fifty is blurry.
        if (n % 20 === 0) (tagItem.run(row.id, tagIds[0], now), tagged[0]!++);
        if (n % 50 === 1) (tagItem.run(row.id, tagIds[1], now), tagged[1]!++);
      }
    })();
  }
  tagIds.forEach((id, index) => sqlite.prepare(`UPDATE "Tag" SET "itemCount" = ? WHERE id = ?`).run(tagged[index], id));
  sqlite.prepare(`UPDATE "PredictionModel" SET "predictionCount" = ? WHERE id = ?`).run(count, modelId);
  sqlite.exec("ANALYZE");
  sqlite.close();
  log(`seeded ${count.toLocaleString("en")} predictions and ${tagged[0]! + tagged[1]!} tags in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
const model = { id: modelId, name: "bench", version: "1" };

// ---------------------------------------------------------------------------------------------------------------
// Timing helpers.

const ms = (value: number) => value.toFixed(1);
async function timed(name: string, call: () => Promise<unknown>, calls = CALLS): Promise<void> {
  await call(); // the first call warms the statements' caches
  const times: number[] = [];
  for (let index = 0; index < calls; index++) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (share: number) => times[Math.min(times.length - 1, Math.floor(share * times.length))]!;
  console.log(`| ${name} | ${calls} | ${ms(at(0.5))} | ${ms(at(0.95))} | ${ms(times.at(-1)!)} |`);
}

// ---------------------------------------------------------------------------------------------------------------
// The evaluation job, then the request path once it is computed.

console.log(`| job | items evaluated | seconds | items/s | peak RSS (MB) |\n| --- | --- | --- | --- | --- |`);
for (const by of ["meta.device", "tags"]) {
  const row = await db().modelEvaluation.upsert({
    where: { modelId_task_by: { modelId: model.id, task: "defect", by } },
    create: { modelId: model.id, task: "defect", by },
    update: { status: "queued" },
  });
  log(`evaluating by ${by}…`);
  const { result: report, seconds, peakMb } = await peakRss(async () => (await computeEvaluations([row.id]))[0]!);
  console.log(`| evaluation by ${by} | ${report.overall.items.toLocaleString("en")} | ${seconds.toFixed(1)} | ${Math.round(report.overall.items / seconds).toLocaleString("en")} | ${peakMb} |`);
  log(`accuracy ${report.overall.accuracy}, hlp ${report.overall.hlp}, ${report.slices.length} slices`);
}

console.log(`\n| request | calls | p50 (ms) | p95 (ms) | max (ms) |\n| --- | --- | --- | --- | --- |`);
await timed("GET …/evaluation (kept, by device)", async () => {
  const answer = await modelEvaluation(admin, project.id, { model: "bench", version: "1", by: "meta.device" });
  if (answer.status !== "done") throw new Error(`expected the kept evaluation, got ${answer.status}`);
});
await timed("GET …/evaluation (kept, by tags)", () => modelEvaluation(admin, project.id, { model: "bench", version: "1", by: "tags" }));
await timed("item list: the model's errors, first page", () => listItems(admin, project.id, new URLSearchParams({ model: model.id, task: "defect", outcome: "error" })));
await timed("item list: errors tagged glare, first page", () => listItems(admin, project.id, new URLSearchParams({ model: model.id, task: "defect", outcome: "error", tag: "glare" })));
const firstItems = await db().item.findMany({ where: { projectId: project.id }, orderBy: { id: "asc" }, take: 1000, select: { id: true } });
await timed(
  "POST …/predictions (1,000 predictions)",
  () => importPredictions(admin, project.id, { model: { name: "bench-import", version: "1" }, predictions: firstItems.map((item) => ({ item: item.id, result: [{ task: "defect", type: "classification", values: ["ok"], score: 0.7 }] })) }),
  5,
);

// ---------------------------------------------------------------------------------------------------------------
// Queue order by the model and pre-annotation: the certainty job over every item, then next → submit.

log("ordering the queue by the model…");
const ordering = await peakRss(async () => {
  await updateModelSettings(admin, project.id, { queueOrder: { model: { name: "bench", version: "1" } }, preannotation: { model: { name: "bench", version: "1" }, holdOutPercent: 20 } });
  await backgroundSettled();
});
console.log(`\nQueue certainty of ${items.toLocaleString("en")} items set by its job in ${ordering.seconds.toFixed(1)} s (peak RSS ${ordering.peakMb} MB).\n`);
console.log(`| request | calls | p50 (ms) | p95 (ms) | max (ms) |\n| --- | --- | --- | --- | --- |`);
const nextTimes: number[] = [];
const submitTimes: number[] = [];
for (let round = 0; round < CALLS; round++) {
  let started = performance.now();
  const lease = await nextAssignment(newcomer, project.id);
  nextTimes.push(performance.now() - started);
  if (!lease) throw new Error("the newcomer got no item");
  started = performance.now();
  await submitAnnotation(newcomer, lease.assignment.id, { result: lease.prefill?.result ?? [{ task: "defect", type: "classification", values: ["ok"] }], activeMs: 1000 }, null);
  submitTimes.push(performance.now() - started);
}
for (const [name, times] of [["next (queue by model, pre-annotation on)", nextTimes], ["submit (pre-annotated)", submitTimes]] as const) {
  times.sort((a, b) => a - b);
  console.log(`| ${name} | ${times.length} | ${ms(times[Math.floor(times.length / 2)]!)} | ${ms(times[Math.floor(times.length * 0.95)]!)} | ${ms(times.at(-1)!)} |`);
}
await db().$disconnect();

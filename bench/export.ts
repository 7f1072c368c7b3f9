// Export at scale: 200,000 items × 5 labelers = 1,000,000 annotations, exported as JSONL and CSV, with
// time and peak memory (of the export's own process, and of the app's that started it). Targets: over 50,000
// annotations per second, peak resident memory under 300 MB.
// Run: npx tsx bench/export.ts            (SQLite in a temporary directory)
//      BENCH_DATABASE_URL=postgresql://… npx tsx bench/export.ts   (an empty PostgreSQL database)
// BENCH_ITEMS changes the number of items, BENCH_RUNS the runs per format (default 3).
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import Database from "better-sqlite3";
import pg from "pg";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Caller } from "../lib/server/auth/caller";
import { db } from "../lib/server/db/client";
import { databaseTarget } from "../lib/server/db/config";
import { applyMigrations } from "../lib/server/db/migrations";
import { exportProject } from "../lib/server/export";
import { createProject } from "../lib/server/projects";
import { createUser } from "../lib/server/users";
import { MB, peakRss } from "./measure";

const ITEMS = Number(process.env.BENCH_ITEMS ?? 200_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const LABELERS = 5;
const BATCH = 5_000;
const CLASSES = ["ok", "scratch", "dent", "crack"];


const CREATED_AT = new Date(Date.UTC(2026, 0, 1));
const itemId = (index: number) => `item${String(index).padStart(7, "0")}`;
const labelOf = (index: number, labeler: number) => CLASSES[(index + (labeler === LABELERS - 1 ? 1 : 0)) % CLASSES.length]!;
const answer = (label: string) => JSON.stringify([{ task: "defect", type: "classification", values: [label] }]);
const metadataOf = (index: number) => ({ line: `L${index % 7}`, note: index % 11 === 0 ? "=SUM(A1)" : "fine" });

/** SQLite: rows written straight through better-sqlite3 in one transaction (Prisma's createMany goes row by row here). */
function seedSqlite(file: string, projectId: string, labelerIds: string[]): void {
  const database = new Database(file);
  const created = CREATED_AT.toISOString().replace("Z", "+00:00");
  const insertItem = database.prepare(
    `INSERT INTO "Item" (id, projectId, mediaPath, mimeType, originalName, sha256, sizeBytes, width, height, metadata, submittedCount, reviewState, reviewScore, extraLabelers, leaseVersion, createdAt) VALUES (?, ?, ?, 'image/png', ?, ?, 1000, 640, 480, ?, ?, 'accepted', 0.8, 0, 0, ?)`,
  );
  const insertAnnotation = database.prepare(
    `INSERT INTO "Annotation" (id, projectId, itemId, labelerId, revision, isDraft, result, startedAt, submittedAt, activeMs, guidelinesUnclear, createdAt) VALUES (?, ?, ?, ?, 1, 0, ?, ?, ?, ?, 0, ?)`,
  );
  const insertConsensus = database.prepare(`INSERT INTO "ConsensusResult" (id, projectId, itemId, method, result, confidence, flagged, createdAt) VALUES (?, ?, ?, 'majority-vote', ?, 0.8, 0, ?)`);
  database.transaction(() => {
    for (let index = 0; index < ITEMS; index++) {
      const id = itemId(index);
      insertItem.run(id, projectId, `bench/${id}.png`, `${id}.png`, id, JSON.stringify(metadataOf(index)), LABELERS, created);
      labelerIds.forEach((labelerId, labeler) => insertAnnotation.run(`${id}-a${labeler}`, projectId, id, labelerId, answer(labelOf(index, labeler)), created, created, 4000 + labeler, created));
      insertConsensus.run(`${id}-c`, projectId, id, answer(labelOf(index, 0)), created);
    }
  })();
  database.close();
}

/** PostgreSQL: one INSERT … SELECT FROM unnest(…) per table and batch (Prisma's createMany took 12 minutes). */
async function seedPostgres(url: string, projectId: string, labelerIds: string[]): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    for (let start = 0; start < ITEMS; start += BATCH) {
      const indexes = Array.from({ length: Math.min(BATCH, ITEMS - start) }, (_, offset) => start + offset);
      const ids = indexes.map(itemId);
      await pool.query(
        `INSERT INTO "Item" (id, "projectId", "mediaPath", "mimeType", "originalName", sha256, "sizeBytes", width, height, metadata, "submittedCount", "reviewState", "reviewScore", "extraLabelers", "leaseVersion", "createdAt")
         SELECT id, $2, 'bench/' || id || '.png', 'image/png', id || '.png', id, 1000, 640, 480, metadata::jsonb, $4, 'accepted', 0.8, 0, 0, $3 FROM unnest($1::text[], $5::text[]) AS row(id, metadata)`,
        [ids, projectId, CREATED_AT, LABELERS, indexes.map((index) => JSON.stringify(metadataOf(index)))],
      );
      const annotations = indexes.flatMap((index) => labelerIds.map((labelerId, labeler) => ({ id: `${itemId(index)}-a${labeler}`, itemId: itemId(index), labelerId, result: answer(labelOf(index, labeler)), activeMs: 4000 + labeler })));
      await pool.query(
        `INSERT INTO "Annotation" (id, "projectId", "itemId", "labelerId", revision, "isDraft", result, "startedAt", "submittedAt", "activeMs", "guidelinesUnclear", "createdAt")
         SELECT id, $2, "itemId", "labelerId", 1, false, result::jsonb, $3, $3, "activeMs", false, $3 FROM unnest($1::text[], $4::text[], $5::text[], $6::text[], $7::int[]) AS row(id, "itemId", "labelerId", result, "activeMs")`,
        [annotations.map((row) => row.id), projectId, CREATED_AT, annotations.map((row) => row.itemId), annotations.map((row) => row.labelerId), annotations.map((row) => row.result), annotations.map((row) => row.activeMs)],
      );
      await pool.query(
        `INSERT INTO "ConsensusResult" (id, "projectId", "itemId", method, result, confidence, flagged, "createdAt")
         SELECT id || '-c', $2, id, 'majority-vote', result::jsonb, 0.8, false, $3 FROM unnest($1::text[], $4::text[]) AS row(id, result)`,
        [ids, projectId, CREATED_AT, indexes.map((index) => answer(labelOf(index, 0)))],
      );
    }
    // As autovacuum would soon after a bulk load: otherwise the first export sets the new rows' hint bits, writing
    // every page it reads (one such run took 41 s against 26-27 s for the next two).
    await pool.query(`VACUUM ANALYZE "Item", "Annotation", "ConsensusResult"`);
  } finally {
    await pool.end();
  }
}

/**
 * One export started from this process, as a server or `concord export` would: prints its time and the peak
 * memory of the export's own process and of this one (the app's) as JSON.
 */
async function measureExport(format: "jsonl" | "csv", projectId: string, email: string): Promise<void> {
  const user = await db().user.findUniqueOrThrow({ where: { email } });
  const before = Math.round(process.memoryUsage().rss / MB);
  const run = await peakRss(async () => {
    const { stream } = await exportProject({ user, via: "session" }, projectId, { format, split: "80,10,10", seed: "1" });
    let bytes = 0;
    for await (const chunk of stream) bytes += chunk.byteLength;
    return bytes;
  });
  await db().$disconnect();
  console.log(JSON.stringify({ seconds: run.seconds, exportMb: run.childrenPeakMb, appMb: run.peakMb, totalMb: run.totalPeakMb, before, zipMb: Math.round(run.result / MB) }));
}

/** Runs `measureExport` in a fresh process, so that seeding leaves nothing in the memory measured. */
function exportInChild(format: "jsonl" | "csv", projectId: string, env: NodeJS.ProcessEnv): { seconds: number; exportMb: number; appMb: number; totalMb: number; before: number; zipMb: number } {
  const output = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--measure", format, projectId, "admin@bench.test"], { env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  return JSON.parse(output.trim().split("\n").at(-1)!) as ReturnType<typeof exportInChild>;
}

const [, , flag, measuredFormat, measuredProject, measuredEmail] = process.argv;
if (flag === "--measure") {
  await measureExport(measuredFormat as "jsonl" | "csv", measuredProject!, measuredEmail!);
} else {
  const workDir = await mkdtemp(path.join(tmpdir(), "concord-bench-export-"));
  process.env.CONCORD_DATA_DIR = workDir;
  process.env.DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "";
  try {
    const target = databaseTarget();
    await applyMigrations(target);
    const admin: Caller = { user: await createUser({ email: "admin@bench.test", password: "password 123", isAdmin: true }), via: "session" };
    const labelers: { id: string }[] = [];
    for (let index = 0; index < LABELERS; index++) labelers.push(await createUser({ email: `l${index}@bench.test`, name: `Labeler ${index}`, password: "password 123" }));
    const project = await createProject(admin, { name: "Bench export", mediaKind: "image", overlap: LABELERS, tasks: [{ key: "defect", type: "classification", classes: CLASSES }] });

    const seeding = performance.now();
    const labelerIds = labelers.map((labeler) => labeler.id);
    if (target.provider === "sqlite") seedSqlite(target.file, project.id, labelerIds);
    else await seedPostgres(target.url, project.id, labelerIds);
    console.log(`${target.provider}: seeded ${ITEMS.toLocaleString("en")} items and ${(ITEMS * LABELERS).toLocaleString("en")} annotations in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
    await db().$disconnect();

    // Times on a shared machine vary by a quarter: the median of RUNS fresh processes, and every run's figures.
    for (const format of ["jsonl", "csv"] as const) {
      const runs = Array.from({ length: RUNS }, () => exportInChild(format, project.id, process.env));
      const seconds = runs.map((run) => run.seconds).sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
      console.log(
        `${target.provider} ${format}: ${(ITEMS * LABELERS).toLocaleString("en")} annotations in ${seconds.toFixed(1)} s (median of ${RUNS}; ` +
          `${Math.round((ITEMS * LABELERS) / seconds).toLocaleString("en")} annotations/s), zip ${runs[0]!.zipMb} MB, ` +
          `peak RSS of the export's process ${Math.max(...runs.map((run) => run.exportMb))} MB at most, of the app's ${Math.max(...runs.map((run) => run.appMb))} MB ` +
          `(${runs[0]!.before} MB before the export), both at once ${Math.max(...runs.map((run) => run.totalMb))} MB; ` +
          `runs: ${runs.map((run) => `${run.seconds.toFixed(1)} s / ${run.exportMb} + ${run.appMb} MB`).join(", ")}`,
      );
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

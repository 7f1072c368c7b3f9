// Export at scale: 200,000 items × 5 labelers = 1,000,000 annotations (with their leases, and some earlier revisions,
// skips, decisions and revision requests: see `seedRows`), exported as JSONL and CSV, with time and peak memory (of
// the export's own process, and of the app's that started it). Targets: over 50,000 annotations per second, peak
// resident memory under 300 MB.
// Run: npx tsx bench/export.ts            (SQLite in a temporary directory)
//      BENCH_DATABASE_URL=postgresql://… npx tsx bench/export.ts   (an empty PostgreSQL database)
// BENCH_ITEMS changes the number of items, BENCH_RUNS the runs per format (default 3), BENCH_FORMATS the formats
// (default jsonl,csv; a format that brings the media, such as coco, zips one small PNG per item, every item's media path
// naming the same stored file). BENCH_KEEP=1 keeps the SQLite
// database (PostgreSQL's stays anyway) and prints how to measure one more export of it, with this code or another's.
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
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
import { absoluteMediaPath } from "../lib/server/media/store";
import { createProject } from "../lib/server/projects";
import { createUser } from "../lib/server/users";
import { MB, peakRss } from "./measure";

const ITEMS = Number(process.env.BENCH_ITEMS ?? 200_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const LABELERS = 5;
const BATCH = 5_000;
const CLASSES = ["ok", "scratch", "dent", "crack"];
const FORMATS = (process.env.BENCH_FORMATS ?? "jsonl,csv").split(",");
// Every item's media: one stored file (the smallest valid PNG, 1×1), which formats that bring the media zip per item.
const MEDIA_PATH = "bench/pixel.png";
const PIXEL_PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==", "base64");


const CREATED_AT = new Date(Date.UTC(2026, 0, 1));
const itemId = (index: number) => `item${String(index).padStart(7, "0")}`;
const labelOf = (index: number, labeler: number) => CLASSES[(index + (labeler === LABELERS - 1 ? 1 : 0)) % CLASSES.length]!;
const answer = (label: string) => JSON.stringify([{ task: "defect", type: "classification", values: [label] }]);
const metadataOf = (index: number) => ({ line: `L${index % 7}`, note: index % 11 === 0 ? "=SUM(A1)" : "fine" });

// What a project holds besides the answers, for JSONL's history to read as it would in use: a lease per answer, a
// skip on one item in ten, an earlier revision of one answer on one in twenty (marked "guidelines unclear", with a
// note), a reviewer's decision on one in fifty, and a revision request on one in a hundred (of those decided).
const skipped = (index: number) => index % 10 === 3;
const revised = (index: number) => index % 20 === 7;
const decided = (index: number) => index % 50 === 11;
const requested = (index: number) => index % 100 === 11;

/** A column of a seeded table: its name, and its PostgreSQL type (values go in as arrays of text, int or boolean). */
type Column = [name: string, type: "text" | "int" | "float" | "boolean" | "jsonb" | "timestamp(3)" | '"ReviewState"' | '"AssignmentStatus"'];
type Value = string | number | boolean | Date | null;
interface Table {
  name: string;
  columns: Column[];
  rows: Value[][];
}

/** The rows of a batch of items, table by table, in the order their foreign keys need. */
function seedRows(indexes: number[], projectId: string, labelerIds: string[], { adminId, skipperId }: { adminId: string; skipperId: string }): Table[] {
  const table = (name: string, columns: Column[]): Table => ({ name, columns, rows: [] });
  const item = table("Item", [
    ["id", "text"], ["projectId", "text"], ["mediaPath", "text"], ["mimeType", "text"], ["originalName", "text"], ["sha256", "text"], ["sizeBytes", "int"], ["width", "int"], ["height", "int"],
    ["metadata", "jsonb"], ["submittedCount", "int"], ["reviewState", '"ReviewState"'], ["reviewScore", "float"], ["createdAt", "timestamp(3)"],
  ]);
  const assignment = table("Assignment", [
    ["id", "text"], ["projectId", "text"], ["itemId", "text"], ["userId", "text"], ["status", '"AssignmentStatus"'], ["leasedAt", "timestamp(3)"], ["expiresAt", "timestamp(3)"], ["completedAt", "timestamp(3)"], ["skipReason", "text"],
  ]);
  const annotation = table("Annotation", [
    ["id", "text"], ["projectId", "text"], ["itemId", "text"], ["labelerId", "text"], ["assignmentId", "text"], ["revision", "int"], ["isDraft", "boolean"], ["result", "jsonb"],
    ["startedAt", "timestamp(3)"], ["submittedAt", "timestamp(3)"], ["activeMs", "int"], ["guidelinesUnclear", "boolean"], ["note", "text"], ["createdAt", "timestamp(3)"],
  ]);
  const consensus = table("ConsensusResult", [["id", "text"], ["projectId", "text"], ["itemId", "text"], ["method", "text"], ["result", "jsonb"], ["confidence", "float"], ["flagged", "boolean"], ["createdAt", "timestamp(3)"]]);
  const decision = table("ReviewDecision", [["id", "text"], ["projectId", "text"], ["itemId", "text"], ["reviewerId", "text"], ["action", "text"], ["result", "jsonb"], ["reason", "text"], ["category", "text"], ["createdAt", "timestamp(3)"]]);
  const request = table("RevisionRequest", [
    ["id", "text"], ["projectId", "text"], ["itemId", "text"], ["labelerId", "text"], ["decisionId", "text"], ["reason", "text"], ["status", "text"], ["createdAt", "timestamp(3)"], ["closedAt", "timestamp(3)"],
  ]);
  const at = CREATED_AT;
  for (const index of indexes) {
    const id = itemId(index);
    item.rows.push([id, projectId, MEDIA_PATH, "image/png", `${id}.png`, id, 1000, 640, 480, JSON.stringify(metadataOf(index)), LABELERS, decided(index) ? "resolved" : "accepted", 0.8, at]);
    if (skipped(index)) assignment.rows.push([`${id}-skip`, projectId, id, skipperId, "skipped", at, at, at, "too dark to tell"]);
    labelerIds.forEach((labelerId, labeler) => {
      const lease = `${id}-s${labeler}`;
      assignment.rows.push([lease, projectId, id, labelerId, "submitted", at, at, at, null]);
      const earlier = revised(index) && labeler === 0;
      if (earlier) annotation.rows.push([`${id}-a${labeler}r1`, projectId, id, labelerId, lease, 1, false, answer(labelOf(index + 1, labeler)), at, at, 3000, true, "is a hairline a scratch?", at]);
      annotation.rows.push([`${id}-a${labeler}`, projectId, id, labelerId, lease, earlier ? 2 : 1, false, answer(labelOf(index, labeler)), at, at, 4000 + labeler, false, null, at]);
    });
    consensus.rows.push([`${id}-c`, projectId, id, "majority-vote", answer(labelOf(index, 0)), 0.8, false, at]);
    if (decided(index)) decision.rows.push([`${id}-d`, projectId, id, adminId, "edit", answer(labelOf(index, 0)), "a hairline is a scratch", "guideline-gap", at]);
    if (requested(index)) request.rows.push([`${id}-rr`, projectId, id, labelerIds[1]!, `${id}-d`, "look at the top edge", "done", at, at]);
  }
  return [item, assignment, annotation, consensus, decision, request];
}

/** SQLite: rows written straight through better-sqlite3 in one transaction (Prisma's createMany goes row by row here). */
function seedSqlite(file: string, projectId: string, labelerIds: string[], people: { adminId: string; skipperId: string }): void {
  const database = new Database(file);
  // As Prisma stores them: booleans as 0 or 1, times as ISO 8601 with +00:00.
  const cell = (value: Value) => (typeof value === "boolean" ? Number(value) : value instanceof Date ? value.toISOString().replace("Z", "+00:00") : value);
  const inserts = new Map<string, Database.Statement>();
  database.transaction(() => {
    for (let start = 0; start < ITEMS; start += BATCH) {
      const indexes = Array.from({ length: Math.min(BATCH, ITEMS - start) }, (_, offset) => start + offset);
      for (const { name, columns, rows } of seedRows(indexes, projectId, labelerIds, people)) {
        let insert = inserts.get(name);
        if (!insert) inserts.set(name, (insert = database.prepare(`INSERT INTO "${name}" (${columns.map(([column]) => `"${column}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`)));
        for (const row of rows) insert.run(...row.map(cell));
      }
    }
  })();
  database.close();
}

/** PostgreSQL: one INSERT … SELECT FROM unnest(…) per table and batch (Prisma's createMany took 12 minutes). */
async function seedPostgres(url: string, projectId: string, labelerIds: string[], people: { adminId: string; skipperId: string }): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  // Arrays of text, int or boolean, cast to each column's type as they are selected.
  const arrayType = (type: Column[1]) => (type === "int" || type === "boolean" ? type : type === "float" ? "float8" : "text");
  const cell = (value: Value) => (value instanceof Date ? value.toISOString().replace("T", " ").replace("Z", "") : value);
  try {
    for (let start = 0; start < ITEMS; start += BATCH) {
      const indexes = Array.from({ length: Math.min(BATCH, ITEMS - start) }, (_, offset) => start + offset);
      for (const { name, columns, rows } of seedRows(indexes, projectId, labelerIds, people)) {
        if (!rows.length) continue;
        await pool.query(
          `INSERT INTO "${name}" (${columns.map(([column]) => `"${column}"`).join(", ")})
           SELECT ${columns.map(([column, type]) => `"${column}"::${type}`).join(", ")} FROM unnest(${columns.map(([, type], index) => `$${index + 1}::${arrayType(type)}[]`).join(", ")}) AS row(${columns.map(([column]) => `"${column}"`).join(", ")})`,
          columns.map((_, column) => rows.map((row) => cell(row[column] ?? null))),
        );
      }
    }
    // As autovacuum would soon after a bulk load: otherwise the first export sets the new rows' hint bits, writing
    // every page it reads (one such run took 41 s against 26-27 s for the next two).
    await pool.query(`VACUUM ANALYZE "Item", "Assignment", "Annotation", "ConsensusResult", "ReviewDecision", "RevisionRequest"`);
  } finally {
    await pool.end();
  }
}

/**
 * One export started from this process, as a server or `concord export` would: prints its time and the peak
 * memory of the export's own process and of this one (the app's) as JSON.
 */
async function measureExport(format: string, projectId: string, email: string): Promise<void> {
  const user = await db().user.findUniqueOrThrow({ where: { email } });
  const before = Math.round(process.memoryUsage().rss / MB);
  const run = await peakRss(async () => {
    const { stream } = await exportProject({ user, via: "session" }, projectId, { format, split: "80,10,10", seed: "1" });
    let bytes = 0;
    for await (const chunk of stream) bytes += chunk.byteLength;
    return bytes;
  });
  await db().$disconnect();
  console.log(
    JSON.stringify({ seconds: run.seconds, exportCpu: run.childrenCpuSeconds, appCpu: run.cpuSeconds, exportMb: run.childrenPeakMb, appMb: run.peakMb, totalMb: run.totalPeakMb, before, zipMb: Math.round(run.result / MB) }),
  );
}

/** Runs `measureExport` in a fresh process, so that seeding leaves nothing in the memory measured. */
function exportInChild(format: string, projectId: string, env: NodeJS.ProcessEnv): { seconds: number; exportCpu: number; appCpu: number; exportMb: number; appMb: number; totalMb: number; before: number; zipMb: number } {
  const output = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--measure", format, projectId, "admin@bench.test"], { env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  return JSON.parse(output.trim().split("\n").at(-1)!) as ReturnType<typeof exportInChild>;
}

const [, , flag, measuredFormat, measuredProject, measuredEmail] = process.argv;
if (flag === "--measure") {
  await measureExport(measuredFormat!, measuredProject!, measuredEmail!);
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
    const skipper = await createUser({ email: "skipper@bench.test", name: "Skipper", password: "password 123" });
    const people = { adminId: admin.user.id, skipperId: skipper.id };
    const project = await createProject(admin, { name: "Bench export", mediaKind: "image", overlap: LABELERS, tasks: [{ key: "defect", type: "classification", classes: CLASSES }] });

    const seeding = performance.now();
    const labelerIds = labelers.map((labeler) => labeler.id);
    if (target.provider === "sqlite") seedSqlite(target.file, project.id, labelerIds, people);
    else await seedPostgres(target.url, project.id, labelerIds, people);
    console.log(`${target.provider}: seeded ${ITEMS.toLocaleString("en")} items and ${(ITEMS * LABELERS).toLocaleString("en")} annotations in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
    await db().$disconnect();

    // Times on a shared machine vary by a quarter: the median of RUNS fresh processes, and every run's figures.
    const pixel = absoluteMediaPath(MEDIA_PATH);
    await mkdir(path.dirname(pixel), { recursive: true });
    await writeFile(pixel, PIXEL_PNG);
    for (const format of FORMATS) {
      const runs = Array.from({ length: RUNS }, () => exportInChild(format, project.id, process.env));
      const seconds = runs.map((run) => run.seconds).sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
      console.log(
        `${target.provider} ${format}: ${(ITEMS * LABELERS).toLocaleString("en")} annotations in ${seconds.toFixed(1)} s (median of ${RUNS}; ` +
          `${Math.round((ITEMS * LABELERS) / seconds).toLocaleString("en")} annotations/s), zip ${runs[0]!.zipMb} MB, ` +
          `peak RSS of the export's process ${Math.max(...runs.map((run) => run.exportMb))} MB at most, of the app's ${Math.max(...runs.map((run) => run.appMb))} MB ` +
          `(${runs[0]!.before} MB before the export), both at once ${Math.max(...runs.map((run) => run.totalMb))} MB; ` +
          `runs: ${runs.map((run) => `${run.seconds.toFixed(1)} s (processor: export's ${run.exportCpu.toFixed(1)} s, app's ${run.appCpu.toFixed(1)} s) / ${run.exportMb} + ${run.appMb} MB`).join(", ")}`,
      );
    }
    if (process.env.BENCH_KEEP) {
      const database = target.provider === "sqlite" ? `DATABASE_URL=file:${target.file}` : `DATABASE_URL=${target.url}`;
      console.log(`kept: ${database} CONCORD_DATA_DIR=${workDir} npx tsx bench/export.ts --measure FORMAT ${project.id} admin@bench.test`);
    }
  } finally {
    if (!process.env.BENCH_KEEP) await rm(workDir, { recursive: true, force: true });
  }
}

// A project from 10,000 to 1,000,000 items, through the data layer (no HTTP): issue 18's scale figures.
// Seeds, in bulk SQL, a project of --items image items (defect class + a box per defect, device/line metadata), three
// labelers out of 200 on each complete item (accepted, flagged, resolved or excluded as judging and reviewers would
// leave them, with their consensus, decisions, leases and the statistics ledger), a few hundred items started and a
// few thousand fresh. Then times every endpoint's data-layer function and prints p50/p95/max, the queries of one call,
// the event-loop delay while the dashboard loads, and the plans of the main queries of next, the item list, the
// review queue and progress. On 10,000 items (or with --verify) it first checks that recounting the ledger changes
// nothing, and times the recount.
//   npx tsx bench/scale.ts [--items 10000] [--rounds 100] [--calls 30] [--budget 60] [--skip dashboard,agreement]
//                          [--verify] [--queries] [--keep] [--reuse DIR]
//   BENCH_DATABASE_URL=postgresql://… npx tsx bench/scale.ts …    (an empty PostgreSQL database, kept)
// --rounds: next → submit rounds for each of two labelers (the first is logged, not timed); --calls: calls of each read,
// within --budget seconds (a first call longer than that is the only one). --skip takes: next, submit (both skip the
// rounds), project, projects, list, list-meta, list-meta2, list-meta-rare, review-queue, review-queue-label, progress,
// progress-today, feedback-veteran, feedback, agreement, dashboard. --queries prints every query of each logged call
// with its time.
// --keep keeps the SQLite database (PostgreSQL's is kept anyway) and says where it is; --reuse DIR measures that kept
// project again (the same --items; its labeling rounds take items further down the queue). Tables go to stdout,
// progress to stderr.
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { itemAgreement } from "../lib/quality/item-agreement";
import { itemStatistics, statisticKey, type ItemFacts } from "../lib/quality/item-statistics";
import { facetValuesOf, mergeFacets } from "../lib/quality/metadata-facets";
import { evaluateItem, flagRulesSchema, shouldEscalate, type ClassModel } from "../lib/review/flags";
import { finalLabel } from "../lib/review/final-label";
import { NO_STANDARDIZATION } from "../lib/review/standardize";
import type { ResultEntry } from "../lib/validation/annotation";
import type { Task } from "../lib/validation/project";

const { values } = parseArgs({
  options: {
    items: { type: "string", default: "10000" },
    rounds: { type: "string", default: "100" },
    calls: { type: "string", default: "30" },
    budget: { type: "string", default: "60" },
    skip: { type: "string", default: "" },
    verify: { type: "boolean", default: false },
    queries: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    reuse: { type: "string" },
  },
});
const ITEMS = Number(values.items);
const ROUNDS = Number(values.rounds);
const CALLS = Number(values.calls);
const BUDGET_MS = Number(values.budget) * 1000;
const SKIP = new Set(values.skip.split(",").filter(Boolean));
const VERIFY = values.verify || ITEMS <= 10_000;
const CORES = availableParallelism();
const log = (message: string) => console.error(`[${(performance.now() / 1000).toFixed(1)} s] ${message}`);

// A kept run's directory (--reuse DIR, with the same --items; PostgreSQL: its BENCH_DATABASE_URL too): measured again.
const REUSE = values.reuse;
// Before the data layer reads its target: without BENCH_DATABASE_URL, SQLite in a directory of its own.
const workDir = REUSE ?? (await mkdtemp(path.join(tmpdir(), "concord-bench-scale-")));
process.env.DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "";
process.env.CONCORD_DATA_DIR = workDir;

const { submitAnnotation } = await import("../lib/server/annotations");
const { nextAssignment } = await import("../lib/server/assignments");
const { projectAgreement } = await import("../lib/server/agreement");
const { projectDashboard } = await import("../lib/server/dashboard");
const { agreesWithFinal, labelerFeedback } = await import("../lib/server/feedback");
const { listItems } = await import("../lib/server/items");
const { reviewScore } = await import("../lib/server/judging");
const { addModelRatings, fitLabelerModels, latestLabelerModels } = await import("../lib/server/labeler-models");
const { addMember, createProject, listProjectsFor, projectForPage, projectProgress } = await import("../lib/server/projects");
const { reviewQueue } = await import("../lib/server/review");
const { recountProjectStatistics } = await import("../lib/server/statistics");
const { createUser, findUserByEmail } = await import("../lib/server/users");
const { db, currentTarget, setDb } = await import("../lib/server/db/client");
const { adapterFactory } = await import("../lib/server/db/adapter");
const { databaseTarget, describeTarget } = await import("../lib/server/db/config");
const { analyzeSqliteFile, applyMigrations } = await import("../lib/server/db/migrations");
const { CONCORD_VERSION } = await import("../lib/version");
const { PrismaClient: SqliteClient } = await import("../lib/generated/prisma-sqlite/client");
const { PrismaClient: PostgresClient } = await import("../lib/generated/prisma-postgresql/client");
type Caller = import("../lib/server/auth/caller").Caller;
type Db = import("../lib/server/db/client").Db;
type LatestAnnotation = import("../lib/server/latest-annotations").LatestAnnotation;

// ---------------------------------------------------------------------------------------------------------------
// The project and its generated data: a pure function of the item's number, so that any item can be made again.

const TASKS: Task[] = [
  { key: "defect", type: "classification", classes: [{ name: "ok" }, { name: "scratch" }, { name: "dent" }, { name: "stain" }], uncertainClass: "unsure", required: true, multiple: false },
  { key: "where", type: "bbox", classes: [{ name: "scratch" }, { name: "dent" }, { name: "stain" }], required: false },
];
const CLASSES = ["ok", "scratch", "dent", "stain"] as const;
const CLASS_SHARES = [0.6, 0.2, 0.12, 0.08];
const DEVICES = ["cam-a", "cam-b", "cam-c", "cam-d", "cam-e"];
const LINES = Array.from({ length: 10 }, (_, index) => `line-${String(index + 1).padStart(2, "0")}`);
const LABELERS = 200;
const REVIEWERS = 3;
const WIDTH = 640;
const HEIGHT = 480;
const RULES = flagRulesSchema.parse({});
// The project's metadata facets, as importing its items finds them: device and line (the file name has too many values).
const FACETS = mergeFacets({}, DEVICES.flatMap((device, index) => LINES.map((line) => ({ device, line, file: `${device}-${line}-${index}.jpg` }))));
const DAY_MS = 86_400_000;
// The project ran for 90 days until a few minutes ago; guidelines changed at days 30 and 60.
const NOW = Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000;
const START = NOW - 90 * DAY_MS;
const GUIDELINE_CHANGES = [START, START + 30 * DAY_MS, START + 60 * DAY_MS];
// Items in creation order: complete ones, then STARTED with one or two answers, then FRESH without any.
const STARTED = Math.min(500, Math.floor(ITEMS / 20));
const FRESH = Math.min(1500, Math.floor(ITEMS / 10));
const COMPLETE = ITEMS - STARTED - FRESH;
// The veteran (labeler 0) labeled one complete item in ten on top of their share; the model is fitted on this many.
const VETERAN_EVERY = 10;
const MODEL_SAMPLE = 30_000;

/** mulberry32: a small seeded generator, one per item so that an item comes out the same whenever it is made. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(values: readonly T[], next: () => number): T => values[Math.floor(next() * values.length)]!;
const itemId = (n: number) => `item${String(n).padStart(7, "0")}`;

interface Submission {
  labeler: number;
  result: ResultEntry[];
  startedAt: Date;
  submittedAt: Date;
  activeMs: number;
  guidelineVersion: number;
  unclear: boolean;
}

interface GeneratedItem {
  n: number;
  id: string;
  createdAt: Date;
  metadata: { device: string; line: string; file: string };
  truth: ResultEntry[];
  submissions: Submission[];
  /** A labeler who skipped it ("too dark"), besides those who submitted. */
  skippedBy: number | null;
  /** When complete: when its last answer came. */
  completedAt: Date | null;
  /** What a reviewer does if judging flags it (older items only): decide its gold label, or exclude it. */
  review: "resolve" | "exclude" | null;
}

const versionAt = (time: number) => GUIDELINE_CHANGES.filter((change) => change <= time).length;

/** The true answer: a class, and a box around the defect unless it is "ok". */
function truthOf(next: () => number): ResultEntry[] {
  let draw = next();
  let index = 0;
  while (draw > CLASS_SHARES[index]! && index < CLASSES.length - 1) draw -= CLASS_SHARES[index++]!;
  const label = CLASSES[index]!;
  const result: ResultEntry[] = [{ task: "defect", type: "classification", values: [label] }];
  if (label !== "ok") result.push(randomBox(label, next));
  return result;
}

function randomBox(label: string, next: () => number): ResultEntry {
  const width = 40 + Math.floor(next() * 80);
  const height = 30 + Math.floor(next() * 70);
  return { task: "where", type: "bbox", label, x: 10 + Math.floor(next() * (WIDTH - width - 20)), y: 10 + Math.floor(next() * (HEIGHT - height - 20)), width, height };
}

/** One labeler's answer: right with their accuracy (a little lower on cam-e), rarely unsure; a box per defect, jittered. */
function answerOf(truth: readonly ResultEntry[], labeler: number, device: string, next: () => number): ResultEntry[] {
  const accuracy = 0.93 + (0.06 * ((labeler * 37) % 100)) / 100 - (device === "cam-e" ? 0.03 : 0);
  const trueLabel = (truth[0] as Extract<ResultEntry, { type: "classification" }>).values[0]!;
  if (next() < 0.004) return [{ task: "defect", type: "classification", values: ["unsure"] }];
  const label = next() < accuracy ? trueLabel : pick(CLASSES.filter((name) => name !== trueLabel), next);
  const result: ResultEntry[] = [{ task: "defect", type: "classification", values: [label] }];
  // One box in thirty is forgotten.
  if (label === "ok" || next() < 1 / 30) return result;
  const box = truth[1];
  if (box?.type !== "bbox") return [...result, randomBox(label, next)];
  const jitter = () => Math.round((next() - 0.5) * 8);
  return [...result, { ...box, label, x: box.x + jitter(), y: box.y + jitter(), width: box.width + jitter(), height: box.height + jitter() }];
}

function generateItem(n: number): GeneratedItem {
  const next = random(0x9e3779b9 ^ Math.imul(n + 1, 0x85ebca6b));
  const device = pick(DEVICES, next);
  const metadata = { device, line: pick(LINES, next), file: `img-${String(n).padStart(7, "0")}.jpg` };
  const truth = truthOf(next);
  const createdAt = new Date(START - DAY_MS + n);
  const complete = n < COMPLETE;
  const answers = complete ? 3 : n < COMPLETE + STARTED ? 1 + Math.floor(next() * 2) : 0;
  const labelers: number[] = n % VETERAN_EVERY === 0 && answers ? [0] : [];
  while (labelers.length < answers) {
    const labeler = Math.floor(next() * LABELERS);
    if (!labelers.includes(labeler)) labelers.push(labeler);
  }
  // Complete items were finished across the project's 87 days, in order; started ones in the last hour.
  const last = complete ? START + 3 * 3_600_000 + Math.floor((n / Math.max(1, COMPLETE)) * 87 * DAY_MS) : NOW - 60 * 60_000 + Math.floor(next() * 50 * 60_000);
  const submissions = labelers.map((labeler, index): Submission => {
    const submittedAt = last - (labelers.length - 1 - index) * 40 * 60_000 - (index < labelers.length - 1 ? Math.floor(next() * 20 * 60_000) : 0);
    const activeMs = Math.round(3000 + 25_000 * next() * next() + 4000 * next());
    return {
      labeler,
      result: answerOf(truth, labeler, device, next),
      startedAt: new Date(submittedAt - activeMs - Math.floor(next() * 30_000)),
      submittedAt: new Date(submittedAt),
      activeMs,
      guidelineVersion: versionAt(submittedAt),
      unclear: next() < 0.002,
    };
  });
  let skippedBy: number | null = null;
  if (complete && next() < 0.01) {
    const labeler = Math.floor(next() * LABELERS);
    if (!labelers.includes(labeler)) skippedBy = labeler;
  }
  const reviewDraw = next();
  const review = complete && n < COMPLETE * 0.8 ? (reviewDraw < 0.6 ? "resolve" : reviewDraw < 0.65 ? "exclude" : null) : null;
  return { n, id: itemId(n), createdAt, metadata, truth, submissions, skippedBy, completedAt: complete ? new Date(last) : null, review };
}

// ---------------------------------------------------------------------------------------------------------------
// Judging a generated item as lib/server/judging.ts does (the same pure functions), and a reviewer's decision.

interface People {
  labelerIds: string[];
  reviewerIds: string[];
  guidelineIds: string[];
}

interface Judgment {
  state: "accepted" | "flagged" | "resolved" | "excluded";
  agreement: ReturnType<typeof itemAgreement>;
  verdict: ReturnType<typeof evaluateItem>;
  /** The consensus as stored (ConsensusResult.result). */
  consensus: ResultEntry[];
  score: number | null;
  decision: { action: "edit" | "exclude"; result: ResultEntry[] | null; at: Date; reviewer: number } | null;
}

const asStored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function judgeGenerated(item: GeneratedItem, people: People, classModels: Record<string, ClassModel>): Judgment | null {
  if (!item.completedAt) return null;
  const results = item.submissions.map((submission) => ({ labelerId: people.labelerIds[submission.labeler]!, result: submission.result, guidelinesUnclear: submission.unclear }));
  const agreement = itemAgreement(TASKS, results, null);
  const verdict = evaluateItem({ tasks: TASKS, results, agreement, rules: RULES, durationSeconds: null, classModels });
  if (shouldEscalate({ ...verdict, labelers: results.length, maxOverlap: 3, rules: RULES })) throw new Error("maxOverlap 3 never escalates three labels");
  const judged = verdict.needsReview ? "flagged" : "accepted";
  const decided = judged === "flagged" ? item.review : null;
  const decision = decided
    ? { action: decided === "resolve" ? ("edit" as const) : ("exclude" as const), result: decided === "resolve" ? item.truth : null, at: new Date(item.completedAt.getTime() + DAY_MS + (item.n % 7) * 3_600_000), reviewer: item.n % REVIEWERS }
    : null;
  const state = decided === "resolve" ? "resolved" : decided === "exclude" ? "excluded" : judged;
  return { state, agreement, verdict, consensus: asStored(verdict.consensus.flatMap((task) => task.entries)), score: reviewScore(agreement), decision };
}

/**
 * The item's ItemFacts, as lib/server/statistics.ts builds them from the database: the one place to change when
 * ItemFacts gains fields. Labels go through JSON first, as the database gives them back.
 */
function factsOf(item: GeneratedItem, judgment: Judgment | null, people: People): ItemFacts {
  const labelerId = (labeler: number) => people.labelerIds[labeler]!;
  const state = judgment?.state ?? "open";
  return {
    tasks: TASKS,
    standardization: NO_STANDARDIZATION,
    state,
    submittedCount: item.submissions.length,
    reviewScore: judgment?.score ?? null,
    final: judgment ? finalLabel(state, judgment.decision?.result ? asStored(judgment.decision.result) : null, judgment.consensus) : null,
    firstSubmissions: item.submissions.map((submission) => ({
      labelerId: labelerId(submission.labeler),
      result: asStored(submission.result),
      activeMs: submission.activeMs,
      submittedAt: submission.submittedAt,
      guidelineVersion: submission.guidelineVersion,
    })),
    latestSubmissions: item.submissions.map((submission) => ({
      labelerId: labelerId(submission.labeler),
      result: asStored(submission.result),
      guidelineVersion: submission.guidelineVersion,
      submittedAt: submission.submittedAt,
    })),
    facets: facetValuesOf(FACETS, item.metadata),
    leases: [
      ...item.submissions.map((submission) => ({ labelerId: labelerId(submission.labeler), status: "submitted" as const })),
      ...(item.skippedBy === null ? [] : [{ labelerId: labelerId(item.skippedBy), status: "skipped" as const }]),
    ],
    agreesWithFinal: agreesWithFinalOnce,
  };
}

// Most answers and final labels repeat ("ok" without a box): each pair is judged once.
const agreements = new Map<string, boolean>();
function agreesWithFinalOnce(answer: readonly ResultEntry[], final: readonly ResultEntry[]): boolean {
  const key = JSON.stringify([answer, final]);
  let agrees = agreements.get(key);
  if (agrees === undefined) {
    if (agreements.size > 100_000) agreements.clear();
    agreements.set(key, (agrees = agreesWithFinal(TASKS, answer as ResultEntry[], final as ResultEntry[], null)));
  }
  return agrees;
}

// ---------------------------------------------------------------------------------------------------------------
// Rows, and writing them in bulk: better-sqlite3 in batch transactions, or PostgreSQL's INSERT … SELECT FROM unnest.

type SqlType = "text" | "int" | "float" | "boolean" | "jsonb" | "timestamp(3)" | '"ReviewState"' | '"AssignmentStatus"' | '"ProjectRole"';
type Cell = string | number | boolean | Date | null;

class Rows {
  readonly rows: Cell[][] = [];
  constructor(
    readonly table: string,
    readonly columns: [string, SqlType][],
  ) {}
  add(...row: Cell[]): void {
    this.rows.push(row);
  }
}

interface Writer {
  write(batch: readonly Rows[]): Promise<void>;
  end(): Promise<void>;
}

function sqliteWriter(file: string): Writer {
  const database = new Database(file);
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = OFF");
  const statements = new Map<string, Database.Statement>();
  // As Prisma stores them: booleans as 0 or 1, times as ISO 8601 with +00:00.
  const value = (cell: Cell) => (typeof cell === "boolean" ? Number(cell) : cell instanceof Date ? cell.toISOString().replace("Z", "+00:00") : cell);
  const writeAll = database.transaction((batch: readonly Rows[]) => {
    for (const rows of batch) {
      const key = `${rows.table}:${rows.columns.length}`;
      let statement = statements.get(key);
      if (!statement) {
        statement = database.prepare(`INSERT INTO "${rows.table}" (${rows.columns.map(([name]) => `"${name}"`).join(", ")}) VALUES (${rows.columns.map(() => "?").join(", ")})`);
        statements.set(key, statement);
      }
      for (const row of rows.rows) statement.run(row.map(value));
    }
  });
  return {
    write: async (batch) => void writeAll(batch),
    end: async () => void database.close(),
  };
}

function postgresWriter(url: string): Writer {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const arrayType = (type: SqlType) => (type === "int" || type === "boolean" ? type : type === "float" ? "float8" : "text");
  const value = (cell: Cell) => (cell instanceof Date ? cell.toISOString().replace("T", " ").replace("Z", "") : cell);
  return {
    write: async (batch) => {
      for (const rows of batch) {
        if (!rows.rows.length) continue;
        const names = rows.columns.map(([name]) => `"${name}"`).join(", ");
        await pool.query(
          `INSERT INTO "${rows.table}" (${names}) SELECT ${rows.columns.map(([name, type]) => `"${name}"::${type}`).join(", ")}
           FROM unnest(${rows.columns.map(([, type], index) => `$${index + 1}::${arrayType(type)}[]`).join(", ")}) AS row(${names})`,
          rows.columns.map((_, column) => rows.rows.map((row) => value(row[column] ?? null))),
        );
      }
    },
    end: () => pool.end(),
  };
}

/** What the seeded items add up to: the project's statistics (the ledger's sums), items by state, annotations. */
interface Tally {
  sums: Map<string, number>;
  states: Map<string, number>;
  annotations: number;
}

/** The rows of a batch of items, table by table in the order their foreign keys need; adds what they hold to `tally`. */
function rowsOf(items: readonly GeneratedItem[], projectId: string, people: People, classModels: Record<string, ClassModel>, tally: Tally): Rows[] {
  const item = new Rows("Item", [
    ["id", "text"], ["projectId", "text"], ["mediaPath", "text"], ["mimeType", "text"], ["originalName", "text"], ["sha256", "text"], ["sizeBytes", "int"], ["width", "int"], ["height", "int"],
    ["metadata", "jsonb"], ["submittedCount", "int"], ["leaseCount", "int"], ["queueRank", "int"], ["agreement", "jsonb"], ["agreementAt", "timestamp(3)"], ["reviewState", '"ReviewState"'],
    ["flagReasons", "jsonb"], ["reviewScore", "float"], ["statistics", "jsonb"], ["createdAt", "timestamp(3)"],
  ]);
  const assignment = new Rows("Assignment", [
    ["id", "text"], ["projectId", "text"], ["itemId", "text"], ["userId", "text"], ["status", '"AssignmentStatus"'], ["leasedAt", "timestamp(3)"], ["expiresAt", "timestamp(3)"],
    ["completedAt", "timestamp(3)"], ["skipReason", "text"], ["isRevision", "boolean"], ["draftVersion", "int"],
  ]);
  const annotation = new Rows("Annotation", [
    ["id", "text"], ["projectId", "text"], ["itemId", "text"], ["labelerId", "text"], ["assignmentId", "text"], ["guidelineVersionId", "text"], ["revision", "int"], ["isDraft", "boolean"],
    ["result", "jsonb"], ["startedAt", "timestamp(3)"], ["submittedAt", "timestamp(3)"], ["activeMs", "int"], ["guidelinesUnclear", "boolean"], ["clientInfo", "jsonb"], ["createdAt", "timestamp(3)"],
  ]);
  const consensus = new Rows("ConsensusResult", [
    ["id", "text"], ["projectId", "text"], ["itemId", "text"], ["method", "text"], ["result", "jsonb"], ["confidence", "float"], ["agreement", "jsonb"], ["flagged", "boolean"], ["trigger", "text"],
    ["state", '"ReviewState"'], ["createdAt", "timestamp(3)"],
  ]);
  const decision = new Rows("ReviewDecision", [
    ["id", "text"], ["projectId", "text"], ["itemId", "text"], ["reviewerId", "text"], ["guidelineVersionId", "text"], ["action", "text"], ["result", "jsonb"], ["reason", "text"], ["category", "text"], ["createdAt", "timestamp(3)"],
  ]);
  const labelerDecisions = new Rows("LabelerDecision", [["labelerId", "text"], ["decisionId", "text"], ["projectId", "text"], ["createdAt", "timestamp(3)"]]);
  const clientInfo = JSON.stringify({ userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0", appVersion: CONCORD_VERSION });
  for (const generated of items) {
    const { id } = generated;
    const judgment = judgeGenerated(generated, people, classModels);
    const statistics = generated.submissions.length ? itemStatistics(factsOf(generated, judgment, people)) : null;
    for (const [key, amount] of Object.entries(statistics ?? {})) tally.sums.set(key, (tally.sums.get(key) ?? 0) + amount);
    const answers = generated.submissions.length;
    const state = judgment?.state ?? "open";
    tally.states.set(state, (tally.states.get(state) ?? 0) + 1);
    tally.annotations += answers;
    item.add(
      id, projectId, `bench/${id}.jpg`, "image/jpeg", generated.metadata.file, `sha-${id}`, 180_000 + (generated.n % 50_000), WIDTH, HEIGHT, JSON.stringify(generated.metadata),
      answers, 0, generated.completedAt ? null : answers ? 1 : 2,
      judgment ? JSON.stringify(judgment.agreement) : null, generated.completedAt, state,
      judgment ? JSON.stringify(judgment.verdict.reasons) : null, judgment?.score ?? null, statistics ? JSON.stringify(statistics) : null, generated.createdAt,
    );
    for (const submission of generated.submissions) {
      const lease = `${id}-l${submission.labeler}`;
      const userId = people.labelerIds[submission.labeler]!;
      assignment.add(lease, projectId, id, userId, "submitted", submission.startedAt, new Date(submission.startedAt.getTime() + 30 * 60_000), submission.submittedAt, null, false, 0);
      annotation.add(
        `${id}-a${submission.labeler}`, projectId, id, userId, lease, people.guidelineIds[submission.guidelineVersion - 1]!, 1, false, JSON.stringify(submission.result),
        submission.startedAt, submission.submittedAt, submission.activeMs, submission.unclear, clientInfo, submission.submittedAt,
      );
    }
    if (generated.skippedBy !== null) {
      const at = new Date(generated.submissions[0]!.startedAt.getTime() - 3_600_000);
      assignment.add(`${id}-s${generated.skippedBy}`, projectId, id, people.labelerIds[generated.skippedBy]!, "skipped", at, new Date(at.getTime() + 30 * 60_000), new Date(at.getTime() + 20_000), "too dark to tell", false, 0);
    }
    if (!judgment) continue;
    const { verdict } = judgment;
    const confidences = verdict.consensus.map((task) => task.confidence).filter((value): value is number => value !== null);
    consensus.add(
      `${id}-c`, projectId, id, [...new Set(verdict.consensus.map((task) => task.method))].join("+") || "none", JSON.stringify(judgment.consensus), confidences.length ? Math.min(...confidences) : null,
      JSON.stringify({ reasons: verdict.reasons, tasks: verdict.consensus.map(({ task, method, confidence, model }) => ({ task, method, confidence, ...(model ? { model } : {}) })) }),
      verdict.reasons.length > 0, "submission", verdict.needsReview ? "flagged" : "accepted", generated.completedAt,
    );
    const decided = judgment.decision;
    if (decided) {
      const [reason, category] = decided.action === "exclude" ? ["blurred: the defect cannot be told", "data-issue"] : ["the box is the scratch's full length", "labeling-error"];
      decision.add(
        `${id}-d`, projectId, id, people.reviewerIds[decided.reviewer]!, people.guidelineIds[versionAt(decided.at.getTime()) - 1]!, decided.action,
        decided.result ? JSON.stringify(decided.result) : null, reason, category, decided.at,
      );
      // As decideItem records a resolving decision for each labeler who answered the item.
      if (decided.action !== "exclude") {
        for (const submission of generated.submissions) labelerDecisions.add(people.labelerIds[submission.labeler]!, `${id}-d`, projectId, decided.at);
      }
    }
  }
  return [item, assignment, annotation, consensus, decision, labelerDecisions];
}

// ---------------------------------------------------------------------------------------------------------------
// Seeding.

const LABELER_IDS = Array.from({ length: LABELERS }, (_, index) => `bench-labeler-${String(index).padStart(3, "0")}`);
const target = databaseTarget();
await applyMigrations(target);
const postgres = currentTarget().provider === "postgresql";
/** The project a run measures: its id, its reviewer and the labeler who joins it last. */
interface Seeded {
  projectId: string;
  reviewer: Caller;
  newcomer: Caller;
}

/** Seeds the project (and, on 10,000 items or with --verify, checks that recounting its ledger changes nothing). */
async function seed(): Promise<Seeded> {
  log(`${describeTarget(target)}: seeding ${ITEMS.toLocaleString("en")} items (${COMPLETE.toLocaleString("en")} complete, ${STARTED} started, ${FRESH} fresh)…`);

  const admin: Caller = { user: await createUser({ email: "admin@bench.test", password: "password 123", isAdmin: true }), via: "session" };
  const { id: projectId } = await createProject(admin, { name: "Scale", mediaKind: "image", overlap: 3, maxOverlap: 3, guidelines: "# Defects\nBox every defect.", tasks: TASKS });
  await db().project.update({ where: { id: projectId }, data: { createdAt: new Date(START - DAY_MS), metadataFacets: FACETS } });
  const firstGuideline = await db().guidelineVersion.findFirstOrThrow({ where: { projectId }, select: { id: true } });
  await db().guidelineVersion.update({ where: { id: firstGuideline.id }, data: { createdAt: new Date(GUIDELINE_CHANGES[0]!) } });
  // One reviewer and the newcomer through the app; everyone else by SQL, sharing the admin's password hash.
  const reviewer: Caller = { user: await createUser({ email: "reviewer0@bench.test", password: "password 123" }), via: "session" };
  await addMember(admin, projectId, { email: reviewer.user.email, role: "reviewer" });
  const newcomer: Caller = { user: await createUser({ email: "newcomer@bench.test", password: "password 123" }), via: "token" };
  await addMember(admin, projectId, { email: newcomer.user.email, role: "labeler" });
  const { passwordHash } = await db().user.findUniqueOrThrow({ where: { id: admin.user.id }, select: { passwordHash: true } });
  const people: People = {
    labelerIds: LABELER_IDS,
    reviewerIds: [reviewer.user.id, ...Array.from({ length: REVIEWERS - 1 }, (_, index) => `bench-reviewer-${index + 1}`)],
    guidelineIds: [firstGuideline.id, "bench-guideline-2", "bench-guideline-3"],
  };

  const writer = postgres ? postgresWriter((target as { url: string }).url) : sqliteWriter((target as { file: string }).file);
  const seedStart = performance.now();
  {
    const users = new Rows("User", [["id", "text"], ["email", "text"], ["name", "text"], ["passwordHash", "text"], ["createdAt", "timestamp(3)"], ["updatedAt", "timestamp(3)"]]);
    const memberships = new Rows("Membership", [["id", "text"], ["projectId", "text"], ["userId", "text"], ["role", '"ProjectRole"'], ["guidelinesAcknowledged", "int"], ["createdAt", "timestamp(3)"], ["updatedAt", "timestamp(3)"]]);
    const guidelines = new Rows("GuidelineVersion", [["id", "text"], ["projectId", "text"], ["version", "int"], ["body", "text"], ["changeNote", "text"], ["createdById", "text"], ["createdAt", "timestamp(3)"]]);
    const joined = new Date(START);
    const member = (userId: string, role: string, name: string) => {
      users.add(userId, `${userId}@bench.test`, name, passwordHash, joined, joined);
      memberships.add(`m-${userId}`, projectId, userId, role, 3, joined, joined);
    };
    people.labelerIds.forEach((id, index) => member(id, "labeler", `Labeler ${index}`));
    people.reviewerIds.slice(1).forEach((id, index) => member(id, "reviewer", `Reviewer ${index + 1}`));
    for (const version of [2, 3]) guidelines.add(people.guidelineIds[version - 1]!, projectId, version, `# Defects (v${version})\nBox every defect, edge to edge.`, `Version ${version}`, admin.user.id, new Date(GUIDELINE_CHANGES[version - 1]!));
    await writer.write([users, memberships, guidelines]);
    await db().membership.updateMany({ where: { projectId }, data: { guidelinesAcknowledged: 3 } });
  }

  // A fitted labeler model, as a project of this size has: judging reads it, and no refit is due during the bench.
  const sample: LatestAnnotation[] = [];
  for (let n = 0; n < Math.min(COMPLETE, MODEL_SAMPLE); n++) {
    for (const submission of generateItem(n).submissions) {
      sample.push({ itemId: itemId(n), labelerId: people.labelerIds[submission.labeler]!, result: submission.result, guidelinesUnclear: submission.unclear, guidelineVersion: submission.guidelineVersion });
    }
  }
  const sampleRatings = new Map<string, import("../lib/quality/consensus").Rating[]>();
  addModelRatings(sampleRatings, TASKS, sample);
  await fitLabelerModels(db(), projectId, sampleRatings);
  const classModels = await latestLabelerModels(db(), projectId, TASKS);
  log(`labeler model fitted on ${Math.min(COMPLETE, MODEL_SAMPLE).toLocaleString("en")} items`);

  const tally: Tally = { sums: new Map(), states: new Map(), annotations: 0 };
  const BATCH = 5000;
  let pending: Promise<void> = Promise.resolve();
  const spent = { making: 0, writing: 0 };
  for (let start = 0; start < ITEMS; start += BATCH) {
    const making = performance.now();
    const items = Array.from({ length: Math.min(BATCH, ITEMS - start) }, (_, offset) => generateItem(start + offset));
    const batch = rowsOf(items, projectId, people, classModels, tally);
    spent.making += performance.now() - making;
    // Writes overlap with making the next batch (PostgreSQL works on the other core meanwhile).
    const writing = performance.now();
    await pending;
    spent.writing += performance.now() - writing;
    pending = writer.write(batch);
    if ((start / BATCH) % 20 === 19) log(`${(start + BATCH).toLocaleString("en")} items`);
  }
  await pending;
  const statistics = new Rows("ProjectStatistic", [["projectId", "text"], ["figure", "text"], ["key", "text"], ["value", "float"]]);
  // The item total an import adds (addImportedItems).
  tally.sums.set(statisticKey("items"), ITEMS);
  for (const [key, value] of [...tally.sums].sort(([a], [b]) => (a < b ? -1 : 1))) statistics.add(projectId, (JSON.parse(key) as string[])[0]!, key, value);
  await writer.write([statistics]);
  await writer.end();
  const seedSeconds = (performance.now() - seedStart) / 1000;
  if (postgres) {
    // As autovacuum would soon after a bulk load (statistics for the planner, and hint bits set once).
    await db().$executeRawUnsafe(`VACUUM ANALYZE`);
  } else {
    // As the app's next start would (applyMigrations).
    analyzeSqliteFile((target as { file: string }).file);
  }
  const stateSummary = [...tally.states].map(([state, count]) => `${state} ${count.toLocaleString("en")}`).join(", ");
  log(`making rows ${(spent.making / 1000).toFixed(1)} s, waiting for writes ${(spent.writing / 1000).toFixed(1)} s`);
  log(`seeded in ${seedSeconds.toFixed(1)} s (${postgres ? "with VACUUM ANALYZE after" : "with the sampled ANALYZE of the app's start after"}): ${stateSummary}; ${tally.sums.size.toLocaleString("en")} statistics keys`);
  console.log(`## ${ITEMS.toLocaleString("en")} items, ${postgres ? "PostgreSQL" : "SQLite"}\n`);
  console.log(`Load average (1 min) after seeding: ${loadavg()[0]!.toFixed(1)} on ${CORES} cores. Seeded in ${seedSeconds.toFixed(1)} s: ${stateSummary}; ${tally.annotations.toLocaleString("en")} annotations; ${tally.sums.size.toLocaleString("en")} ledger keys.\n`);

  // ---------------------------------------------------------------------------------------------------------------
  // The ledger: recounting every item must change nothing.

  async function ledger(): Promise<Map<string, number>> {
    const rows = await db().projectStatistic.findMany({ where: { projectId }, select: { key: true, value: true } });
    return new Map(rows.map((row) => [row.key, row.value]));
  }

  if (VERIFY) {
    const before = await ledger();
    const recountStart = performance.now();
    await recountProjectStatistics(projectId);
    const seconds = (performance.now() - recountStart) / 1000;
    const after = await ledger();
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((key) => Math.abs((before.get(key) ?? 0) - (after.get(key) ?? 0)) > 1e-9 * Math.max(1, Math.abs(before.get(key) ?? 0)));
    const counted = ITEMS - FRESH;
    console.log(`Recount of the ledger: ${changed.length ? `**${changed.length} keys changed**, e.g. ${changed.slice(0, 5).map((key) => `${key}: ${before.get(key)} → ${after.get(key)}`).join("; ")}` : "nothing changed"}; ${counted.toLocaleString("en")} items in ${seconds.toFixed(1)} s (${Math.round(counted / seconds).toLocaleString("en")} items/s).\n`);
    if (changed.length) process.exitCode = 1;
  }
  return { projectId, reviewer, newcomer };
}

/** The project a kept run seeded (--reuse): measured again without seeding. */
async function seededBefore(): Promise<Seeded> {
  const project = await db().project.findFirstOrThrow({ where: { name: "Scale" }, select: { id: true } });
  const caller = async (email: string, via: Caller["via"]): Promise<Caller> => ({ user: (await findUserByEmail(email))!, via });
  return { projectId: project.id, reviewer: await caller("reviewer0@bench.test", "session"), newcomer: await caller("newcomer@bench.test", "token") };
}

const { projectId, reviewer, newcomer } = REUSE ? await seededBefore() : await seed();

// ---------------------------------------------------------------------------------------------------------------
// Timing: each endpoint's data-layer function, its first call through a client that logs every query.

interface Logged {
  query: string;
  params: string;
  duration: number;
}

function loggingClient(): { client: Db; queries: Logged[] } {
  const queries: Logged[] = [];
  const options = { adapter: adapterFactory(target), log: [{ emit: "event" as const, level: "query" as const }] };
  const client = postgres ? new PostgresClient(options) : new SqliteClient(options);
  (client as unknown as { $on(event: "query", listener: (event: Logged) => void): void }).$on("query", (event) => queries.push({ query: event.query, params: event.params, duration: event.duration }));
  return { client: client as unknown as Db, queries };
}

const logger = loggingClient();
/** Runs `work` through the logging client; returns its result and the queries it made. */
async function logged<T>(work: () => Promise<T>): Promise<{ result: T; queries: Logged[] }> {
  const own = db();
  logger.queries.length = 0;
  setDb(logger.client, target);
  try {
    return { result: await work(), queries: [...logger.queries] };
  } finally {
    setDb(own, target);
  }
}

const databaseMs = (queries: readonly Logged[]) => queries.reduce((sum, query) => sum + query.duration, 0);
const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const ms = (value: number) => (value >= 100 ? Math.round(value).toLocaleString("en") : value.toFixed(1));

interface Measured {
  name: string;
  times: number[];
  queries: number;
  dbMs: number;
  /** What the call threw, if it failed: the endpoint would answer 500. */
  error?: string;
}
const measured: Measured[] = [];
const captured = new Map<string, Logged[]>();

/** Times `calls` calls (fewer once `BUDGET_MS` is spent), after one logged call that is not counted. */
async function measure(name: string, call: () => Promise<unknown>, calls = CALLS): Promise<void> {
  if (SKIP.has(name)) return;
  log(`${name}…`);
  const first = performance.now();
  let queries: Logged[];
  try {
    ({ queries } = await logged(call));
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).trim().split("\n").at(-1)!;
    log(`${name} failed: ${message}`);
    measured.push({ name, times: [performance.now() - first], queries: logger.queries.length, dbMs: 0, error: message });
    return;
  }
  const firstMs = performance.now() - first;
  captured.set(name, queries);
  const times: number[] = [];
  const started = performance.now();
  // A call slower than the whole budget is timed once: the logged call stands for it.
  if (firstMs > BUDGET_MS) times.push(firstMs);
  else while (times.length < calls && performance.now() - started < BUDGET_MS) {
    const start = performance.now();
    await call();
    times.push(performance.now() - start);
  }
  measured.push({ name, times, queries: queries.length, dbMs: databaseMs(queries) });
}

/** next → submit, `ROUNDS` times, for one labeler, each item answered with its true label. */
async function labelingRounds(name: string, labeler: Caller): Promise<void> {
  if (SKIP.has("next") || SKIP.has("submit")) return;
  log(`${name}: next → submit…`);
  const steps = { next: { times: [] as number[], queries: [] as Logged[] }, submit: { times: [] as number[], queries: [] as Logged[] } };
  for (let round = 0; round < ROUNDS; round++) {
    // The first round goes through the logging client: its queries are kept, its times are not.
    const run = async <T>(step: keyof typeof steps, work: () => Promise<T>): Promise<T> => {
      if (round === 0) {
        const { result, queries } = await logged(work);
        steps[step].queries = queries;
        return result;
      }
      const start = performance.now();
      const result = await work();
      steps[step].times.push(performance.now() - start);
      return result;
    };
    const lease = await run("next", () => nextAssignment(labeler, projectId));
    if (!lease) throw new Error(`${name} got no item`);
    const answer = generateItem(Number(lease.item.id.slice("item".length))).truth;
    await run("submit", () => submitAnnotation(labeler, lease.assignment.id, { result: answer, activeMs: 1000 }, null));
  }
  for (const [step, { times, queries }] of Object.entries(steps)) {
    captured.set(`${step} (${name})`, queries);
    measured.push({ name: `${step} (${name})`, times, queries: queries.length, dbMs: databaseMs(queries) });
  }
}

const veteran: Caller = { user: (await findUserByEmail(`${LABELER_IDS[0]}@bench.test`))!, via: "token" };
const history = await db().assignment.count({ where: { projectId, userId: veteran.user.id, status: "submitted" } });
const ordinary: Caller = { user: (await findUserByEmail(`${LABELER_IDS[17]}@bench.test`))!, via: "token" };
await labelingRounds(`veteran, ${history.toLocaleString("en")} answers`, veteran);
await labelingRounds("newcomer", newcomer);
// Every page of a project loads it (requirePageProject); a labeler's home lists their projects with their progress.
await measure("project", () => projectForPage(reviewer, projectId));
await measure("projects", () => listProjectsFor(veteran));
await measure("list", () => listItems(reviewer, projectId, new URLSearchParams()));
// One item in five, one in fifty, and one item of the last complete ones (a file name: the whole project matches or not).
await measure("list-meta", () => listItems(reviewer, projectId, new URLSearchParams({ "meta.device": "cam-c" })));
await measure("list-meta2", () => listItems(reviewer, projectId, new URLSearchParams({ "meta.device": "cam-c", "meta.line": "line-07" })));
await measure("list-meta-rare", () => listItems(reviewer, projectId, new URLSearchParams({ "meta.file": generateItem(COMPLETE - 1).metadata.file })));
// As the review page asks: a first page of 200; and filtered by a class some labeler gave (read from the answers).
await measure("review-queue", () => reviewQueue(reviewer, projectId, new URLSearchParams({ limit: "200" })));
await measure("review-queue-label", () => reviewQueue(reviewer, projectId, new URLSearchParams({ limit: "200", label: "stain" })));
await measure("progress", () => projectProgress(veteran, projectId));
// The workspace's "n today": the veteran's submissions since midnight, however many they made before.
const midnight = new Date();
midnight.setHours(0, 0, 0, 0);
await measure("progress-today", () => projectProgress(veteran, projectId, midnight));
// Feedback for the veteran, and for a labeler with an ordinary share (one item in 70 or so): fewer of the project's
// decisions concern them, so finding theirs looks through more.
await measure("feedback-veteran", () => labelerFeedback(veteran, projectId));
await measure("feedback", () => labelerFeedback(ordinary, projectId));
await measure("agreement", () => projectAgreement(reviewer, projectId));
/**
 * The event loop's delay over `loads` dashboard loads, each with a monitor tick before it (the monitor counts a delay
 * from its previous tick) and one after the last: a load that never yields (SQLite's driver is synchronous) delays the
 * tick until it ends.
 */
async function loopDelayDuring(loads: number): Promise<string> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  for (let load = 0; load < loads; load++) {
    await new Promise((resolve) => setTimeout(resolve, 30));
    await projectDashboard(reviewer, projectId);
  }
  await new Promise((resolve) => setTimeout(resolve, 30));
  histogram.disable();
  return `p50 ${ms(histogram.percentile(50) / 1e6)} ms, p99 ${ms(histogram.percentile(99) / 1e6)} ms, max ${ms(histogram.max / 1e6)} ms`;
}
let loopDelay: string | null = null;
// Watched during the first (logged, untimed) call, on a cold cache; on SQLite it also starts the dashboard's thread.
await measure("dashboard", async () => {
  if (loopDelay) return projectDashboard(reviewer, projectId);
  loopDelay = await loopDelayDuring(1);
});
// And over ten loads after the timed ones.
const laterLoopDelay = loopDelay ? await loopDelayDuring(10) : null;

console.log(`| endpoint | calls | p50 ms | p95 ms | max ms | queries in one call | their database time, ms |`);
console.log(`| --- | --- | --- | --- | --- | --- | --- |`);
for (const { name, times, queries, dbMs, error } of measured) {
  if (error) {
    console.log(`| ${name} | failed after ${ms(times[0]!)} ms: ${error} | | | | ${queries} | |`);
    continue;
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`| ${name} | ${times.length} | ${ms(quantile(sorted, 0.5))} | ${ms(quantile(sorted, 0.95))} | ${ms(sorted.at(-1)!)} | ${queries} | ${ms(dbMs)} |`);
}
console.log(`\nLoad average (1 min) at the end: ${loadavg()[0]!.toFixed(1)} on ${CORES} cores.`);
if (loopDelay) console.log(`\nEvent-loop delay while the dashboard loads (10 ms resolution): its first call ${loopDelay}; ten loads after the timed ones ${laterLoopDelay}.`);

// ---------------------------------------------------------------------------------------------------------------
// Plans of the main queries, as the logging client saw them.

const explain = postgres ? "EXPLAIN" : "EXPLAIN QUERY PLAN";
async function planOf(query: Logged): Promise<string[]> {
  const rows = await db().$queryRawUnsafe<Record<string, unknown>[]>(`${explain} ${query.query}`, ...(JSON.parse(query.params) as unknown[]));
  return rows.map((row) => String(row["QUERY PLAN"] ?? row.detail));
}
const fromItems = (query: Logged) => /FROM [`"](main|public)[`"]\.[`"]Item[`"]/.test(query.query) && query.query.includes("ORDER BY");
// A page of the list reads whole items; the review queue's order reads ids and scores first.
const isItemPage = (query: Logged) => fromItems(query) && query.query.includes("originalName");
const isQueueOrder = (query: Logged) => fromItems(query) && query.query.includes("reviewScore") && !query.query.includes("originalName");
const mainQueries: [string, string, (query: Logged) => boolean][] = [
  ["next: the pick (started window)", "next (newcomer)", (query) => query.query.includes("NOT EXISTS")],
  ["next: the pick (veteran)", `next (veteran, ${history.toLocaleString("en")} answers)`, (query) => query.query.includes("NOT EXISTS")],
  ["item list, first page", "list", isItemPage],
  ["item list, meta.device=cam-c", "list-meta", isItemPage],
  ["item list, meta.file (one item)", "list-meta-rare", isItemPage],
  ["item list under a filter: where its window ends", "list-meta-rare", (query) => query.query.includes('SELECT "createdAt"')],
  ["review queue", "review-queue", isQueueOrder],
  ["feedback: the labeler's newest resolving decisions", "feedback", (query) => query.query.includes("LabelerDecision")],
  ["dashboard: items held by open review sessions", "dashboard", (query) => query.query.includes("ReviewSessionItem")],
  ["progress: the veteran's submissions today", "progress-today", (query) => query.query.includes("COUNT") && query.query.includes("completedAt")],
];
if (values.queries) {
  for (const [name, queries] of captured) {
    console.log(`\nQueries of one call, ${name}:\n\`\`\`\n${queries.map((query) => `${ms(query.duration)} ms  ${query.query.replace(/\s+/g, " ").slice(0, 400)}`).join("\n")}\n\`\`\``);
  }
}
console.log("\nPlans:");
for (const [title, name, chosen] of mainQueries) {
  const query = captured.get(name)?.find(chosen);
  if (!query) continue;
  console.log(`\n${title}:\n\`\`\`\n${query.query.replace(/\s+/g, " ").slice(0, 600)}\n${(await planOf(query)).join("\n")}\n\`\`\``);
}

await logger.client.$disconnect();
await db().$disconnect();
if (values.keep || REUSE) log(`kept: DATABASE_URL=${postgres ? process.env.DATABASE_URL : `file:${(target as { file: string }).file}`} CONCORD_DATA_DIR=${workDir}, project ${projectId}`);
else await rm(workDir, { recursive: true, force: true });

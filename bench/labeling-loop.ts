// The labeling loop over HTTP: L labelers (API tokens) each asking for their next item and submitting a class
// until the queue is empty, against Concord's production server started from this checkout (lib/cli/start.ts:
// migrates, builds when the sources changed, serves). Prints submissions per second, the latency of /next and
// /submit, errors by HTTP status, the processor time per submission (from /proc) of the server and, on PostgreSQL,
// of its backends, and checks the queue's invariants in the database at the end (exit status 1 if one fails).
// Run: npx tsx bench/labeling-loop.ts [--items 1500] [--labelers 50] [--overlap 3] [--think-ms 0]
//        [--duration-limit SECONDS] [--json]          (SQLite in a temporary directory)
//      BENCH_DATABASE_URL=postgresql://… npx tsx bench/labeling-loop.ts …   (an empty PostgreSQL database, kept)
// BENCH_PORT sets the server's port (default 3300). The code measured is the checkout this file is in.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import sharp from "sharp";
import { createApiToken } from "../lib/server/api-tokens";
import type { Caller } from "../lib/server/auth/caller";
import { db } from "../lib/server/db/client";
import { databaseTarget, describeTarget } from "../lib/server/db/config";
import { applyMigrations } from "../lib/server/db/migrations";
import { demoDefinition } from "../lib/server/demo";
import { absoluteMediaPath, mediaPaths, sha256 } from "../lib/server/media/store";
import { createProject, setMemberRole } from "../lib/server/projects";
import { addImportedItems } from "../lib/server/statistics";
import { createUser } from "../lib/server/users";

const ROOT = path.resolve(import.meta.dirname, "..");
const PORT = Number(process.env.BENCH_PORT ?? 3300);
const BASE = `http://localhost:${PORT}`;
const PASSWORD = "bench password 1";

const { values: options } = parseArgs({
  options: {
    items: { type: "string", default: "1500" },
    labelers: { type: "string", default: "50" },
    overlap: { type: "string", default: "3" },
    "think-ms": { type: "string", default: "0" },
    "duration-limit": { type: "string" },
    json: { type: "boolean", default: false },
  },
});
function positiveInteger(name: keyof typeof options, { zero = false } = {}): number {
  const value = Number(options[name]);
  if (!Number.isInteger(value) || value < (zero ? 0 : 1)) throw new Error(`--${name} takes a whole number${zero ? "" : " above 0"}; got "${options[name]}"`);
  return value;
}
const ITEMS = positiveInteger("items");
const LABELERS = positiveInteger("labelers");
const OVERLAP = positiveInteger("overlap");
const THINK_MS = positiveInteger("think-ms", { zero: true });
const DURATION_LIMIT_MS = options["duration-limit"] === undefined ? Infinity : positiveInteger("duration-limit") * 1000;
const say = (line: string) => (options.json ? console.error(line) : console.log(line));

// --- answers -----------------------------------------------------------------------------------------------

/** A text as a number in [0, 1) (FNV-1a, then MurmurHash3's finalizer so that texts one character apart are unrelated). */
function unitHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return ((hash ^ (hash >>> 16)) >>> 0) / 2 ** 32;
}

/**
 * A labeler's class for an item, from the two alone (not from the schedule): the item's true class with the
 * labeler's accuracy (0.85 to 0.98 across labelers; 0.55 on the tenth of items that are hard), else now and then the
 * uncertainty class, else another class. About seven items in ten then agree; the rest are escalated, flagged or
 * tied, so every judging path runs.
 */
function answerFor(itemId: string, labeler: number, classes: string[], uncertainClass: string | undefined): string {
  const truth = classes[Math.floor(unitHash(`truth:${itemId}`) * classes.length)]!;
  const hard = unitHash(`hard:${itemId}`) < 0.1;
  const accuracy = hard ? 0.55 : 0.85 + (0.13 * labeler) / Math.max(1, LABELERS - 1);
  const draw = unitHash(`${itemId}:${labeler}`);
  if (draw < accuracy) return truth;
  if (uncertainClass && draw < accuracy + (1 - accuracy) * 0.15) return uncertainClass;
  const others = classes.filter((name) => name !== truth);
  return others[Math.floor(unitHash(`other:${itemId}:${labeler}`) * others.length)]!;
}

// --- seeding -----------------------------------------------------------------------------------------------

/** A distinct 16×16 PNG per item (its colour is its index), stored where an import would put it. */
async function seedItems(projectId: string): Promise<void> {
  const rows = [];
  for (let index = 0; index < ITEMS; index++) {
    const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: { r: index & 255, g: (index >> 8) & 255, b: (index >> 16) & 255 } } }).png().toBuffer();
    const hash = sha256(png);
    const { media } = mediaPaths(projectId, hash, "png");
    await mkdir(path.dirname(absoluteMediaPath(media)), { recursive: true });
    await writeFile(absoluteMediaPath(media), png);
    // Spaced a millisecond apart: the queue hands out items in creation order.
    rows.push({ projectId, mediaPath: media, mimeType: "image/png", originalName: `item-${index}.png`, sha256: hash, sizeBytes: png.byteLength, width: 16, height: 16, metadata: {}, createdAt: new Date(Date.UTC(2026, 0, 1) + index) });
  }
  for (let start = 0; start < rows.length; start += 500) await db().item.createMany({ data: rows.slice(start, start + 500) });
  await addImportedItems(db(), projectId, rows.map((row) => row.metadata));
}

interface Seeded {
  projectId: string;
  taskKey: string;
  classes: string[];
  uncertainClass: string | undefined;
  tokens: string[];
}

/** One image project with the demo's classification task, its items, and L labelers with an API token each. */
async function seed(): Promise<Seeded> {
  const admin: Caller = { user: await createUser({ email: "admin@bench.test", password: PASSWORD, isAdmin: true }), via: "session" };
  const demoTask = (await demoDefinition()).projects.flatMap((project) => project.tasks).find((task) => (task as { type?: string }).type === "classification");
  const project = await createProject(admin, { name: "Bench labeling loop", mediaKind: "image", overlap: OVERLAP, maxOverlap: OVERLAP + 2, tasks: [demoTask], guidelines: "Pick the scene." });
  const task = project.tasks.find((candidate) => candidate.type === "classification");
  if (!task || task.type !== "classification") throw new Error("the demo has no classification task");
  await seedItems(project.id);
  const tokens: string[] = [];
  for (let index = 0; index < LABELERS; index++) {
    const labeler = await createUser({ email: `labeler${index}@bench.test`, name: `Labeler ${index}`, password: PASSWORD });
    await setMemberRole(admin.user.id, project.id, labeler.id, "labeler");
    tokens.push((await createApiToken({ user: labeler, via: "session" }, { name: "bench" })).token);
  }
  // As if each labeler had read the guidelines before starting.
  await db().membership.updateMany({ where: { projectId: project.id }, data: { guidelinesAcknowledged: 1 } });
  return { projectId: project.id, taskKey: task.key, classes: task.classes.map((labelClass) => labelClass.name), uncertainClass: task.uncertainClass, tokens };
}

/** How many tables a PostgreSQL database has (BENCH_DATABASE_URL must name an empty one). */
async function postgresTables(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>(`SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()`);
    return Number(rows[0]!.count);
  } finally {
    await client.end();
  }
}

// --- the server and its processor time ---------------------------------------------------------------------

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ: 100 on Linux whatever the kernel's own tick

/** Processor time of one process (user + system), in ms; 0 once it has gone. */
function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** A process and its descendants (start.ts runs the server as its child). */
function processTree(pid: number): number[] {
  const children: number[] = [];
  try {
    for (const thread of readdirSync(`/proc/${pid}/task`)) children.push(...readFileSync(`/proc/${pid}/task/${thread}/children`, "utf8").split(" ").filter(Boolean).map(Number));
  } catch {
    // gone between the listing and the read
  }
  return [pid, ...children.flatMap(processTree)];
}

const treeCpuMs = (pid: number) => processTree(pid).reduce((total, member) => total + processCpuMs(member), 0);

/** PostgreSQL's backends serving the bench's database, by process id (the server runs on this machine). */
async function backendCpuMs(url: string): Promise<Map<number, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    return new Map(rows.map(({ pid }) => [pid, processCpuMs(pid)]));
  } finally {
    await client.end();
  }
}

/** `npm start`'s code, in a process group of its own. */
function startServer(dataDir: string, databaseUrl: string, log: string): ChildProcess {
  return spawn(`exec "${process.execPath}" --import tsx lib/cli/start.ts >"${log}" 2>&1`, {
    shell: true,
    cwd: ROOT,
    env: { ...process.env, PORT: String(PORT), CONCORD_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, CONCORD_DEMO: "0" },
    stdio: "ignore",
    detached: true,
  });
}

async function waitForServer(server: ChildProcess, log: string): Promise<void> {
  // The first start may build the app: allow several minutes.
  for (let attempt = 0; attempt < 900; attempt++) {
    if (server.exitCode !== null) throw new Error(`the server stopped:\n${await readFile(log, "utf8")}`);
    if (await fetch(`${BASE}/api/v1/health`).then((response) => response.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error("the server did not start within 15 minutes");
}

// --- the labelers ------------------------------------------------------------------------------------------

interface Errors {
  count: number;
  first: string;
}

interface Loop {
  seconds: number;
  acknowledged: string[];
  nextMs: number[];
  submitMs: number[];
  emptyAnswers: number;
  errors: Map<string, Errors>;
  gaveUp: number;
  stoppedByLimit: boolean;
  /** When the first client was told "nothing left", in ms from the start: the queue's drain began. */
  firstEmptyAt?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A promise with its resolve function (Promise.withResolvers arrives in Node 22). */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((settle) => (resolve = settle));
  return { promise, resolve };
}
const CONSECUTIVE_ERRORS_TO_GIVE_UP = 5;

/** Runs L clients until the queue is empty for all of them (or the duration limit). */
async function runLabelers(seeded: Seeded): Promise<Loop> {
  const loop: Loop = { seconds: 0, acknowledged: [], nextMs: [], submitMs: [], emptyAnswers: 0, errors: new Map(), gaveUp: 0, stoppedByLimit: false };
  const started = performance.now();
  // A submission may escalate its item to one more labeler, so a client told "nothing left" asks again after the
  // next submission (at most once a second, as its own requests cost the server too) while anyone holds a lease.
  let holding = 0;
  let submissionEnded = signal();

  const record = async (status: string, response?: Response, error?: unknown) => {
    const message = response ? ((await response.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ?? response.statusText : String(error);
    const entry = loop.errors.get(status) ?? { count: 0, first: message };
    entry.count++;
    loop.errors.set(status, entry);
  };
  /** A POST with its time in ms; a failure is recorded and returned as null. */
  const post = async (token: string, url: string, body: object): Promise<{ response: Response; ms: number } | null> => {
    const sent = performance.now();
    try {
      const response = await fetch(`${BASE}${url}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
      if (response.ok) return { response, ms: performance.now() - sent };
      await record(String(response.status), response);
    } catch (error) {
      await record("network", undefined, error);
    }
    return null;
  };

  const labeler = async (token: string, index: number) => {
    let failures = 0;
    while (performance.now() - started < DURATION_LIMIT_MS) {
      const next = await post(token, `/api/v1/projects/${seeded.projectId}/next`, {});
      if (next?.response.status === 204) {
        loop.emptyAnswers++;
        loop.firstEmptyAt ??= performance.now() - started;
        if (holding === 0) return;
        await Promise.all([submissionEnded.promise, sleep(1000)]);
        continue;
      }
      if (next) {
        holding++;
        loop.nextMs.push(next.ms);
        const lease = (await next.response.json()) as { assignment: { id: string }; item: { id: string } };
        if (THINK_MS) await sleep(THINK_MS * (0.5 + Math.random()));
        const answer = answerFor(lease.item.id, index, seeded.classes, seeded.uncertainClass);
        const body = { result: [{ task: seeded.taskKey, type: "classification", values: [answer] }], activeMs: THINK_MS || 1000 };
        const submitted = await post(token, `/api/v1/assignments/${lease.assignment.id}/submit`, body);
        if (submitted) {
          loop.submitMs.push(submitted.ms);
          loop.acknowledged.push(((await submitted.response.json()) as { annotationId: string }).annotationId);
        }
        failures = submitted ? 0 : failures + 1;
        holding--;
        submissionEnded.resolve();
        submissionEnded = signal();
      } else {
        failures++;
      }
      if (failures >= CONSECUTIVE_ERRORS_TO_GIVE_UP) {
        loop.gaveUp++;
        return;
      }
      if (failures) await sleep(100 * failures);
    }
    loop.stoppedByLimit = true;
  };

  await Promise.all(seeded.tokens.map(labeler));
  loop.seconds = (performance.now() - started) / 1000;
  return loop;
}

// --- invariants --------------------------------------------------------------------------------------------

interface Invariants {
  itemsOverTarget: number;
  labelerTwiceOnItem: number;
  acknowledgedMissing: number;
  unfinishedItems: number;
  states: Record<string, number>;
  escalations: number;
}

async function checkInvariants(projectId: string, acknowledged: string[]): Promise<Invariants> {
  const items = await db().item.findMany({ where: { projectId }, select: { id: true, extraLabelers: true, reviewState: true, submittedCount: true } });
  // Each labeler's first revision is unique per item: counting them counts the labelers who submitted.
  const submitted = await db().annotation.groupBy({ by: ["itemId"], where: { projectId, isDraft: false, revision: 1 }, _count: { _all: true } });
  const labelersOf = new Map(submitted.map((row) => [row.itemId, row._count._all]));
  const twice = await db().assignment.groupBy({
    by: ["itemId", "userId"],
    where: { projectId, isRevision: false, status: { in: ["submitted", "active"] } },
    having: { itemId: { _count: { gt: 1 } } },
  });
  const stored = new Set((await db().annotation.findMany({ where: { projectId, isDraft: false }, select: { id: true } })).map((row) => row.id));
  const states: Record<string, number> = {};
  for (const item of items) states[item.reviewState] = (states[item.reviewState] ?? 0) + 1;
  return {
    itemsOverTarget: items.filter((item) => (labelersOf.get(item.id) ?? 0) > OVERLAP + item.extraLabelers).length,
    labelerTwiceOnItem: twice.length,
    acknowledgedMissing: acknowledged.filter((id) => !stored.has(id)).length,
    unfinishedItems: items.filter((item) => item.submittedCount < OVERLAP + item.extraLabelers).length,
    states,
    escalations: items.reduce((total, item) => total + item.extraLabelers, 0),
  };
}

// --- report ------------------------------------------------------------------------------------------------

/** Nearest-rank percentile, in ms. */
function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const latency = (values: number[]) => ({ count: values.length, p50: round(percentile(values, 50)), p95: round(percentile(values, 95)), p99: round(percentile(values, 99)) });
const round = (value: number, digits = 1) => Number(value.toFixed(digits));

/** What the server logged about an incident (a 500's body only names it): the error's text and its first frame. */
async function incidentLog(log: string, message: string): Promise<string | undefined> {
  const incident = /incident ([0-9a-f-]{36})/.exec(message)?.[1];
  if (!incident) return undefined;
  const lines = (await readFile(log, "utf8")).split("\n");
  const at = lines.findIndex((line) => line.includes(incident));
  if (at < 0) return undefined;
  const end = lines.findIndex((line, index) => index > at && /^\s+at /.test(line));
  return lines
    .slice(at, end < 0 ? at + 8 : end + 1)
    .filter((line) => line.trim())
    .join("\n")
    .slice(0, 800);
}

const databaseUrl = process.env.BENCH_DATABASE_URL ?? "";
process.env.DATABASE_URL = databaseUrl;
// Before the target is read: without BENCH_DATABASE_URL, the SQLite file lives in this directory.
const workDir = await mkdtemp(path.join(tmpdir(), "concord-bench-loop-"));
process.env.CONCORD_DATA_DIR = workDir;
const target = databaseTarget();
// The bench writes into that database and leaves it for its owner to drop: it must not hold anyone's data.
const tables = target.provider === "postgresql" ? await postgresTables(target.url) : 0;
if (tables) {
  console.error(`BENCH_DATABASE_URL must name an empty database; ${describeTarget(target)} has ${tables} tables. Create a fresh one.`);
  rmSync(workDir, { recursive: true, force: true });
  process.exit(1);
}
const serverLog = path.join(workDir, "server.log");
let server: ChildProcess | undefined;
// Interrupted, the bench still stops its server and removes its files.
for (const interruption of ["SIGINT", "SIGTERM"] as const) {
  process.once(interruption, () => {
    if (server?.pid && server.exitCode === null) process.kill(-server.pid, "SIGTERM");
    rmSync(workDir, { recursive: true, force: true });
    process.exit(130);
  });
}
try {
  await applyMigrations(target);
  const seeding = performance.now();
  const seeded = await seed();
  await db().$disconnect();
  say(`${describeTarget(target)}: seeded ${ITEMS} items, ${LABELERS} labelers with API tokens, overlap ${OVERLAP}, in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

  server = startServer(workDir, databaseUrl, serverLog);
  await waitForServer(server, serverLog);
  // Load each route's code before timing: one request each that fails validation and changes nothing.
  await fetch(`${BASE}/api/v1/projects/${seeded.projectId}/next?ahead=2`, { method: "POST", headers: { authorization: `Bearer ${seeded.tokens[0]}` } });
  await fetch(`${BASE}/api/v1/assignments/none/submit`, { method: "POST", headers: { authorization: `Bearer ${seeded.tokens[0]}`, "content-type": "application/json" }, body: "{}" });

  const serverCpuBefore = treeCpuMs(server.pid!);
  const backendsBefore = target.provider === "postgresql" ? await backendCpuMs(target.url) : new Map<number, number>();
  const benchCpuBefore = process.cpuUsage();
  const loop = await runLabelers(seeded);
  const serverCpuMs = treeCpuMs(server.pid!) - serverCpuBefore;
  const benchCpu = process.cpuUsage(benchCpuBefore);
  // Backends that ended during the run are missed: a lower bound.
  const backendsAfter = target.provider === "postgresql" ? await backendCpuMs(target.url) : new Map<number, number>();
  const databaseCpuMs = [...backendsAfter].reduce((total, [pid, ms]) => total + ms - (backendsBefore.get(pid) ?? 0), 0);

  const invariants = await checkInvariants(seeded.projectId, loop.acknowledged);
  const submissions = loop.acknowledged.length;
  const errors = Object.fromEntries(await Promise.all([...loop.errors].map(async ([status, { count, first }]) => [status, { count, first, serverLog: await incidentLog(serverLog, first) }] as const)));
  const report = {
    database: target.provider,
    items: ITEMS,
    labelers: LABELERS,
    overlap: OVERLAP,
    thinkMs: THINK_MS,
    seconds: round(loop.seconds, 2),
    submissions,
    submissionsPerSecond: round(submissions / loop.seconds, 2),
    nextMs: latency(loop.nextMs),
    submitMs: latency(loop.submitMs),
    emptyAnswers: loop.emptyAnswers,
    drainSeconds: loop.firstEmptyAt === undefined ? null : round(loop.seconds - loop.firstEmptyAt / 1000, 2),
    errors,
    clientsThatGaveUp: loop.gaveUp,
    stoppedByDurationLimit: loop.stoppedByLimit,
    serverCpuMsPerSubmission: round(serverCpuMs / submissions, 2),
    databaseCpuMsPerSubmission: target.provider === "postgresql" ? round(databaseCpuMs / submissions, 2) : null,
    benchCpuMsPerSubmission: round((benchCpu.user + benchCpu.system) / 1000 / submissions, 2),
    invariants,
  };
  const failed = invariants.itemsOverTarget + invariants.labelerTwiceOnItem + invariants.acknowledgedMissing > 0;
  if (failed) process.exitCode = 1;
  if (options.json) {
    console.log(JSON.stringify(report));
  } else {
    const ms = ({ count, p50, p95, p99 }: ReturnType<typeof latency>) => `p50 ${round(p50)} ms, p95 ${round(p95)} ms, p99 ${round(p99)} ms (${count})`;
    say(`${submissions} submissions in ${report.seconds} s: ${report.submissionsPerSecond} a second (think ${THINK_MS} ms${loop.stoppedByLimit ? "; stopped at the duration limit" : ""})`);
    say(`next (a lease): ${ms(report.nextMs)}; "nothing left" answers: ${loop.emptyAnswers}${report.drainSeconds === null ? "" : ` over the last ${report.drainSeconds} s`}`);
    say(`submit: ${ms(report.submitMs)}`);
    say(`processor time per submission: server ${report.serverCpuMsPerSubmission} ms${report.databaseCpuMsPerSubmission === null ? "" : `, PostgreSQL's backends ${report.databaseCpuMsPerSubmission} ms`}, this bench's clients ${report.benchCpuMsPerSubmission} ms`);
    if (!loop.errors.size) say("errors: none");
    for (const [status, error] of Object.entries(errors)) say(`errors ${status}: ${error.count}, first: ${error.first}${error.serverLog ? `\n  server log: ${error.serverLog.replace(/\n/g, "\n  ")}` : ""}`);
    if (loop.gaveUp) say(`${loop.gaveUp} clients gave up after ${CONSECUTIVE_ERRORS_TO_GIVE_UP} errors in a row`);
    say(`items: ${Object.entries(invariants.states).map(([state, count]) => `${count} ${state}`).join(", ")}; ${invariants.escalations} extra labelers asked for; ${invariants.unfinishedItems} items short of their labels`);
    say(
      `invariants: items with more labelers than overlap + extra ${invariants.itemsOverTarget}, a labeler twice on an item ${invariants.labelerTwiceOnItem}, ` +
        `acknowledged submissions missing ${invariants.acknowledgedMissing}: ${failed ? "FAILED" : "ok"}`,
    );
  }
} finally {
  if (server?.pid && server.exitCode === null) {
    process.kill(-server.pid, "SIGTERM");
    await once(server, "exit");
  }
  await db().$disconnect();
  await rm(workDir, { recursive: true, force: true });
  if (databaseUrl) say(`The bench's rows stay in ${describeTarget(target)}: drop that database when done.`);
}

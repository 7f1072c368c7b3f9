// The labeling loop's parts, shared by the benches that run it (labeling-loop.ts, faults.ts): a fresh database in a
// temporary directory (or the empty PostgreSQL database BENCH_DATABASE_URL names), one seeded image project with L
// labelers holding API tokens, Concord's production server of this checkout (lib/cli/start.ts) in a process group of
// its own, L clients looping next → submit over HTTP, and the queue's invariants checked in the database afterwards.
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import sharp from "sharp";
import { createApiToken } from "../lib/server/api-tokens";
import type { Caller } from "../lib/server/auth/caller";
import { db } from "../lib/server/db/client";
import { databaseTarget, describeTarget, type DatabaseTarget } from "../lib/server/db/config";
import { demoDefinition } from "../lib/server/demo";
import { absoluteMediaPath, mediaPaths, sha256 } from "../lib/server/media/store";
import { createProject, setMemberRole } from "../lib/server/projects";
import { addImportedItems } from "../lib/server/statistics";
import { createUser } from "../lib/server/users";

const ROOT = path.resolve(import.meta.dirname, "..");
export const PASSWORD = "bench password 1";

export interface LoopOptions {
  port: number;
  items: number;
  labelers: number;
  overlap: number;
  thinkMs: number;
  durationLimitMs: number;
  /** Errors in a row after which a client stops. */
  giveUpAfter: number;
}

export const baseUrl = (port: number) => `http://localhost:${port}`;

/** Reads a whole-number option of parseArgs' values (strings), with a clear message when it is not one. */
export function wholeNumber(options: Record<string, unknown>, name: string, { zero = false } = {}): number {
  const value = Number(options[name]);
  if (!Number.isInteger(value) || value < (zero ? 0 : 1)) throw new Error(`--${name} takes a whole number${zero ? "" : " above 0"}; got "${String(options[name])}"`);
  return value;
}

/**
 * The bench's database and data directory: SQLite in a fresh temporary directory, or the PostgreSQL database
 * BENCH_DATABASE_URL names, which must be empty (the bench writes into it and leaves it for its owner to drop).
 * Exits when it is not. Sets DATABASE_URL and CONCORD_DATA_DIR for this process's data layer.
 */
export async function benchDatabase(prefix: string): Promise<{ workDir: string; databaseUrl: string; target: DatabaseTarget }> {
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? "";
  process.env.DATABASE_URL = databaseUrl;
  // Before the target is read: without BENCH_DATABASE_URL, the SQLite file lives in this directory.
  const workDir = await mkdtemp(path.join(tmpdir(), prefix));
  process.env.CONCORD_DATA_DIR = workDir;
  const target = databaseTarget();
  const tables = target.provider === "postgresql" ? await postgresTables(target.url) : 0;
  if (tables) {
    console.error(`BENCH_DATABASE_URL must name an empty database; ${describeTarget(target)} has ${tables} tables. Create a fresh one.`);
    rmSync(workDir, { recursive: true, force: true });
    process.exit(1);
  }
  return { workDir, databaseUrl, target };
}

/** Interrupted, a bench still stops its server (whichever runs at the time) and removes its files. */
export function cleanUpOnInterrupt(server: () => ChildProcess | undefined, workDir: string): void {
  for (const interruption of ["SIGINT", "SIGTERM"] as const) {
    process.once(interruption, () => {
      const running = server();
      if (running?.pid && running.exitCode === null) process.kill(-running.pid, "SIGTERM");
      rmSync(workDir, { recursive: true, force: true });
      process.exit(130);
    });
  }
}

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
function answerFor(itemId: string, labeler: number, labelers: number, classes: string[], uncertainClass: string | undefined): string {
  const truth = classes[Math.floor(unitHash(`truth:${itemId}`) * classes.length)]!;
  const hard = unitHash(`hard:${itemId}`) < 0.1;
  const accuracy = hard ? 0.55 : 0.85 + (0.13 * labeler) / Math.max(1, labelers - 1);
  const draw = unitHash(`${itemId}:${labeler}`);
  if (draw < accuracy) return truth;
  if (uncertainClass && draw < accuracy + (1 - accuracy) * 0.15) return uncertainClass;
  const others = classes.filter((name) => name !== truth);
  return others[Math.floor(unitHash(`other:${itemId}:${labeler}`) * others.length)]!;
}

// --- seeding -----------------------------------------------------------------------------------------------

/** A distinct 16×16 PNG per item (its colour is its index), stored where an import would put it. */
export async function seedItems(projectId: string, count: number): Promise<void> {
  const rows = [];
  for (let index = 0; index < count; index++) {
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

export interface Seeded {
  projectId: string;
  taskKey: string;
  classes: string[];
  uncertainClass: string | undefined;
  tokens: string[];
  /** The administrator who created the project (a session caller). */
  admin: Caller;
}

/** The demo's classification task (scene: indoor, outdoor, space; unsure as its uncertainty class). */
export async function sceneTask(): Promise<unknown> {
  return (await demoDefinition()).projects.flatMap((project) => project.tasks).find((task) => (task as { type?: string }).type === "classification");
}

/** One image project with the demo's classification task, its items, and L labelers with an API token each. */
export async function seed(shape: Pick<LoopOptions, "items" | "labelers" | "overlap">): Promise<Seeded> {
  const admin: Caller = { user: await createUser({ email: "admin@bench.test", password: PASSWORD, isAdmin: true }), via: "session" };
  const project = await createProject(admin, { name: "Bench labeling loop", mediaKind: "image", overlap: shape.overlap, maxOverlap: shape.overlap + 2, tasks: [await sceneTask()], guidelines: "Pick the scene." });
  const task = project.tasks.find((candidate) => candidate.type === "classification");
  if (!task || task.type !== "classification") throw new Error("the demo has no classification task");
  await seedItems(project.id, shape.items);
  const tokens: string[] = [];
  for (let index = 0; index < shape.labelers; index++) {
    const labeler = await createUser({ email: `labeler${index}@bench.test`, name: `Labeler ${index}`, password: PASSWORD });
    await setMemberRole(admin.user.id, project.id, labeler.id, "labeler");
    tokens.push((await createApiToken({ user: labeler, via: "session" }, { name: "bench" })).token);
  }
  // As if each labeler had read the guidelines before starting.
  await db().membership.updateMany({ where: { projectId: project.id }, data: { guidelinesAcknowledged: 1 } });
  return { projectId: project.id, taskKey: task.key, classes: task.classes.map((labelClass) => labelClass.name), uncertainClass: task.uncertainClass, tokens, admin };
}

/** How many tables a PostgreSQL database has (BENCH_DATABASE_URL must name an empty one). */
export async function postgresTables(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>(`SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()`);
    return Number(rows[0]!.count);
  } finally {
    await client.end();
  }
}

// --- the server ---------------------------------------------------------------------

/** `npm start`'s code, in a process group of its own. */
export function startServer(port: number, dataDir: string, databaseUrl: string, log: string): ChildProcess {
  return spawn(`exec "${process.execPath}" --import tsx lib/cli/start.ts >"${log}" 2>&1`, {
    shell: true,
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), CONCORD_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, CONCORD_DEMO: "0" },
    stdio: "ignore",
    detached: true,
  });
}

export async function waitForServer(port: number, server: ChildProcess, log: string): Promise<void> {
  // The first start may build the app: allow several minutes.
  for (let attempt = 0; attempt < 900; attempt++) {
    if (server.exitCode !== null) throw new Error(`the server stopped:\n${await readFile(log, "utf8")}`);
    if (await fetch(`${baseUrl(port)}/api/v1/health`).then((response) => response.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error("the server did not start within 15 minutes");
}

// --- the labelers ------------------------------------------------------------------------------------------

export interface Errors {
  count: number;
  first: string;
}

export interface Loop {
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

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A promise with its resolve function (Promise.withResolvers arrives in Node 22). */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((settle) => (resolve = settle));
  return { promise, resolve };
}

export const newLoop = (): Loop => ({ seconds: 0, acknowledged: [], nextMs: [], submitMs: [], emptyAnswers: 0, errors: new Map(), gaveUp: 0, stoppedByLimit: false });

/** Runs L clients until the queue is empty for all of them (or the duration limit), recording into `loop` as they go. */
export async function runLabelers(seeded: Seeded, options: LoopOptions, loop = newLoop()): Promise<Loop> {
  const base = baseUrl(options.port);
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
  /** A POST with its time to the answer's head in ms and its JSON body; a failure is recorded and returned as null. */
  const post = async (token: string, url: string, body: object): Promise<{ status: number; body: unknown; ms: number } | null> => {
    const sent = performance.now();
    try {
      const response = await fetch(`${base}${url}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
      const ms = performance.now() - sent;
      // A body cut off (the server killed after the head) is a network error: the answer never fully arrived.
      if (response.ok) return { status: response.status, body: response.status === 204 ? null : await response.json(), ms };
      await record(String(response.status), response);
    } catch (error) {
      await record("network", undefined, error);
    }
    return null;
  };

  const labeler = async (token: string, index: number) => {
    let failures = 0;
    while (performance.now() - started < options.durationLimitMs) {
      const next = await post(token, `/api/v1/projects/${seeded.projectId}/next`, {});
      if (next?.status === 204) {
        loop.emptyAnswers++;
        loop.firstEmptyAt ??= performance.now() - started;
        if (holding === 0) return;
        await Promise.all([submissionEnded.promise, sleep(1000)]);
        continue;
      }
      if (next) {
        holding++;
        loop.nextMs.push(next.ms);
        const lease = next.body as { assignment: { id: string }; item: { id: string } };
        if (options.thinkMs) await sleep(options.thinkMs * (0.5 + Math.random()));
        const answer = answerFor(lease.item.id, index, seeded.tokens.length, seeded.classes, seeded.uncertainClass);
        const body = { result: [{ task: seeded.taskKey, type: "classification", values: [answer] }], activeMs: options.thinkMs || 1000 };
        const submitted = await post(token, `/api/v1/assignments/${lease.assignment.id}/submit`, body);
        if (submitted) {
          loop.submitMs.push(submitted.ms);
          loop.acknowledged.push((submitted.body as { annotationId: string }).annotationId);
        }
        failures = submitted ? 0 : failures + 1;
        holding--;
        submissionEnded.resolve();
        submissionEnded = signal();
      } else {
        failures++;
      }
      if (failures >= options.giveUpAfter) {
        loop.gaveUp++;
        return;
      }
      // Backing off, a client waits at most a second: a restarted server finds it asking again.
      if (failures) await sleep(Math.min(100 * failures, 1000));
    }
    loop.stoppedByLimit = true;
  };

  await Promise.all(seeded.tokens.map(labeler));
  loop.seconds = (performance.now() - started) / 1000;
  return loop;
}

// --- invariants --------------------------------------------------------------------------------------------

export interface Invariants {
  itemsOverTarget: number;
  labelerTwiceOnItem: number;
  acknowledgedMissing: number;
  unfinishedItems: number;
  states: Record<string, number>;
  escalations: number;
}

export async function checkInvariants(projectId: string, overlap: number, acknowledged: string[]): Promise<Invariants> {
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
    itemsOverTarget: items.filter((item) => (labelersOf.get(item.id) ?? 0) > overlap + item.extraLabelers).length,
    labelerTwiceOnItem: twice.length,
    acknowledgedMissing: acknowledged.filter((id) => !stored.has(id)).length,
    unfinishedItems: items.filter((item) => item.submittedCount < overlap + item.extraLabelers).length,
    states,
    escalations: items.reduce((total, item) => total + item.extraLabelers, 0),
  };
}

// The fault bench (issue 19, "Tests and figures"): a labeling burst (L labelers, no think time, over HTTP with API
// tokens) against Concord's production server, during which the bench SIGKILLs the server's process group and
// restarts it on the same data, on PostgreSQL terminates the server's database connections, and SIGKILLs the server
// in the middle of an import of real image files; once the killed import's incoming folder is stale, a last SIGKILL
// and restart (the start-up sweep's turn). Then it checks the database and the media folders and prints a markdown
// table: acknowledged submissions, how many are stored, half-written states and orphan files. Exit status 1 when
// any of those is off.
// Run: npx tsx bench/faults.ts [--items 300] [--labelers 20] [--overlap 3] [--kills 3] [--terminations 3]
//        [--import-files 60] [--duration-limit 240]                       (SQLite in a temporary directory)
//      BENCH_DATABASE_URL=postgresql://… npx tsx bench/faults.ts …   (an empty PostgreSQL database, kept)
// BENCH_PORT sets the server's port (default 3310). The code measured is the checkout this file is in.
import { type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { createApiToken } from "../lib/server/api-tokens";
import { db } from "../lib/server/db/client";
import { describeTarget } from "../lib/server/db/config";
import { applyMigrations } from "../lib/server/db/migrations";
import { derivedPaths, INCOMING_STALE_MS, mediaRoot } from "../lib/server/media/store";
import { createProject } from "../lib/server/projects";
import { baseUrl, benchDatabase, checkInvariants, cleanUpOnInterrupt, newLoop, runLabelers, sceneTask, seed, sleep, startServer, waitForServer, wholeNumber, type LoopOptions } from "./loop-harness";

const PORT = Number(process.env.BENCH_PORT ?? 3310);
const FIXTURES = "/work/shared/fixtures/images";

const { values: options } = parseArgs({
  options: {
    items: { type: "string", default: "300" },
    labelers: { type: "string", default: "20" },
    overlap: { type: "string", default: "3" },
    kills: { type: "string", default: "3" },
    terminations: { type: "string", default: "3" },
    "import-files": { type: "string", default: "60" },
    "duration-limit": { type: "string", default: "240" },
  },
});
const number = (name: keyof typeof options, flags?: { zero?: boolean }) => wholeNumber(options, name, flags);
const loopOptions: LoopOptions = {
  port: PORT,
  items: number("items"),
  labelers: number("labelers"),
  overlap: number("overlap"),
  thinkMs: 0,
  durationLimitMs: number("duration-limit") * 1000,
  // While the server is down every request fails: clients keep asking (backing off to once a second) until it is back.
  giveUpAfter: Infinity,
};
const KILLS = number("kills", { zero: true });
const IMPORT_FILES = number("import-files");
const say = (line: string) => console.error(line);

const { workDir, databaseUrl, target } = await benchDatabase("concord-bench-faults-");
const TERMINATIONS = target.provider === "postgresql" ? number("terminations", { zero: true }) : 0;
let server: ChildProcess | undefined;
cleanUpOnInterrupt(() => server, workDir);

// --- the server's life ---------------------------------------------------------------------------------------

let starts = 0;
async function start(): Promise<void> {
  // Another server answering on the port would be taken for this one.
  if (await fetch(`${baseUrl(PORT)}/api/v1/health`).then(() => true, () => false)) throw new Error(`port ${PORT} is taken: set BENCH_PORT`);
  const log = path.join(workDir, `server-${++starts}.log`);
  server = startServer(PORT, workDir, databaseUrl, log);
  await waitForServer(PORT, server, log);
}

/** SIGKILL to the whole process group (start.ts and the server it runs): nothing gets to clean up. */
async function kill(): Promise<void> {
  if (!server?.pid || server.exitCode !== null) return;
  const exited = once(server, "exit");
  process.kill(-server.pid, "SIGKILL");
  await exited;
}

/** Ends every connection of the server to its database, as a PostgreSQL restart or a network cut would. */
async function terminateConnections(): Promise<number> {
  if (target.provider !== "postgresql") throw new Error("connections are terminated on PostgreSQL only");
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    return rows.length;
  } finally {
    await client.end();
  }
}

// --- an import killed midway -----------------------------------------------------------------------------------

/** Copies of the fixture images, each made distinct by a few trailing bytes (decoders ignore them), so none is a duplicate. */
async function importFiles(): Promise<string[]> {
  const folder = path.join(workDir, "to-import");
  await mkdir(folder);
  const fixtures = (await readdir(FIXTURES)).sort();
  const written: string[] = [];
  for (let index = 0; index < IMPORT_FILES; index++) {
    const fixture = fixtures[index % fixtures.length]!;
    const copy = path.join(folder, `${index}-${fixture}`);
    await writeFile(copy, Buffer.concat([await readFile(path.join(FIXTURES, fixture)), Buffer.from(`copy ${index}`)]));
    written.push(copy);
  }
  return written;
}

/** Files under a folder, recursively, relative to the media root; none when it does not exist. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(mediaRoot(), path.join(entry.parentPath, entry.name)));
}

/**
 * Posts the files as one multipart import and SIGKILLs the server as soon as the import has begun to store them (a
 * file in the project's media folder), or after a minute if it stores none. Says what was where at the kill, or that
 * the import answered first.
 */
async function importKilledMidway(projectId: string, token: string, files: string[]): Promise<string> {
  const form = new FormData();
  for (const file of files) form.append("files", new Blob([await readFile(file)]), path.basename(file));
  let answered: string | undefined;
  const upload = fetch(`${baseUrl(PORT)}/api/v1/projects/${projectId}/imports`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form }).then(
    (response) => (answered = `answered ${response.status} before the kill`),
    () => undefined,
  );
  const sent = performance.now();
  while (!(await filesUnder(path.join(mediaRoot(), projectId))).length && performance.now() - sent < 60_000) {
    if (answered) return answered;
    await sleep(10);
  }
  const stored = (await filesUnder(path.join(mediaRoot(), projectId))).length;
  const incoming = (await filesUnder(path.join(mediaRoot(), ".incoming"))).length;
  await kill();
  await upload;
  return `killed with ${incoming} files in .incoming and ${stored} in the project's folder`;
}

// --- what is left after the last restart -------------------------------------------------------------------------

interface Aftermath {
  acknowledged: number;
  present: number;
  /** Items whose submittedCount is not the number of labelers with a stored first submission. */
  submittedCountOff: number;
  /** Σ |leaseCount − active first-time leases| over items. */
  leaseCountOff: number;
  /** Items with all their labels (overlap + extra labelers) and no judgement (agreementAt null). */
  completeUnjudged: number;
  /** Items with more labelers (stored first submissions) than their overlap plus extra labelers. */
  overOverlap: number;
  /** Items whose media file is not in the store. */
  itemsWithoutMedia: number;
  /** Files in the projects' media folders that no item refers to (its media, thumbnail or waveform peaks). */
  orphanFiles: number;
  /** Files left in the media root's dot-folders (.incoming, and any staging folder). */
  leftovers: number;
}

async function aftermath(projectId: string, overlap: number, acknowledged: string[]): Promise<Aftermath> {
  const invariants = await checkInvariants(projectId, overlap, acknowledged);
  const items = await db().item.findMany({ select: { id: true, projectId: true, mediaPath: true, sha256: true, submittedCount: true, leaseCount: true, extraLabelers: true, agreementAt: true, project: { select: { overlap: true } } } });
  const firstSubmissions = await db().annotation.groupBy({ by: ["itemId"], where: { isDraft: false, revision: 1 }, _count: { _all: true } });
  const submittersOf = new Map(firstSubmissions.map((row) => [row.itemId, row._count._all]));
  const activeLeases = await db().assignment.groupBy({ by: ["itemId"], where: { status: "active", isRevision: false }, _count: { _all: true } });
  const activeOf = new Map(activeLeases.map((row) => [row.itemId, row._count._all]));

  const referenced = new Set(items.flatMap((item) => [item.mediaPath, ...Object.values(derivedPaths(item.projectId, item.sha256))]));
  const files = await filesUnder(mediaRoot());
  const leftover = (file: string) => file.startsWith(".");
  const exists = new Set(files);
  return {
    acknowledged: acknowledged.length,
    present: acknowledged.length - invariants.acknowledgedMissing,
    submittedCountOff: items.filter((item) => item.submittedCount !== (submittersOf.get(item.id) ?? 0)).length,
    leaseCountOff: items.reduce((total, item) => total + Math.abs(item.leaseCount - (activeOf.get(item.id) ?? 0)), 0),
    completeUnjudged: items.filter((item) => item.submittedCount > 0 && item.submittedCount >= item.project.overlap + item.extraLabelers && !item.agreementAt).length,
    overOverlap: invariants.itemsOverTarget,
    itemsWithoutMedia: items.filter((item) => !exists.has(item.mediaPath)).length,
    orphanFiles: files.filter((file) => !leftover(file) && !referenced.has(file)).length,
    leftovers: files.filter(leftover).length,
  };
}

// --- the run -------------------------------------------------------------------------------------------------

try {
  await applyMigrations(target);
  const seeded = await seed(loopOptions);
  const importProject = await createProject(seeded.admin, { name: "Bench import", mediaKind: "image", overlap: 1, maxOverlap: 1, tasks: [await sceneTask()], guidelines: "Pick the scene." });
  const importToken = (await createApiToken(seeded.admin, { name: "bench import" })).token;
  const files = await importFiles();
  await db().$disconnect();
  say(`${describeTarget(target)}: seeded ${loopOptions.items} items, ${loopOptions.labelers} labelers, overlap ${loopOptions.overlap}; ${files.length} image files to import`);
  await start();

  // Faults at submissions spread over the burst's first 70 % (by the submissions the items need without escalation),
  // so that each one meets a busy server: the plain kills, with a termination of connections after each (PostgreSQL),
  // then the kill mid-import.
  const faults: ("kill" | "terminate" | "import")[] = [];
  for (let index = 0; index < Math.max(KILLS, TERMINATIONS); index++) {
    if (index < KILLS) faults.push("kill");
    if (index < TERMINATIONS) faults.push("terminate");
  }
  faults.push("import");
  const expected = loopOptions.items * loopOptions.overlap;
  const loop = newLoop();
  const started = performance.now();
  const burst = runLabelers(seeded, loopOptions, loop);
  let burstOver = false;
  void burst.then(() => (burstOver = true));
  const log: string[] = [];
  let importKilledAt = 0;
  for (const [index, fault] of faults.entries()) {
    const at = Math.round(expected * (0.1 + (0.6 * index) / Math.max(1, faults.length - 1)));
    while (loop.acknowledged.length < at && !burstOver) await sleep(50);
    const when = `at ${loop.acknowledged.length} acknowledged (${((performance.now() - started) / 1000).toFixed(1)} s)`;
    if (fault === "kill") {
      await kill();
      const down = performance.now();
      await start();
      log.push(`SIGKILL ${when}; back after ${((performance.now() - down) / 1000).toFixed(1)} s`);
    } else if (fault === "terminate") {
      log.push(`terminated ${await terminateConnections()} connections ${when}`);
    } else {
      const outcome = await importKilledMidway(importProject.id, importToken, files);
      const down = (importKilledAt = performance.now());
      await start();
      log.push(`import of ${files.length} files ${when}: ${outcome}; back after ${((performance.now() - down) / 1000).toFixed(1)} s`);
    }
  }
  await burst;
  const seconds = (performance.now() - started) / 1000;
  for (const line of log) say(line);
  const errors = [...loop.errors].map(([status, { count, first }]) => `${status} ×${count} (first: ${first.slice(0, 160)})`);
  say(`burst: ${loop.acknowledged.length} acknowledged submissions in ${seconds.toFixed(1)} s${loop.stoppedByLimit ? " (stopped at the duration limit)" : ""}; failed requests: ${errors.join("; ") || "none"}`);


  // The sweep settles an incoming folder once its process has been gone INCOMING_STALE_MS (its heartbeat stopped): a
  // last SIGKILL and restart after that gives the start-up sweep everything the kills left. It runs in the background
  // once the server answers, so the files are watched for up to two minutes before the figures are taken.
  while (performance.now() < importKilledAt + INCOMING_STALE_MS + 5_000) await sleep(1000);
  await kill();
  await start();
  const restarted = performance.now();
  let result = await aftermath(seeded.projectId, loopOptions.overlap, loop.acknowledged);
  while ((result.orphanFiles || result.leftovers) && performance.now() - restarted < 120_000) {
    await sleep(2000);
    result = await aftermath(seeded.projectId, loopOptions.overlap, loop.acknowledged);
  }
  say(`last SIGKILL and restart ${((restarted - importKilledAt) / 1000).toFixed(0)} s after the import's; figures taken ${((performance.now() - restarted) / 1000).toFixed(0)} s after it`);
  const killed = faults.filter((fault) => fault !== "terminate").length + 1;
  const columns: [string, string | number][] = [
    ["database", target.provider === "postgresql" ? "PostgreSQL" : "SQLite"],
    ["SIGKILLs (1 mid-import)", killed],
    ["connections terminated (rounds)", TERMINATIONS],
    ["acknowledged", result.acknowledged],
    ["present", result.present],
    ["submittedCount ≠ first submissions", result.submittedCountOff],
    ["leaseCount ≠ active leases", result.leaseCountOff],
    ["complete, unjudged", result.completeUnjudged],
    ["over overlap", result.overOverlap],
    ["items without media", result.itemsWithoutMedia],
    ["orphan files", result.orphanFiles],
    ["left in .incoming/staging", result.leftovers],
  ];
  console.log(`| ${columns.map(([name]) => name).join(" | ")} |`);
  console.log(`|${columns.map(() => "---").join("|")}|`);
  console.log(`| ${columns.map(([, value]) => value).join(" | ")} |`);
  const { acknowledged, present, ...shouldBeZero } = result;
  if (!acknowledged || acknowledged !== present || Object.values(shouldBeZero).some(Boolean)) process.exitCode = 1;
} finally {
  await kill();
  await db().$disconnect();
  await rm(workDir, { recursive: true, force: true });
  if (databaseUrl) say(`The bench's rows stay in ${describeTarget(target)}: drop that database when done.`);
}

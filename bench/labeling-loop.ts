// The labeling loop over HTTP: L labelers (API tokens) each asking for their next item and submitting a class
// until the queue is empty, against Concord's production server started from this checkout (lib/cli/start.ts:
// migrates, builds when the sources changed, serves). Prints submissions per second, the latency of /next and
// /submit, errors by HTTP status, the processor time per submission (from /proc) of the server and, on PostgreSQL,
// of its backends, and checks the queue's invariants in the database at the end (exit status 1 if one fails).
// Run: npx tsx bench/labeling-loop.ts [--items 1500] [--labelers 50] [--overlap 3] [--think-ms 0]
//        [--duration-limit SECONDS] [--floor N] [--instances N] [--json]          (SQLite in a temporary directory)
// --floor N first sends N requests (as many at once as there are labelers) of two kinds that do next to no work and
// reports the server's processor time for each: what the framework and the data layer cost before any labeling.
// --instances N (PostgreSQL only) starts N - 1 more instances of the build on the same database and sends the
// labelers' requests to all of them in turn through a round-robin proxy on BENCH_PORT + 1 (issue 20).
//      BENCH_DATABASE_URL=postgresql://… npx tsx bench/labeling-loop.ts …   (an empty PostgreSQL database, kept)
// BENCH_PORT sets the server's port (default 3300). The code measured is the checkout this file is in.
import { type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readdirSync, readFileSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import type { Server } from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { db } from "../lib/server/db/client";
import { describeTarget } from "../lib/server/db/config";
import { applyMigrations } from "../lib/server/db/migrations";
import { roundRobinProxy, startInstances, stopInstances, type Instance } from "../lib/testing/instances";
import { baseUrl, benchDatabase, checkInvariants, cleanUpOnInterrupt, runLabelers, seed, startServer, waitForServer, wholeNumber, type LoopOptions } from "./loop-harness";

const PORT = Number(process.env.BENCH_PORT ?? 3300);
const BASE = baseUrl(PORT);

const { values: options } = parseArgs({
  options: {
    items: { type: "string", default: "1500" },
    labelers: { type: "string", default: "50" },
    overlap: { type: "string", default: "3" },
    "think-ms": { type: "string", default: "0" },
    "duration-limit": { type: "string" },
    floor: { type: "string", default: "0" },
    instances: { type: "string", default: "1" },
    json: { type: "boolean", default: false },
  },
});
const positiveInteger = (name: keyof typeof options, flags?: { zero?: boolean }) => wholeNumber(options, name, flags);
const ITEMS = positiveInteger("items");
const LABELERS = positiveInteger("labelers");
const OVERLAP = positiveInteger("overlap");
const THINK_MS = positiveInteger("think-ms", { zero: true });
const DURATION_LIMIT_MS = options["duration-limit"] === undefined ? Infinity : positiveInteger("duration-limit") * 1000;
const FLOOR_REQUESTS = positiveInteger("floor", { zero: true });
const INSTANCES = positiveInteger("instances");
const CONSECUTIVE_ERRORS_TO_GIVE_UP = 5;
const loopOptions: LoopOptions = { port: PORT, items: ITEMS, labelers: LABELERS, overlap: OVERLAP, thinkMs: THINK_MS, durationLimitMs: DURATION_LIMIT_MS, giveUpAfter: CONSECUTIVE_ERRORS_TO_GIVE_UP };
const say = (line: string) => (options.json ? console.error(line) : console.log(line));

// --- processor time ------------------------------------------------------------------------------------------

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

/** The server's processor time per request for `count` requests made by `concurrency` clients at once. */
async function serverCpuMsPerRequest(serverPid: number, count: number, concurrency: number, request: () => Promise<Response>): Promise<number> {
  const before = treeCpuMs(serverPid);
  let sent = 0;
  const client = async () => {
    while (sent < count) {
      sent++;
      const response = await request();
      if (!response.ok) throw new Error(`the floor's request answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return (treeCpuMs(serverPid) - before) / count;
}

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

const { workDir, databaseUrl, target } = await benchDatabase("concord-bench-loop-");
const serverLog = path.join(workDir, "server.log");
let server: ChildProcess | undefined;
let moreInstances: Instance[] = [];
let proxy: Server | undefined;
cleanUpOnInterrupt(() => server, workDir);
try {
  await applyMigrations(target);
  const seeding = performance.now();
  const seeded = await seed(loopOptions);
  await db().$disconnect();
  say(`${describeTarget(target)}: seeded ${ITEMS} items, ${LABELERS} labelers with API tokens, overlap ${OVERLAP}, in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

  server = startServer(PORT, workDir, databaseUrl, serverLog);
  await waitForServer(PORT, server, serverLog);
  if (INSTANCES > 1) {
    if (target.provider !== "postgresql") throw new Error("--instances needs PostgreSQL (BENCH_DATABASE_URL): instances share only the database");
    moreInstances = await startInstances(INSTANCES - 1, { DATABASE_URL: databaseUrl, CONCORD_DEMO: "0" });
    proxy = await roundRobinProxy(PORT + 1, [{ origin: BASE, log: serverLog, process: server }, ...moreInstances]);
    say(`${INSTANCES} instances behind a round-robin proxy on port ${PORT + 1}`);
  }
  const serverPids = () => [server!.pid!, ...moreInstances.map((instance) => instance.process.pid!)];
  const serversCpuMs = () => serverPids().reduce((total, pid) => total + treeCpuMs(pid), 0);
  const loopPort = INSTANCES > 1 ? PORT + 1 : PORT;
  // Load each route's code before timing: one request each that fails validation and changes nothing.
  // Through the proxy, N of each in a row: every instance gets one.
  const base = baseUrl(loopPort);
  for (let turn = 0; turn < INSTANCES; turn++) await fetch(`${base}/api/v1/projects/${seeded.projectId}/next?ahead=2`, { method: "POST", headers: { authorization: `Bearer ${seeded.tokens[0]}` } });
  for (let turn = 0; turn < INSTANCES; turn++) await fetch(`${base}/api/v1/assignments/none/submit`, { method: "POST", headers: { authorization: `Bearer ${seeded.tokens[0]}`, "content-type": "application/json" }, body: "{}" });

  if (FLOOR_REQUESTS) {
    const authorization = { authorization: `Bearer ${seeded.tokens[0]}` };
    const health = await serverCpuMsPerRequest(server.pid!, FLOOR_REQUESTS, LABELERS, () => fetch(`${BASE}/api/v1/health`));
    const progress = await serverCpuMsPerRequest(server.pid!, FLOOR_REQUESTS, LABELERS, () => fetch(`${BASE}/api/v1/projects/${seeded.projectId}/progress`, { headers: authorization }));
    say(`floor, server processor time per request (${FLOOR_REQUESTS} each): /health (one SELECT 1) ${round(health, 2)} ms, /progress (token + a few reads) ${round(progress, 2)} ms`);
  }

  const serverCpuBefore = serversCpuMs();
  const backendsBefore = target.provider === "postgresql" ? await backendCpuMs(target.url) : new Map<number, number>();
  const benchCpuBefore = process.cpuUsage();
  const loop = await runLabelers(seeded, { ...loopOptions, port: loopPort });
  const serverCpuMs = serversCpuMs() - serverCpuBefore;
  const benchCpu = process.cpuUsage(benchCpuBefore);
  // Backends that ended during the run are missed: a lower bound.
  const backendsAfter = target.provider === "postgresql" ? await backendCpuMs(target.url) : new Map<number, number>();
  const databaseCpuMs = [...backendsAfter].reduce((total, [pid, ms]) => total + ms - (backendsBefore.get(pid) ?? 0), 0);

  const invariants = await checkInvariants(seeded.projectId, OVERLAP, loop.acknowledged);
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
  await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
  await stopInstances(moreInstances);
  if (server?.pid && server.exitCode === null) {
    process.kill(-server.pid, "SIGTERM");
    await once(server, "exit");
  }
  await db().$disconnect();
  await rm(workDir, { recursive: true, force: true });
  if (databaseUrl) say(`The bench's rows stay in ${describeTarget(target)}: drop that database when done.`);
}

// The job queue (issue 20, background work in a PostgreSQL job queue): a job asked for again while one with its key
// waits runs once; one key runs once at a time, also across instances (a second pg-boss worker on the same
// database); and on PostgreSQL a job whose worker process was killed mid-run is run again by another instance.
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";
import { PgBoss } from "pg-boss";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { describeEachDatabase } from "@/lib/testing/integration";
import { backgroundSettled } from "./background";
import { defineJob, JOB_SCHEMA, startJobQueue, stopJobQueue } from "./jobs";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** A job that holds until let go, counting its runs and how many ran at once. */
const held = { runs: 0, running: 0, mostAtOnce: 0, release: () => undefined as void, gate: Promise.resolve() };
const hold = () => {
  held.gate = new Promise<void>((resolve) => (held.release = resolve));
};
async function heldRun(): Promise<void> {
  held.runs++;
  held.mostAtOnce = Math.max(held.mostAtOnce, ++held.running);
  await held.gate;
  held.running--;
}
const recount = defineJob<{ projectId: string }>({ name: "test-recount", key: ({ projectId }) => projectId, run: heldRun });

/** Jobs of the queue not yet ended (waiting, to be retried, or running), read from pg-boss's table. */
async function unfinished(url: string, name: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${JOB_SCHEMA}.job WHERE name = $1 AND state IN ('created', 'retry', 'active')`, [name]);
    return rows[0].n;
  } finally {
    await client.end();
  }
}

describeEachDatabase("job queue", (context) => {
  beforeAll(async () => {
    await startJobQueue(context().target, { superviseSeconds: 1 });
  });
  afterAll(() => stopJobQueue());

  it("issue 20: a recount asked for three times while the first runs runs twice, never two at once, also with a second instance working the queue", async () => {
    const { target } = context();
    // A second instance's worker on the same queue (PostgreSQL); on SQLite every job runs in this process.
    const other = target.provider === "postgresql" ? new PgBoss({ connectionString: target.url, schema: JOB_SCHEMA }) : null;
    if (other) {
      await other.start();
      await other.work("test-recount", { pollingIntervalSeconds: 0.5 }, heldRun);
    }
    Object.assign(held, { runs: 0, running: 0, mostAtOnce: 0 });
    try {
      hold();
      await recount.send({ projectId: "p1" });
      await vi.waitFor(() => expect(held.running).toBe(1), { timeout: 20_000 });
      await recount.send({ projectId: "p1" });
      await recount.send({ projectId: "p1" });
      if (target.provider === "postgresql") {
        // One running, one waiting: the third request is the waiting one, and neither instance takes it meanwhile.
        expect(await unfinished(target.url, "test-recount")).toBe(2);
        await new Promise((resolve) => setTimeout(resolve, 3_000)); // several polls of both workers
        expect(held.running).toBe(1);
      }
      const first = held.release;
      hold();
      first();
      await vi.waitFor(() => expect(held.runs).toBe(2), { timeout: 20_000 });
      held.release();
      if (target.provider === "postgresql") await vi.waitFor(async () => expect(await unfinished(target.url, "test-recount")).toBe(0), { timeout: 20_000 });
      else await backgroundSettled();
      expect(held.runs).toBe(2);
      expect(held.mostAtOnce).toBe(1);
    } finally {
      await other?.stop({ graceful: false, close: true });
    }
  });

  it("issue 20: a job whose worker process is killed mid-run is run again by another instance", async ({ skip }) => {
    const { target } = context();
    if (target.provider !== "postgresql") return skip("SQLite runs jobs in the process that asked: nothing survives it to retry");
    let ranHere = 0;
    defineJob<{ key: string }>({ name: "test-hanging", key: ({ key }) => key, run: async () => void ranHere++ });
    // The job was declared after this process's queue started: this process does not work it yet.
    const worker = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "lib/testing/job-worker.ts"), target.url], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    const lines = createInterface({ input: worker.stdout! })[Symbol.asyncIterator]();
    const next = async () => (await lines.next()).value as string;
    expect(await next()).toBe("ready");
    const sender = new PgBoss({ connectionString: target.url, schema: JOB_SCHEMA, supervise: false });
    await sender.start();
    const id = (await sender.send("test-hanging", { key: "k" }, { singletonKey: "k" }))!;
    expect(await next()).toBe("started k");
    worker.kill("SIGKILL");
    await new Promise((resolve) => worker.once("exit", resolve));

    // This instance now works the queue: its heartbeat lapsed, the job is failed and retried here.
    await stopJobQueue();
    await startJobQueue(target, { heartbeatSeconds: 10, superviseSeconds: 1 });
    await vi.waitFor(async () => expect((await sender.getJobById("test-hanging", id))?.state).toBe("completed"), { timeout: 90_000, interval: 500 });
    expect(ranHere).toBe(1);
    expect((await sender.getJobById("test-hanging", id))?.retryCount).toBe(1);
    await sender.stop({ graceful: false, close: true });
  }, 120_000);
});

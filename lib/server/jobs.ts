// Background work as named jobs, one interface and two drivers. On PostgreSQL the production server (serve.ts) starts
// a pg-boss queue in the app's database (schema "pgboss"): every instance works it, a job sent while one with the same
// key is waiting is not queued twice, at most one job per key runs at a time across instances, and a job whose
// instance died (its heartbeat stopped) is run again by another. On SQLite (one machine), and wherever no queue was
// started (tests, the command line), a job runs in this process after the request (background.ts), one at a time per
// key through a JobLease row.
// Next.js bundles the route handlers apart from serve.ts's modules, in the same process: the queue and the jobs' code
// are kept on globalThis, so that a handler's send reaches the queue serve.ts started.
import { PgBoss } from "pg-boss";
import { runInBackground } from "./background";
import type { DatabaseTarget } from "./db/config";

export interface JobDefinition<Data extends object> {
  /** The queue's name. */
  name: string;
  /** The key a job runs under: one job per key waits, and one runs at a time (a project's id, an export's id). */
  key: (data: Data) => string;
  /** The work; a throw fails the attempt, which pg-boss tries again (retryLimit). */
  run: (data: Data) => Promise<void>;
  /** Jobs of this name one instance runs at once, with different keys (1 unless said). */
  concurrency?: number;
  /** Attempts after the first, when one fails or its instance dies (2 unless said). */
  retryLimit?: number;
  /**
   * How long a run may take before it counts as failed and is run again (pg-boss's expireInSeconds; 4 hours unless said:
   * a dead instance's job is found by its heartbeat long before, and a long recount must not be run twice at once).
   */
  expireInSeconds?: number;
}

export interface Job<Data extends object> {
  /**
   * Queues the job (or, without a queue, starts it here); resolves once it is queued: true when it went to the shared
   * queue as a job of its own (its data is then for whichever instance runs it), false when it runs in this process
   * or the job of its key already waiting stands for it.
   */
  send(data: Data): Promise<boolean>;
  /** The same, for callers that do not wait: a failure to queue is logged. */
  trigger(data: Data): void;
}

/** The schema pg-boss keeps its tables in, in the app's database. */
export const JOB_SCHEMA = "pgboss";
// A worker refreshes its job's heartbeat every half of this; a job whose heartbeat is older is failed and retried.
// The supervisor looks for them every SUPERVISE_SECONDS: a dead instance's job runs again within about a minute.
const HEARTBEAT_SECONDS = 20;
const SUPERVISE_SECONDS = 15;

type AnyDefinition = JobDefinition<any>;
const shared = globalThis as unknown as { concordJobs?: { boss: PgBoss | null; definitions: Map<string, AnyDefinition> } };
const jobs = (shared.concordJobs ??= { boss: null, definitions: new Map() });

/** Declares a job: its definition is what any instance's worker runs. */
export function defineJob<Data extends object>(definition: JobDefinition<Data>): Job<Data> {
  jobs.definitions.set(definition.name, definition);
  const send = async (data: Data) => {
    const key = definition.key(data);
    if (jobs.boss) return (await jobs.boss.send(definition.name, data, { singletonKey: key })) !== null;
    runInBackground(`${definition.name}:${key}`, () => definition.run(data));
    return false;
  };
  return {
    send,
    trigger: (data) =>
      void send(data).catch((error: unknown) => console.error(`concord: could not queue the job ${definition.name}:`, error instanceof Error ? error.message : error)),
  };
}

/** Shorter intervals for tests: how often a heartbeat is due (at least 10 s), and how often the supervisor looks. */
export interface QueueTuning {
  heartbeatSeconds?: number;
  superviseSeconds?: number;
}

/** Starts the queue and a worker per declared job, on PostgreSQL (elsewhere jobs run in-process and nothing starts). */
export async function startJobQueue(target: DatabaseTarget, { heartbeatSeconds = HEARTBEAT_SECONDS, superviseSeconds = SUPERVISE_SECONDS }: QueueTuning = {}): Promise<void> {
  if (target.provider !== "postgresql" || jobs.boss) return;
  const boss = new PgBoss({ connectionString: target.url, schema: JOB_SCHEMA, superviseIntervalSeconds: superviseSeconds, monitorIntervalSeconds: superviseSeconds });
  boss.on("error", (error: Error) => console.error("concord: job queue:", error.message));
  await boss.start();
  for (const definition of jobs.definitions.values()) {
    // "stately": one job per key queued and one running, so a second request while one waits is the same job.
    await boss.createQueue(definition.name, {
      policy: "stately",
      heartbeatSeconds,
      retryLimit: definition.retryLimit ?? 2,
      expireInSeconds: definition.expireInSeconds ?? 4 * 3600,
    });
    await boss.work<object>(definition.name, { localConcurrency: definition.concurrency ?? 1 }, async ([job]) => {
      if (job) await jobs.definitions.get(definition.name)!.run(job.data);
    });
  }
  jobs.boss = boss;
}

/** Stops taking jobs and waits up to `timeoutMs` for those running here to end (a clean shutdown). */
export async function stopJobQueue(timeoutMs = 10_000): Promise<void> {
  const boss = jobs.boss;
  if (!boss) return;
  jobs.boss = null;
  await boss.stop({ graceful: true, timeout: timeoutMs, close: true });
}

/** Whether jobs go to the shared queue, to be run by any instance. */
export const sharedQueue = (): boolean => jobs.boss !== null;

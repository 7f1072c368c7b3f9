// One thread reads every SQLite dashboard of this process (dashboard-worker.ts), on a read-only connection of its own:
// better-sqlite3 holds the thread it reads on, so a load read here held every other request until it ended (at
// 1,000,000 items 170–460 ms: thousands of ledger rows, pages read from disk on a cold cache, and their garbage). The
// thread ends when idle for a while.
import { Worker } from "node:worker_threads";
import { bundledScript } from "./bundles";
import type { Dashboard } from "./dashboard";
import type { DashboardAnswer, DashboardRequest, SqliteTarget } from "./dashboard-worker";

const IDLE_MS = 10 * 60_000;

interface Thread {
  worker: Worker;
  /** The loads asked of this thread and not answered yet, by request id. */
  waiting: Map<number, { resolve: (dashboard: Dashboard) => void; reject: (error: Error) => void }>;
}

let thread: Promise<Thread> | null = null;
let idleTimer: NodeJS.Timeout | undefined;
let requests = 0;

/** Starts the thread; the promise is forgotten once the thread ends (or never started), so that the next load starts another. */
function spawn(): Promise<Thread> {
  const spawned: Promise<Thread> = bundledScript("dashboard").then((script) => {
    const worker = new Worker(script);
    const waiting: Thread["waiting"] = new Map();
    worker.on("message", (answer: DashboardAnswer) => {
      const waiter = waiting.get(answer.id);
      waiting.delete(answer.id);
      if ("failed" in answer) waiter?.reject(new Error(`The dashboard could not be read: ${answer.failed}`));
      else waiter?.resolve(answer.dashboard);
    });
    // The thread is gone after either: the loads it had fail.
    const gone = (error: Error) => {
      if (thread === spawned) thread = null;
      for (const waiter of waiting.values()) waiter.reject(error);
      waiting.clear();
    };
    worker.on("error", gone).on("exit", (code) => gone(new Error(`the dashboard's thread ended (exit code ${code}) without an answer`)));
    return { worker, waiting };
  });
  spawned.catch(() => {
    if (thread === spawned) thread = null;
  });
  return spawned;
}

/** A SQLite project's dashboard figures (dashboardFigures), read in the dashboard's thread. */
export async function dashboardInThread(target: SqliteTarget, projectId: string): Promise<Dashboard> {
  clearTimeout(idleTimer);
  const current = (thread ??= spawn());
  const { worker, waiting } = await current;
  const id = requests++;
  try {
    // The process waits for the thread while it has loads to answer, never for an idle one.
    worker.ref();
    return await new Promise<Dashboard>((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, target: { provider: "sqlite", file: target.file }, projectId } satisfies DashboardRequest);
    });
  } finally {
    if (!waiting.size) {
      worker.unref();
      if (thread === current) {
        clearTimeout(idleTimer);
        idleTimer = setTimeout(() => {
          thread = null;
          void worker.terminate();
        }, IDLE_MS).unref();
      }
    }
  }
}

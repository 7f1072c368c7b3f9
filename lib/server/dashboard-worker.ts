// The dashboard's thread on SQLite (dashboard-thread.ts starts it, bundled by bundles.ts): reads a project's dashboard
// on a read-only connection of its own, so that the reads, which hold the thread they run on, hold only this one.
import { parentPort } from "node:worker_threads";
import { dashboardFigures, type Dashboard } from "./dashboard";
import { createReadOnlySqliteDb, setDb, type Db } from "./db/client";
import type { DatabaseTarget } from "./db/config";

export type SqliteTarget = Extract<DatabaseTarget, { provider: "sqlite" }>;
export interface DashboardRequest {
  id: number;
  target: SqliteTarget;
  projectId: string;
}
export type DashboardAnswer = { id: number; dashboard: Dashboard } | { id: number; failed: string };

const port = parentPort!;
let connection: { file: string; client: Db } | null = null;

port.on("message", async ({ id, target, projectId }: DashboardRequest) => {
  try {
    // The app's database, as each request names it (integration suites use one after another).
    if (connection?.file !== target.file) {
      const previous = connection;
      connection = { file: target.file, client: createReadOnlySqliteDb(target) };
      setDb(connection.client, target);
      void previous?.client.$disconnect();
    }
    port.postMessage({ id, dashboard: await dashboardFigures(projectId) } satisfies DashboardAnswer);
  } catch (error) {
    console.error("concord: the dashboard's thread failed:", error);
    port.postMessage({ id, failed: error instanceof Error ? error.message : String(error) } satisfies DashboardAnswer);
  }
});

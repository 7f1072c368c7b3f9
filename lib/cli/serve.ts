// The production HTTP server: Next.js behind a plain Node server, so that X-Forwarded-For can be
// trusted. Unless CONCORD_TRUSTED_PROXIES says reverse proxies are in front, a client's own
// X-Forwarded-For is dropped and Next.js records the socket's address instead (per-IP sign-in limits
// depend on it).
import { createServer } from "node:http";
import next from "next";
import { currentTarget } from "../server/db/client";
import { startExportSweeps } from "../server/exports";
import { startJobQueue, stopJobQueue } from "../server/jobs";
import { startSweeps } from "../server/judging";
import { startMediaSweeps } from "../server/media/sweep";
import { wholeNumberSetting } from "../server/settings";
// The modules that declare the rest of the jobs this instance works (judging.ts and exports.ts declare their own).
import "../server/queue";
import "../server/statistics";
import "../server/media/renditions";

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME;
const trustedProxies = wholeNumberSetting("CONCORD_TRUSTED_PROXIES");

const app = next({ dev: false, dir: process.cwd(), port, hostname: hostname ?? "localhost" });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((request, response) => {
  if (!trustedProxies) delete request.headers["x-forwarded-for"];
  void handle(request, response);
})
  .once("error", (error) => {
    console.error(`concord: cannot listen on port ${port}: ${error.message}`);
    process.exit(1);
  })
  .listen(port, hostname, () => {
    void startJobQueue(currentTarget()).then(
      () => {
        startSweeps();
        startMediaSweeps();
        startExportSweeps();
      },
      (error: unknown) => {
        console.error(`concord: cannot start the job queue: ${error instanceof Error ? error.message : error}`);
        process.exit(1);
      },
    );
  });

// Stopped by a signal, the server ends as a normal exit (so that Node's exit hooks, such as --cpu-prof, run),
// giving requests under way a few seconds, and the jobs running here as long to end (a job cut short is run again
// by another instance).
// The signal often comes twice (to the process group, and forwarded by start.ts): the second must not kill it outright.
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    void Promise.all([closed, stopJobQueue(4_000).catch(() => undefined)]).then(() => process.exit(0));
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}

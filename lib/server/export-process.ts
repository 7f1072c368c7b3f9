// The export's own process (started by export.ts): receives the job over IPC, says when it is ready (splits
// assigned) or why it failed, and writes the zip to stdout. Its heap is its own and small, and all of its memory
// goes back to the system when it ends, instead of growing the app's process for the rest of its life.
import { startExport } from "./export-job";
import type { ExportJob } from "./export-pages";

/** What this process tells export.ts over IPC: once ready, or failed (before or during the zip). */
export type ExportProcessMessage = { ready: true } | { failed: string };

const tell = (message: ExportProcessMessage) => new Promise<void>((resolve) => process.send!(message, () => resolve()));

async function fail(error: unknown): Promise<never> {
  const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(`concord export: ${reason}`);
  await tell({ failed: reason });
  process.exit(1);
}

process.once("message", (job: ExportJob) => {
  startExport(job).then(async (zip) => {
    zip.once("error", (error: unknown) => void fail(error));
    zip.once("end", () => process.disconnect());
    await tell({ ready: true });
    zip.pipe(process.stdout);
  }, fail);
});

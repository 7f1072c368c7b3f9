// The export's own process (started by export.ts): receives the job over IPC, says when it is ready (splits
// assigned) or why it failed, how many items it has written (at most once a second) and the manifest's hash once
// complete, and writes the zip to stdout. Its heap is its own and small, and all of its memory
// goes back to the system when it ends, instead of growing the app's process for the rest of its life.
import { startExport } from "./export-job";
import type { ExportJob } from "./export-pages";

/** What this process tells export.ts over IPC: once ready, or failed (before or during the zip); progress as it goes. */
export type ExportProcessMessage = { ready: true } | { failed: string } | { written: number } | { finished: { sha256: string; items: number } };

const PROGRESS_EVERY_MS = 1_000;

const tell = (message: ExportProcessMessage) => new Promise<void>((resolve) => process.send!(message, () => resolve()));

async function fail(error: unknown): Promise<never> {
  const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(`concord export: ${reason}`);
  await tell({ failed: reason });
  process.exit(1);
}

process.once("message", (job: ExportJob) => {
  let written = 0;
  let told = 0;
  setInterval(() => {
    if (written !== told) void tell({ written: (told = written) });
  }, job.progressEveryMs ?? PROGRESS_EVERY_MS).unref();
  let finished = Promise.resolve();
  const progress = { written: (items: number) => void (written = items), finished: (manifest: { sha256: string; items: number }) => void (finished = tell({ finished: manifest })) };
  startExport(job, progress).then(async (zip) => {
    zip.once("error", (error: unknown) => void fail(error));
    // The manifest's message is sent before the channel closes.
    zip.once("end", () => void finished.then(() => process.disconnect()));
    await tell({ ready: true });
    zip.pipe(process.stdout);
  }, fail);
});

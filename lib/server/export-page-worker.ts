// A worker thread of the export's process (export-job.ts starts it): writes the pages of a text format it is
// handed, on a database connection of its own, and hands back their text. A null request ends it.
import { parentPort, workerData } from "node:worker_threads";
import { pageWriter, type PageRequest, type PageResult, type PageWorkerSetup } from "./export-pages";

// Requests that arrive meanwhile wait on the port until its listener below is added.
const writer = await pageWriter(workerData as PageWorkerSetup);
const port = parentPort!;

async function answer(request: PageRequest): Promise<void> {
  try {
    const { text, strata } = await writer.write(request);
    port.postMessage({ index: request.index, text, strata } satisfies PageResult, [text.buffer as ArrayBuffer]);
  } catch (error) {
    // The reason goes to the export (which fails with it), where it failed to the log.
    console.error("concord export: a page worker failed:", error);
    port.postMessage({ index: request.index, failed: error instanceof Error ? error.message : String(error) } satisfies PageResult);
  }
}

// A page handed over before the last is done starts at once: its rows are read while the last one is written.
port.on("message", (request: PageRequest | null) => {
  if (request === null) void writer.close().catch((error: unknown) => console.error("concord export: closing a page worker's connection:", error)).finally(() => port.close());
  else void answer(request);
});

// Exports: checks who asks and what, reads the little that needs Prisma (the project, people, guideline
// versions), and runs the export itself (export-job.ts) in a process of its own, streaming the zip it writes.
import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { exportFormat } from "@/lib/export/formats/registry";
import { parseSplit } from "@/lib/export/splits";
import { exportQuerySchema, type ExportQuery } from "@/lib/validation/export";
import { parseInput } from "@/lib/validation/parse";
import type { ReviewState } from "@/lib/generated/prisma-sqlite/enums";
import { requireProjectRole, type Caller } from "./auth/caller";
import { currentTarget, db } from "./db/client";
import { AppError } from "./errors";
import { exportProcessScript } from "./bundles";
import type { ExportProgress } from "./export-job";
import type { ExportJob } from "./export-pages";
import type { ExportProcessMessage } from "./export-process";
import { storedLabelConfig, storedStandardization } from "./stored-config";

export interface ExportDownload {
  filename: string;
  stream: ReadableStream<Uint8Array>;
}

/** A prepared export: what its process runs, the project's item count (its heap is sized by it) and the zip's name. */
export interface PreparedExport {
  job: ExportJob;
  items: number;
  /** Items in the states exported (a training format may leave some of them out). */
  itemsInStates: number;
  filename: string;
}

/**
 * Starts an export (reviewers and managers): checks the query, assigns splits, and streams the zip. Once `signal`
 * aborts (the client has gone), the export stops wherever it is: waiting for its turn, being prepared, or streaming.
 */
export async function exportProject(caller: Caller, projectId: string, input: unknown, signal?: AbortSignal): Promise<ExportDownload> {
  await requireProjectRole(caller, projectId, "reviewer");
  const prepared = await prepareExport(projectId, await parseExportQuery(projectId, input), caller.user.email);
  return { filename: prepared.filename, stream: await exportInItsOwnProcess(prepared, caller.user.id, signal) };
}

/** An export's query, checked against the project's media: the same for a streamed export and an export job. */
export async function parseExportQuery(projectId: string, input: unknown): Promise<ExportQuery> {
  const query = parseInput(exportQuerySchema, input);
  const { mediaKind } = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { mediaKind: true } });
  const format = exportFormat(query.format);
  if (!format.media.includes(mediaKind)) {
    throw new AppError("bad_request", `format: ${format.title} is for ${format.media.join(" and ")} projects, and this project's items are ${mediaKind}; choose another format.`, { path: ["format"] });
  }
  return query;
}

/** Reads what the export needs besides its rows: the project, people, guideline versions. */
export async function prepareExport(projectId: string, query: ExportQuery, exportedBy: string): Promise<PreparedExport> {
  const ratios = query.split === undefined ? null : parseSplit(query.split);
  const project = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { name: true, labelConfig: true, standardization: true } });
  const included = new Set(query.include?.split(",") ?? []);
  const states: ReviewState[] = ["accepted", "resolved", ...(included.has("unresolved") ? (["open", "escalated", "flagged"] as const) : []), ...(included.has("excluded") ? (["excluded"] as const) : [])];
  const exported = { reviewState: { in: states }, ...(query.tag === undefined ? {} : { tags: { some: { tag: { projectId, name: query.tag } } } }) };
  const [members, versions, labeledVersions, items, itemsInStates, models] = await Promise.all([
    // Everyone, to name labelers and reviewers (former members too): people are few, and asking which of them
    // labeled this project means a scan of its annotations per person.
    db().user.findMany({ select: { id: true, name: true, email: true } }),
    db().guidelineVersion.findMany({ where: { projectId }, select: { id: true, version: true } }),
    // The versions under which the exported labels were made: of submitted annotations of the items exported.
    db().guidelineVersion.aggregate({
      where: { projectId, annotations: { some: { isDraft: false, item: exported } } },
      _min: { version: true },
      _max: { version: true },
    }),
    db().item.count({ where: { projectId } }),
    db().item.count({ where: { projectId, ...exported } }),
    db().predictionModel.findMany({ where: { projectId }, select: { id: true, name: true, version: true } }),
  ]);
  const job: ExportJob = {
    target: currentTarget(),
    projectId,
    tasks: storedLabelConfig(project.labelConfig).tasks,
    query,
    // Whether they apply, and to which labels, standardizesFinalLabels and standardizesAnnotations decide.
    rules: storedStandardization(project.standardization),
    states,
    ratios,
    labelers: new Map(members.map((member) => [member.id, member])),
    guidelineVersions: new Map(versions.map((version) => [version.id, version.version])),
    models: new Map(models.map((model) => [model.id, { name: model.name, version: model.version }])),
    manifest: {
      project: { id: projectId, name: project.name },
      exportedAt: new Date().toISOString(),
      exportedBy,
      parameters: query,
      guidelineVersions: labeledVersions._min.version === null || labeledVersions._max.version === null ? null : { from: labeledVersions._min.version, to: labeledVersions._max.version },
    },
  };
  return { job, items, itemsInStates, filename: exportFilename(project.name, query.format) };
}

/** The zip's file name: the project's name made safe, and the format. */
export function exportFilename(projectName: string, format: ExportQuery["format"]): string {
  const safeName = projectName.replace(/[^\w.-]+/g, "-").replace(/^-+|-+$/g, "") || "project";
  return `${safeName}-${format}.zip`;
}

/**
 * The heap limit of the export's process: with one, V8 collects before garbage piles up to several times what is
 * live (in the bench a JSONL export of 1,000,000 annotations written in this thread peaked at about 220 MB with
 * 256 MB, over 300 MB without; its worker thread has a limit of its own, see export-job.ts). Larger projects get
 * room for what grows with them: the split map (about 200 bytes an item) and, for formats that bring the media, each
 * item's file name (about 100 bytes), and per file in the zip what yazl keeps until it ends and the manifest's line
 * for its hash (about 1.2 KB and 150 bytes).
 */
function exportHeapMb(items: number, format: ExportJob["query"]["format"]): number {
  const { filesPerItem } = exportFormat(format);
  const perItem = 200 + (filesPerItem ? 100 : 0) + 1350 * filesPerItem;
  return Math.max(256, 64 + Math.ceil((items * perItem) / 2 ** 20));
}

// The young generation of the export's process, per semi-space. V8 grows it to 16 MB (48 MB resident with its twin
// and the large-object space) after the split pass; once the pages are handed to workers this thread allocates
// little. 4 MB took the bench's PostgreSQL JSONL export from 284-311 MB to 252-256 MB in the same time. The page
// workers, which allocate a page's rows and text over and over, get V8's default back (export-job.ts).
const EXPORT_SEMI_SPACE_MB = 4;
// V8's helper threads (garbage collection for the process and its page workers) number four by default whatever
// the cores. On two cores they contend with the workers: as many as the cores took the bench's PostgreSQL JSONL
// export's process from 28.0-30.4 s of processor time to 24.8-26.4 s, alternated.
const V8_HELPER_THREADS = Math.min(4, availableParallelism());

// Exports at once from this process; more wait their turn. Each has its process and database connections.
const CONCURRENT_EXPORTS = 2;
/** The users whose export is running: one each. */
const running = new Set<string>();
/** Exports waiting for their turn, first come first served among users without one running. */
const waiting: { userId: string; start: () => void }[] = [];

/** Starts the waiting exports that may run now. */
function startWaiting(): void {
  for (let index = 0; index < waiting.length && running.size < CONCURRENT_EXPORTS; ) {
    const next = waiting[index]!;
    if (running.has(next.userId)) {
      index++;
      continue;
    }
    waiting.splice(index, 1);
    running.add(next.userId);
    next.start();
  }
}

const clientGone = () => new AppError("client_closed", "The client closed the request; the export stopped.");

/**
 * Waits for the export's turn and returns what gives it back. A user runs one export at a time: a second one waits
 * behind their first, however free the slots, so that one person cannot hold both. It waits rather than being
 * refused: the export form is a plain download, where a refusal would replace the page with an error, and a user
 * who cancels a download and starts another gets the new one as soon as the old one's process has stopped. A waiting
 * export holds no slot, process or connection, and leaves the queue when its client goes (`signal`).
 */
async function exportSlot(userId: string, signal: AbortSignal | undefined): Promise<() => void> {
  await new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(clientGone());
    const waiter = {
      userId,
      start: () => {
        signal?.removeEventListener("abort", leave);
        resolve();
      },
    };
    const leave = () => {
      waiting.splice(waiting.indexOf(waiter), 1);
      reject(clientGone());
    };
    signal?.addEventListener("abort", leave, { once: true });
    waiting.push(waiter);
    startWaiting();
  });
  let released = false;
  return () => {
    if (released) return;
    released = true;
    running.delete(userId);
    startWaiting();
  };
}

// A download nobody reads for this long was abandoned (a client that stopped reading without hanging up).
const IDLE_LIMIT_MS = 5 * 60_000;

/**
 * Runs the export in a process of its own; resolves once it is ready (splits assigned), with the zip as a stream
 * read from its stdout. The stream fails if the process does (a truncated zip never looks complete); closing it
 * early, its client going (`signal`: also before the stream is returned, which nobody would then read or close),
 * or leaving it unread for five minutes, stops the process. `progress` hears what the process tells as it goes.
 */
export async function exportInItsOwnProcess(
  { job, items }: PreparedExport,
  userId: string,
  signal: AbortSignal | undefined,
  progress: ExportProgress = {},
): Promise<ReadableStream<Uint8Array>> {
  const release = await exportSlot(userId, signal);
  const script = await exportProcessScript().catch((error: unknown) => {
    release();
    throw error;
  });
  const child = spawn(process.execPath, [`--max-old-space-size=${exportHeapMb(items, job.query.format)}`, `--max-semi-space-size=${EXPORT_SEMI_SPACE_MB}`, `--v8-pool-size=${V8_HELPER_THREADS}`, script], {
    cwd: process.cwd(),
    stdio: ["ignore", "pipe", "inherit", "ipc"],
    serialization: "advanced",
  });
  let failure: string | null = null;
  const fail = (reason: string) => {
    failure ??= reason;
    child.kill();
    child.stdout?.destroy(); // unread output would keep "close" (and the slot) waiting
  };
  const abandon = () => fail("its client went away");
  signal?.addEventListener("abort", abandon, { once: true });
  if (signal?.aborted) abandon(); // gone while the export's script was being found
  // "close" comes after the process ended, its output was read and its last message arrived.
  const closed = new Promise<void>((resolve) =>
    child.once("close", (code, killedBy) => {
      if (code !== 0) failure ??= `its process ended with ${killedBy ?? `code ${code}`}`;
      signal?.removeEventListener("abort", abandon);
      release();
      resolve();
    }),
  );
  child.on("error", (error) => fail(`its process failed: ${error.message}`));
  const ready = new Promise<void>((resolve) => {
    child.on("message", (message: ExportProcessMessage) => {
      if ("written" in message) return progress.written?.(message.written);
      if ("finished" in message) return progress.finished?.(message.finished);
      if ("failed" in message) fail(message.failed);
      resolve();
    });
    void closed.then(resolve);
  });
  if (child.send) child.send(job, (error) => error && fail(`its process did not take the job: ${error.message}`));
  await ready;
  const failed = () => new Error(`The export failed: ${failure}`);
  if (failure) {
    await closed;
    throw signal?.aborted ? clientGone() : failed();
  }

  const chunks = child.stdout![Symbol.asyncIterator]();
  let idle: NodeJS.Timeout | undefined;
  const watch = () => {
    clearTimeout(idle);
    idle = setTimeout(() => fail("nobody read it for five minutes"), IDLE_LIMIT_MS).unref();
  };
  watch();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      watch();
      const next = await chunks.next().catch((error: Error) => {
        failure ??= `its output broke off: ${error.message}`;
        return { value: undefined, done: true as const };
      });
      if (!next.done) return controller.enqueue(next.value as Uint8Array);
      clearTimeout(idle);
      await closed;
      if (failure) controller.error(failed());
      else controller.close();
    },
    async cancel() {
      clearTimeout(idle);
      child.kill();
      await chunks.return?.();
    },
  });
}

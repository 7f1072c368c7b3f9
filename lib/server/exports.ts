// Exports as jobs (issue 20): an export asked for through POST …/exports is a ProjectExport row and a job. The job runs
// the streamed export's own code (export.ts: the same process, the same zip) into the media store (export-files.ts),
// telling its progress every second, and stops when the export is cancelled. The zip is kept for CONCORD_EXPORT_DAYS
// after the export ends, then removed by a sweep. Who may: reviewers and managers of the project, as for the streamed
// export; cancelling or removing one is for whoever asked for it and the project's managers.
import type { Readable } from "node:stream";
import type { Prisma } from "@/lib/generated/prisma-sqlite/client";
import type { ExportStatus } from "@/lib/generated/prisma-sqlite/enums";
import type { ExportRun } from "@/lib/validation/api";
import { requireProjectRole, type Caller } from "./auth/caller";
import { currentTarget, db } from "./db/client";
import { AppError } from "./errors";
import { exportFilename, exportInItsOwnProcess, parseExportQuery, prepareExport } from "./export";
import { exportZipKey, openExportZip, removeExportZip, saveExportZip } from "./export-files";
import { defineJob } from "./jobs";

/** The exports a project's list shows, newest first. */
const RECENT = 20;
const PROGRESS_EVERY_MS = 1_000;
const UNFINISHED: ExportStatus[] = ["queued", "running"];

/** How many days an ended export is kept: CONCORD_EXPORT_DAYS, 7 unless set. */
export function exportDays(env: NodeJS.ProcessEnv = process.env): number {
  const days = Number(env.CONCORD_EXPORT_DAYS ?? 7);
  if (!Number.isFinite(days) || days <= 0) throw new Error(`CONCORD_EXPORT_DAYS must be a positive number of days; got "${env.CONCORD_EXPORT_DAYS}"`);
  return days;
}

const keptUntil = (ended: Date) => new Date(ended.getTime() + exportDays() * 86_400_000);

const SELECT = {
  id: true,
  projectId: true,
  format: true,
  options: true,
  status: true,
  itemsWritten: true,
  itemsTotal: true,
  sha256: true,
  sizeBytes: true,
  error: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  expiresAt: true,
  requestedBy: { select: { id: true, name: true, email: true } },
} as const;

type Row = NonNullable<Awaited<ReturnType<typeof findExport>>>;

const findExport = (projectId: string, exportId: string) => db().projectExport.findFirst({ where: { id: exportId, projectId }, select: SELECT });

const iso = (date: Date | null) => date?.toISOString() ?? null;

function view(row: Row): ExportRun {
  return {
    ...row,
    options: row.options as Record<string, unknown>,
    sizeBytes: row.sizeBytes === null ? null : Number(row.sizeBytes),
    createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    expiresAt: iso(row.expiresAt),
    downloadUrl: row.status === "done" ? `/api/v1/projects/${row.projectId}/exports/${row.id}/download` : null,
  };
}

/** The export, for a reviewer or manager of its project; 404 when it is not the project's. */
async function visibleExport(caller: Caller, projectId: string, exportId: string): Promise<Row> {
  await requireProjectRole(caller, projectId, "reviewer");
  const row = await findExport(projectId, exportId);
  if (!row) throw new AppError("not_found", "No such export in this project.");
  return row;
}

/** Starts an export job with the options of GET …/export (checked by the same schema); answers its record. */
export async function startExportJob(caller: Caller, projectId: string, input: unknown): Promise<ExportRun> {
  await requireProjectRole(caller, projectId, "reviewer");
  const query = await parseExportQuery(projectId, input);
  const row = await db().projectExport.create({ data: { projectId, requestedById: caller.user.id, format: query.format, options: input as Record<string, string> }, select: SELECT });
  try {
    await exportJob.send({ exportId: row.id });
  } catch (error) {
    await db().projectExport.update({ where: { id: row.id }, data: { status: "failed", error: "The export could not be queued.", finishedAt: new Date(), expiresAt: keptUntil(new Date()) } });
    throw error;
  }
  return view(row);
}

export async function listExports(caller: Caller, projectId: string): Promise<ExportRun[]> {
  await requireProjectRole(caller, projectId, "reviewer");
  const rows = await db().projectExport.findMany({ where: { projectId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: RECENT, select: SELECT });
  return rows.map(view);
}

export async function getExport(caller: Caller, projectId: string, exportId: string): Promise<ExportRun> {
  return view(await visibleExport(caller, projectId, exportId));
}

/**
 * Cancels a queued or running export (its job stops within a second and keeps nothing), answering it; an ended one
 * is removed with its zip (null).
 */
export async function cancelOrRemoveExport(caller: Caller, projectId: string, exportId: string): Promise<ExportRun | null> {
  const row = await visibleExport(caller, projectId, exportId);
  if (row.requestedBy?.id !== caller.user.id) await requireProjectRole(caller, projectId, "manager");
  if (UNFINISHED.includes(row.status)) {
    const ended = new Date();
    const cancelled = await db().projectExport.updateMany({ where: { id: exportId, status: { in: UNFINISHED } }, data: { status: "cancelled", finishedAt: ended, expiresAt: keptUntil(ended) } });
    if (cancelled.count) return view((await findExport(projectId, exportId))!);
    // It ended meanwhile: removed as any ended export.
  }
  await db().projectExport.deleteMany({ where: { id: exportId } });
  await removeExportZip(exportZipKey(projectId, exportId));
  return null;
}

/** A done export's zip, with the name the streamed export would give it. */
export async function exportZip(caller: Caller, projectId: string, exportId: string): Promise<{ filename: string; size: number; body: Readable }> {
  const row = await visibleExport(caller, projectId, exportId);
  if (row.status !== "done") throw new AppError("conflict", `This export is ${row.status}: its zip can be downloaded once it is done.`);
  const zip = await openExportZip(exportZipKey(projectId, exportId));
  if (!zip) throw new AppError("not_found", "This export's zip is no longer kept.");
  const project = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { name: true } });
  return { filename: exportFilename(project.name, row.format as Parameters<typeof exportFilename>[1]), ...zip };
}

/**
 * The job: runs the export into the store. A job run again after its instance died finds the export running and
 * starts it over; one cancelled or removed meanwhile is left alone.
 */
async function runExport({ exportId }: { exportId: string }): Promise<void> {
  const row = await db().projectExport.findUnique({ where: { id: exportId }, select: { projectId: true, options: true, status: true, requestedBy: { select: { id: true, email: true } } } });
  if (!row || !UNFINISHED.includes(row.status)) return;
  /** Writes to the export while it is still running; false once it was cancelled or removed. */
  const whileRunning = async (data: Prisma.ProjectExportUpdateManyMutationInput) =>
    (await db().projectExport.updateMany({ where: { id: exportId, status: { in: UNFINISHED } }, data })).count === 1;
  if (!(await whileRunning({ status: "running", startedAt: new Date(), itemsWritten: 0 }))) return;

  const key = exportZipKey(row.projectId, exportId);
  const stop = new AbortController();
  const told = { written: 0, manifest: null as { sha256: string; items: number } | null };
  // Progress goes to the row every second; a cancelled (or removed) export stops its process.
  const ticker = setInterval(() => {
    whileRunning({ itemsWritten: told.written }).then(
      (running) => running || stop.abort(),
      () => undefined,
    );
  }, PROGRESS_EVERY_MS);
  try {
    const prepared = await prepareExport(row.projectId, await parseExportQuery(row.projectId, row.options), row.requestedBy?.email ?? "");
    await whileRunning({ itemsTotal: prepared.itemsInStates });
    // One export at a time per person, as for streamed exports; the requester's id, or the export's own if they are gone.
    const zip = await exportInItsOwnProcess(prepared, row.requestedBy?.id ?? exportId, stop.signal, {
      written: (items) => void (told.written = items),
      finished: (manifest) => void (told.manifest = manifest),
    });
    const size = await saveExportZip(key, zip);
    clearInterval(ticker);
    const ended = new Date();
    const done = await whileRunning({ status: "done", itemsWritten: told.manifest?.items ?? told.written, sha256: told.manifest?.sha256, sizeBytes: BigInt(size), finishedAt: ended, expiresAt: keptUntil(ended) });
    if (!done) await removeExportZip(key); // cancelled at the last moment
  } catch (error) {
    clearInterval(ticker);
    await removeExportZip(key);
    if (stop.signal.aborted) return; // cancelled: the request that cancelled it said so
    const ended = new Date();
    const message = (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
    await whileRunning({ status: "failed", error: message, finishedAt: ended, expiresAt: keptUntil(ended) });
  }
}

// Two exports at once per instance (each has its process and connections), each retried if its instance dies.
export const exportJob = defineJob<{ exportId: string }>({ name: "export", key: ({ exportId }) => exportId, run: runExport, concurrency: 2, expireInSeconds: 6 * 3600 });

/** Removes the exports (and zips) kept past their days. Returns how many. */
export async function removeExpiredExports(now = new Date()): Promise<number> {
  const expired = await db().projectExport.findMany({ where: { expiresAt: { lte: now } }, select: { id: true, projectId: true } });
  for (const { id, projectId } of expired) {
    await removeExportZip(exportZipKey(projectId, id));
    await db().projectExport.deleteMany({ where: { id } });
  }
  return expired.length;
}

const expiryJob = defineJob<object>({ name: "export-expiry", key: () => "all", run: async () => void (await removeExpiredExports()) });

const EXPIRY_EVERY_MS = 10 * 60_000;

/**
 * Started with the production server: removes expired exports now and every ten minutes. On SQLite, where jobs live in
 * the process, the exports a stopped server left queued or running start again here (PostgreSQL's queue keeps them).
 */
export function startExportSweeps(): NodeJS.Timeout {
  if (currentTarget().provider === "sqlite") {
    void db()
      .projectExport.findMany({ where: { status: { in: UNFINISHED } }, select: { id: true } })
      .then((left) => Promise.all(left.map(({ id }) => exportJob.send({ exportId: id }))))
      .catch((error: unknown) => console.error("concord: could not restart the exports left unfinished:", error instanceof Error ? error.message : error));
  }
  const sweep = () => expiryJob.trigger({});
  sweep();
  const timer = setInterval(sweep, EXPIRY_EVERY_MS);
  timer.unref();
  return timer;
}

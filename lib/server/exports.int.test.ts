// Exports as jobs (issue 20): POST …/exports runs the streamed export's code as a job (pg-boss on PostgreSQL,
// in-process on SQLite) into the media store (the directory, and S3); its zip holds the same files as GET …/export's for the same options,
// its progress moves, it can be cancelled, a job run again after its instance died starts the export over, ended
// exports expire, and only the project's reviewers and managers see them.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { GET as streamedExport } from "@/app/api/v1/projects/[projectId]/export/route";
import { GET as downloadRoute } from "@/app/api/v1/projects/[projectId]/exports/[exportId]/download/route";
import { DELETE as exportDelete, GET as exportGet } from "@/app/api/v1/projects/[projectId]/exports/[exportId]/route";
import { GET as exportList, POST as exportPost } from "@/app/api/v1/projects/[projectId]/exports/route";
import type { ExportRun } from "@/lib/validation/api";
import { apiClient, expectJson, type ApiCall } from "@/lib/testing/api";
import { describeEachDatabase, type IntegrationContext } from "@/lib/testing/integration";
import { describeEachMediaStore } from "@/lib/testing/media-stores";
import { unzipBytes } from "@/lib/testing/zip";
import { createApiToken } from "./api-tokens";
import type { Caller } from "./auth/caller";
import { backgroundSettled } from "./background";
import { exportInItsOwnProcess, exportProject, parseExportQuery, prepareExport } from "./export";
import { exportZipKey } from "./export-files";
import { exportJob, removeExpiredExports } from "./exports";
import { JOB_SCHEMA, startJobQueue, stopJobQueue } from "./jobs";
import { mediaStorage } from "./media/store";
import { addMember, createProject } from "./projects";
import { tagItems } from "./tags";
import { createUser } from "./users";

/** Puts a file's bytes under a key of the media store. */
async function store(key: string, bytes: Buffer): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "concord-export-jobs-"));
  try {
    writeFileSync(path.join(dir, "file"), bytes);
    await (await mediaStorage()).put(key, path.join(dir, "file"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const stored = async (key: string) => (await (await mediaStorage()).size(key)) !== null;

type Person = { caller: Caller; api: ApiCall };
const ENDED = ["done", "failed", "cancelled"];

/** An administrator (manager), two reviewers, a labeler and someone outside the project, with a project of three images. */
async function setUp(context: IntegrationContext, tag: string) {
  const people = new Map<string, Person>();
  const person = async (name: string, isAdmin = false) => {
    const user = await createUser({ email: `${name}@${tag}.jobs`, name, password: "password 123", isAdmin });
    const caller: Caller = { user, via: "session" };
    people.set(name, { caller, api: apiClient((await createApiToken(caller, { name: "exports" })).token) });
    return user;
  };
  await person("manager", true);
  const { id: projectId } = await createProject(people.get("manager")!.caller, { name: "Scratches", mediaKind: "image", overlap: 1, tasks: [{ key: "defect", type: "classification", classes: ["ok"] }] });
  for (const [name, role] of [["reviewer", "reviewer"], ["reviewer2", "reviewer"], ["labeler", "labeler"], ["outsider", null]] as const) {
    const user = await person(`${name}-${tag}`);
    people.set(name, people.get(`${name}-${tag}`)!);
    if (role) await addMember(people.get("manager")!.caller, projectId, { email: user.email, role });
  }
  for (const [index, bytes] of [Buffer.from("png a"), Buffer.from("png b"), randomBytes(1000)].entries()) {
    const mediaPath = `${projectId}/${index}.png`;
    await store(mediaPath, bytes);
    await context.client.item.create({ data: { projectId, mediaPath, mimeType: "image/png", originalName: `${index}.png`, sha256: `sha-${index}-${projectId}`, sizeBytes: bytes.length, width: 1, height: 1, metadata: { line: String(index) } } });
  }
  return { people, projectId, as: (name: string) => people.get(name)! };
}

describeEachDatabase("export jobs", (context) => describeEachMediaStore("kept in the store", () => {
  let setup: Awaited<ReturnType<typeof setUp>>;
  // On PostgreSQL the jobs go through pg-boss, worked by this process as by an app instance.
  beforeAll(async () => {
    setup = await setUp(context(), `${context().target.provider}-${randomBytes(4).toString("hex")}`);
    await startJobQueue(context().target, { superviseSeconds: 1 });
  });
  afterAll(() => stopJobQueue());

  const one = (name: string, exportId: string) => setup.as(name).api(exportGet, { projectId: setup.projectId, exportId }, `/projects/${setup.projectId}/exports/${exportId}`);
  const start = async (name: string, options: Record<string, string>) =>
    expectJson<ExportRun>(await setup.as(name).api(exportPost, { projectId: setup.projectId }, `/projects/${setup.projectId}/exports`, { method: "POST", body: JSON.stringify(options) }), 202);
  const ended = (exportId: string) =>
    vi.waitFor(
      async () => {
        const run = await expectJson<ExportRun>(await one("manager", exportId), 200);
        expect(ENDED).toContain(run.status);
        return run;
      },
      { timeout: 60_000, interval: 100 },
    );
  /** Waits until no job is left to run: in this process (SQLite), or in pg-boss's table. */
  async function jobsIdle(): Promise<void> {
    const { target } = context();
    if (target.provider === "sqlite") return backgroundSettled();
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      await vi.waitFor(async () => expect((await client.query(`SELECT count(*)::int AS n FROM ${JOB_SCHEMA}.job WHERE name = 'export' AND state IN ('created', 'retry', 'active')`)).rows[0].n).toBe(0), { timeout: 30_000, interval: 100 });
    } finally {
      await client.end();
    }
  }

  it("issue 20: an export job's zip holds the same files as the streamed export's for the same options, and its record the manifest's hash", async () => {
    const cases: Record<string, string>[] = [{ format: "label-studio", include: "unresolved" }, { format: "jsonl", include: "unresolved", split: "50,50", seed: "3" }, { format: "csv", include: "unresolved", csvFormulaGuard: "0" }];
    for (const options of cases) {
      const queued = await start("reviewer", options);
      expect(queued).toMatchObject({ status: "queued", format: options.format, options, downloadUrl: null, requestedBy: { email: setup.as("reviewer").caller.user.email } });
      const run = await ended(queued.id);
      expect(run).toMatchObject({ status: "done", itemsWritten: 3, itemsTotal: 3, error: null, downloadUrl: `/api/v1/projects/${setup.projectId}/exports/${queued.id}/download` });
      const download = await setup.as("reviewer").api(downloadRoute, { projectId: setup.projectId, exportId: run.id }, run.downloadUrl!.replace("/api/v1", ""));
      expect(download.status).toBe(200);
      expect(download.headers.get("content-disposition")).toBe(`attachment; filename="Scratches-${options.format}.zip"`);
      const zip = Buffer.from(await download.arrayBuffer());
      expect(zip.length).toBe(run.sizeBytes);
      const jobFiles = await unzipBytes(zip);
      const streamed = await setup.as("reviewer").api(streamedExport, { projectId: setup.projectId }, `/projects/${setup.projectId}/export?${new URLSearchParams(options)}`);
      const streamedFiles = await unzipBytes(Buffer.from(await streamed.arrayBuffer()));
      // The same files with the same bytes; the manifests differ only in when they were made.
      expect([...jobFiles.keys()].sort()).toEqual([...streamedFiles.keys()].sort());
      for (const [name, bytes] of jobFiles) if (name !== "manifest.json") expect(bytes.equals(streamedFiles.get(name)!), name).toBe(true);
      const [jobManifest, streamedManifest] = [jobFiles, streamedFiles].map((files) => ({ ...JSON.parse(files.get("manifest.json")!.toString()), exportedAt: null }));
      expect(jobManifest).toEqual(streamedManifest);
      expect(jobManifest.sha256).toBe(run.sha256);
    }
    const { exports } = await expectJson<{ exports: ExportRun[] }>(await setup.as("reviewer2").api(exportList, { projectId: setup.projectId }, `/projects/${setup.projectId}/exports`), 200);
    expect(exports.map((run) => run.format)).toEqual(["csv", "jsonl", "label-studio"]);
  });

  it("issue 22: tag= exports only the items carrying the tag, in the job's zip and the streamed one alike, its counts of them", async () => {
    const items = await context().client.item.findMany({ where: { projectId: setup.projectId }, orderBy: { originalName: "asc" }, select: { id: true } });
    await tagItems(setup.projectId, "near edge", [items[0]!.id, items[2]!.id], "manual", null);
    const options = { format: "jsonl", include: "unresolved", tag: "near edge" };
    const run = await ended((await start("reviewer", options)).id);
    expect(run).toMatchObject({ status: "done", itemsWritten: 2, itemsTotal: 2 });
    const jobFiles = await unzipBytes(Buffer.from(await (await setup.as("reviewer").api(downloadRoute, { projectId: setup.projectId, exportId: run.id }, run.downloadUrl!.replace("/api/v1", ""))).arrayBuffer()));
    const streamed = await setup.as("reviewer").api(streamedExport, { projectId: setup.projectId }, `/projects/${setup.projectId}/export?${new URLSearchParams(options)}`);
    const streamedFiles = await unzipBytes(Buffer.from(await streamed.arrayBuffer()));
    for (const files of [jobFiles, streamedFiles]) {
      const names = [...files.entries()].filter(([name]) => name.endsWith(".jsonl")).flatMap(([, bytes]) => bytes.toString().trim().split("\n").map((line) => (JSON.parse(line) as { originalName: string }).originalName));
      expect(names.sort()).toEqual(["0.png", "2.png"]);
      expect(JSON.parse(files.get("manifest.json")!.toString())).toMatchObject({ parameters: { tag: "near edge" }, items: 2 });
    }
    // A tag no item carries exports nothing; a tag that is no tag name is refused with the field named.
    expect(await ended((await start("reviewer", { ...options, tag: "nowhere" })).id)).toMatchObject({ status: "done", itemsWritten: 0, itemsTotal: 0 });
    const bad = await setup.as("reviewer").api(streamedExport, { projectId: setup.projectId }, `/projects/${setup.projectId}/export?format=jsonl&tag=${"x".repeat(101)}`);
    expect(bad.status).toBe(400);
  });

  it("issue 20: an export's progress moves: its process tells the items written as it goes, up to the manifest's count", async () => {
    const { client } = context();
    const total = 2_600; // over five pages
    await client.item.createMany({
      data: Array.from({ length: total - 3 }, (_, index) => ({ projectId: setup.projectId, mediaPath: `${setup.projectId}/0.png`, mimeType: "image/png", originalName: `x${index}.png`, sha256: `x${index}`, sizeBytes: 5, metadata: {} })),
    });
    const prepared = await prepareExport(setup.projectId, await parseExportQuery(setup.projectId, { format: "jsonl", include: "unresolved" }), "m@example.com");
    prepared.job.progressEveryMs = 1;
    const told: number[] = [];
    let finished: { items: number } | null = null;
    const zip = await exportInItsOwnProcess(prepared, "progress", undefined, { written: (items) => told.push(items), finished: (manifest) => (finished = manifest) });
    await new Response(zip).arrayBuffer();
    expect(told.length).toBeGreaterThan(1);
    expect(told).toEqual([...told].sort((a, b) => a - b));
    expect(new Set(told).size).toBe(told.length);
    expect(told.at(-1)).toBeLessThanOrEqual(total);
    expect(finished).toMatchObject({ items: total });
    // Through a job, the record ends with every item written of the items in the states exported.
    const run = await ended((await start("manager", { format: "jsonl", include: "unresolved" })).id);
    expect(run).toMatchObject({ status: "done", itemsWritten: total, itemsTotal: total });
    await client.item.deleteMany({ where: { projectId: setup.projectId, originalName: { startsWith: "x" } } });
  });

  it("issue 20: a running export is cancelled: its job stops and keeps nothing; once ended it is removed", async () => {
    // A large file, so that the reviewer's streamed export that nobody reads holds their one turn: their job waits for it.
    const mediaPath = `${setup.projectId}/large.png`;
    await store(mediaPath, randomBytes(32 * 2 ** 20));
    const large = await context().client.item.create({ data: { projectId: setup.projectId, mediaPath, mimeType: "image/png", originalName: "large.png", sha256: `large-${setup.projectId}`, sizeBytes: 1, width: 1, height: 1, metadata: {} } });
    const held = (await exportProject(setup.as("reviewer").caller, setup.projectId, { format: "label-studio", include: "unresolved" })).stream.getReader();
    try {
      const queued = await start("reviewer", { format: "label-studio", include: "unresolved" });
      await vi.waitFor(async () => expect((await expectJson<ExportRun>(await one("reviewer", queued.id), 200)).status).toBe("running"), { timeout: 30_000, interval: 100 });
      // Another reviewer may not cancel it; its requester may.
      expect((await setup.as("reviewer2").api(exportDelete, { projectId: setup.projectId, exportId: queued.id }, `/projects/${setup.projectId}/exports/${queued.id}`, { method: "DELETE" })).status).toBe(403);
      const cancelled = await expectJson<ExportRun>(await setup.as("reviewer").api(exportDelete, { projectId: setup.projectId, exportId: queued.id }, `/projects/${setup.projectId}/exports/${queued.id}`, { method: "DELETE" }), 200);
      expect(cancelled).toMatchObject({ status: "cancelled", downloadUrl: null });
      await jobsIdle();
      expect(await expectJson<ExportRun>(await one("reviewer", queued.id), 200)).toMatchObject({ status: "cancelled", sha256: null });
      expect(await stored(exportZipKey(setup.projectId, queued.id))).toBe(false);
      const download = await setup.as("reviewer").api(downloadRoute, { projectId: setup.projectId, exportId: queued.id }, `/projects/${setup.projectId}/exports/${queued.id}/download`);
      expect(download.status).toBe(409);
      // Ended, it is removed (by a manager here).
      expect((await setup.as("manager").api(exportDelete, { projectId: setup.projectId, exportId: queued.id }, `/projects/${setup.projectId}/exports/${queued.id}`, { method: "DELETE" })).status).toBe(204);
      expect((await one("reviewer", queued.id)).status).toBe(404);
    } finally {
      await held.cancel();
      await context().client.item.delete({ where: { id: large.id } });
    }
  });

  it("issue 20: a job run again after its instance died starts the export over, and ended exports expire with their zips", async () => {
    const { client } = context();
    // What a dead instance leaves: the export running, half written.
    const left = await client.projectExport.create({ data: { projectId: setup.projectId, requestedById: setup.as("reviewer").caller.user.id, format: "csv", options: { format: "csv", include: "unresolved" }, status: "running", itemsWritten: 1, startedAt: new Date() } });
    await exportJob.send({ exportId: left.id });
    const run = await ended(left.id);
    expect(run).toMatchObject({ status: "done", itemsWritten: 3, itemsTotal: 3 });
    const zip = exportZipKey(setup.projectId, left.id);
    expect(await stored(zip)).toBe(true);
    expect(new Date(run.expiresAt!).getTime() - new Date(run.finishedAt!).getTime()).toBe(7 * 86_400_000);
    expect(await removeExpiredExports(new Date(run.finishedAt!))).toBe(0);
    expect(await removeExpiredExports(new Date(new Date(run.expiresAt!).getTime() + 1))).toBeGreaterThan(0);
    expect(await stored(zip)).toBe(false);
    expect((await one("manager", left.id)).status).toBe(404);
  });

  it("issue 20: export jobs are for the project's reviewers and managers, with the streamed export's validation", async () => {
    const post = (name: string, body: unknown) => setup.as(name).api(exportPost, { projectId: setup.projectId }, `/projects/${setup.projectId}/exports`, { method: "POST", body: JSON.stringify(body) });
    expect((await post("labeler", { format: "csv" })).status).toBe(403);
    expect((await post("outsider", { format: "csv" })).status).toBe(404);
    const badFormat = await expectJson<{ error: { message: string } }>(await post("reviewer", { format: "pdf" }), 400);
    expect(badFormat.error.message).toMatch(/format/);
    const allForCsv = await expectJson<{ error: { message: string } }>(await post("reviewer", { format: "csv", labels: "all" }), 400);
    expect(allForCsv.error.message).toMatch(/only for jsonl and label-studio/);
    // The export panel shows a refusal next to the field that `details.path` names.
    const badSplit = await expectJson<{ error: { message: string; details: { path: string[] } } }>(await post("reviewer", { format: "csv", split: "70,x" }), 400);
    expect(badSplit.error).toMatchObject({ message: 'split: Split "70,x": "x" is not a number.', details: { path: ["split"] } });
    const misfit = await expectJson<{ error: { details: { path: string[] } } }>(await post("reviewer", { format: "segments-csv" }), 400);
    expect(misfit.error.details.path).toEqual(["format"]);
    const run = await ended((await start("reviewer", { format: "csv" })).id);
    for (const name of ["labeler", "outsider"]) {
      expect((await one(name, run.id)).status).toBe(name === "labeler" ? 403 : 404);
      const download = await setup.as(name).api(downloadRoute, { projectId: setup.projectId, exportId: run.id }, `/projects/${setup.projectId}/exports/${run.id}/download`);
      expect(download.status).toBe(name === "labeler" ? 403 : 404);
      expect((await setup.as(name).api(exportList, { projectId: setup.projectId }, `/projects/${setup.projectId}/exports`)).status).toBe(name === "labeler" ? 403 : 404);
    }
    // Another project's export id is not found through this project.
    const other = await createProject(setup.as("manager").caller, { name: "Other", mediaKind: "image", overlap: 1, tasks: [{ key: "defect", type: "classification", classes: ["ok"] }] });
    const elsewhere = await setup.as("manager").api(exportGet, { projectId: other.id, exportId: run.id }, `/projects/${other.id}/exports/${run.id}`);
    expect(elsewhere.status).toBe(404);
    await jobsIdle();
  });
}));

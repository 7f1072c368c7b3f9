// Exports: a project's items with their labels in one of Concord's formats, as a zip streamed page by
// page (constant memory whatever the project size), ending with a manifest: parameters, counts per
// class and split, guideline versions and a hash of the content, so a training run can name its data.
import { createHash } from "node:crypto";
import path from "node:path";
import { Readable } from "node:stream";
import yazl from "yazl";
import {
  asrManifestLines,
  cocoAnnotations,
  cocoCategories,
  cocoCategoryIdOf,
  cocoImage,
  csvHeader,
  csvLine,
  csvRow,
  jsonlLine,
  labelStudioTask,
  SEGMENTS_CSV_HEADER,
  segmentsCsvRows,
  shapeClasses,
  shapeClassIndexOf,
  yoloDataYaml,
  yoloLines,
  type ExportItem,
} from "@/lib/export/formats";
import { assignSplits, parseSplit, splitCounts, type SplitUnit } from "@/lib/export/splits";
import { classificationAnswer } from "@/lib/quality/item-agreement";
import { NO_STANDARDIZATION, standardizeResult, type Standardization } from "@/lib/review/standardize";
import type { ResultEntry } from "@/lib/validation/annotation";
import { exportQuerySchema, type ExportQuery } from "@/lib/validation/export";
import { parseInput } from "@/lib/validation/parse";
import type { Task } from "@/lib/validation/project";
import type { ReviewState } from "@/lib/generated/prisma-sqlite/enums";
import { webStream } from "./api/web-stream";
import { requireProjectRole, type Caller } from "./auth/caller";
import { db } from "./db/client";
import { AppError } from "./errors";
import { absoluteMediaPath } from "./media/store";
import { storedLabelConfig, storedStandardization } from "./projects";
import { finalLabel } from "./review";

// Under SQLite's 999 bound parameters per query (the page's ids are one list).
const PAGE_SIZE = 900;

interface ExportContext {
  projectId: string;
  tasks: Task[];
  query: ExportQuery;
  rules: Standardization;
  states: ReviewState[];
  splits: Map<string, string>;
  /** Labelers and guideline versions by id, loaded once rather than joined for every annotation. */
  labelers: Map<string, { name: string; email: string }>;
  guidelineVersions: Map<string, number>;
}


/** The first row per item of rows ordered by item (and newest first within it). */
function firstPerItem<T extends { itemId: string }>(rows: T[]): Map<string, T> {
  const first = new Map<string, T>();
  for (const row of rows) if (!first.has(row.itemId)) first.set(row.itemId, row);
  return first;
}

/**
 * One page of items after `cursor` with everything an export writes about them; without
 * `withAnnotations`, only what decides the final label (the first pass, for splits). Flat queries, one
 * per table and page: joining per annotation costs more than the rest of the export.
 */
async function exportPage(context: ExportContext, cursor: string | null, withAnnotations: boolean): Promise<{ items: ExportItem[]; stored: Map<string, string>; next: string | null }> {
  const rows = await db().item.findMany({
    where: { projectId: context.projectId, reviewState: { in: context.states } },
    orderBy: { id: "asc" },
    take: PAGE_SIZE + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: { id: true, originalName: true, mediaPath: true, mimeType: true, sha256: true, width: true, height: true, durationMs: true, metadata: true, importBatchId: true, source: true, reviewState: true, flagReasons: true, reviewScore: true },
  });
  const page = rows.slice(0, PAGE_SIZE);
  const itemId = { in: page.map((row) => row.id) };
  const [annotations, consensuses, decisions] = await Promise.all([
    withAnnotations
      ? db().annotation.findMany({
          where: { itemId, isDraft: false },
          orderBy: [{ itemId: "asc" }, { labelerId: "asc" }, { revision: "desc" }],
          select: { id: true, itemId: true, labelerId: true, revision: true, result: true, submittedAt: true, activeMs: true, guidelineVersionId: true },
        })
      : [],
    db().consensusResult.findMany({ where: { itemId }, orderBy: [{ itemId: "asc" }, { createdAt: "desc" }], select: { itemId: true, method: true, confidence: true, result: true } }),
    db().reviewDecision.findMany({ where: { itemId }, orderBy: [{ itemId: "asc" }, { createdAt: "desc" }], select: { itemId: true, action: true, reason: true, category: true, createdAt: true, result: true, reviewerId: true } }),
  ]);
  const consensusOf = firstPerItem(consensuses);
  const decisionOf = firstPerItem(decisions);
  const annotationsOf = new Map<string, typeof annotations>();
  annotations.forEach((annotation, index) => {
    const previous = annotations[index - 1];
    // Each labeler's latest revision only.
    if (previous?.itemId === annotation.itemId && previous.labelerId === annotation.labelerId) return;
    annotationsOf.set(annotation.itemId, [...(annotationsOf.get(annotation.itemId) ?? []), annotation]);
  });
  const standardize = (result: unknown) => (context.query.standardized ? standardizeResult(result as ResultEntry[], context.rules) : (result as ResultEntry[]));
  const stored = new Map(page.map((row) => [row.id, row.mediaPath]));
  const items = page.map((row): ExportItem => {
    const consensus = consensusOf.get(row.id);
    const decision = decisionOf.get(row.id);
    const gold = row.reviewState === "resolved" && decision?.result ? standardize(decision.result) : null;
    const consensusResult = consensus && (consensus.result as unknown[]).length ? standardize(consensus.result) : null;
    const accepted = finalLabel(row.reviewState, gold, consensusResult);
    const final = { final: accepted, consensus: consensusResult, gold, all: accepted }[context.query.labels];
    return {
      id: row.id,
      originalName: row.originalName,
      // Stored files are named by content hash with the extension found at import.
      mediaPath: `media/${row.sha256}${path.extname(row.mediaPath)}`,
      mimeType: row.mimeType,
      sha256: row.sha256,
      width: row.width,
      height: row.height,
      durationSeconds: row.durationMs === null ? null : row.durationMs / 1000,
      metadata: row.metadata as ExportItem["metadata"],
      importBatchId: row.importBatchId,
      source: row.source,
      annotations: (annotationsOf.get(row.id) ?? []).map((annotation) => ({
        id: annotation.id,
        labeler: { id: annotation.labelerId, name: context.labelers.get(annotation.labelerId)?.name ?? "", email: context.labelers.get(annotation.labelerId)?.email ?? "" },
        revision: annotation.revision,
        submittedAt: (annotation.submittedAt ?? new Date(0)).toISOString(),
        activeMs: annotation.activeMs,
        guidelineVersion: annotation.guidelineVersionId ? (context.guidelineVersions.get(annotation.guidelineVersionId) ?? null) : null,
        result: standardize(annotation.result),
      })),
      review: {
        state: row.reviewState,
        reasons: (Array.isArray(row.flagReasons) ? row.flagReasons : []) as ExportItem["review"]["reasons"],
        agreementScore: row.reviewScore,
        consensus: consensus ? { method: consensus.method, confidence: consensus.confidence, result: consensusResult ?? [] } : null,
        decision: decision
          ? { action: decision.action, reason: decision.reason, category: decision.category, reviewer: context.labelers.get(decision.reviewerId)?.name ?? "", at: decision.createdAt.toISOString() }
          : null,
      },
      final,
      split: context.splits.get(row.id) ?? null,
    };
  });
  return { items, stored, next: rows.length > PAGE_SIZE ? page.at(-1)!.id : null };
}

/** Every exported item, page by page. */
async function* exportItems(context: ExportContext, withAnnotations = true): AsyncGenerator<{ item: ExportItem; storedPath: string }> {
  let cursor: string | null = null;
  do {
    const { items, stored, next } = await exportPage(context, cursor, withAnnotations);
    for (const item of items) yield { item, storedPath: stored.get(item.id)! };
    cursor = next;
  } while (cursor);
}

/** The stratum an item counts under in splits and manifests: its first classification task's final answer. */
function stratumOf(item: ExportItem, tasks: Task[]): string | null {
  const task = tasks.find((candidate) => candidate.type === "classification");
  return task && item.final ? classificationAnswer(item.final, task.key) : null;
}

export interface ExportDownload {
  filename: string;
  stream: ReadableStream<Uint8Array>;
}

/** Starts an export (reviewers and managers): checks the query, assigns splits, and streams the zip. */
export async function exportProject(caller: Caller, projectId: string, input: unknown): Promise<ExportDownload> {
  await requireProjectRole(caller, projectId, "reviewer");
  const query = parseInput(exportQuerySchema, input);
  let ratios: ReturnType<typeof parseSplit> | null = null;
  if (query.split !== undefined) {
    try {
      ratios = parseSplit(query.split);
    } catch (error) {
      throw new AppError("bad_request", `split: ${(error as Error).message}`);
    }
  }
  const project = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { name: true, labelConfig: true, standardization: true } });
  const included = new Set(query.include?.split(",") ?? []);
  const states: ReviewState[] = ["accepted", "resolved", ...(included.has("unresolved") ? (["open", "escalated", "flagged"] as const) : []), ...(included.has("excluded") ? (["excluded"] as const) : [])];
  const [members, versions] = await Promise.all([
    db().user.findMany({ where: { OR: [{ annotations: { some: { projectId } } }, { reviewDecisions: { some: { projectId } } }] }, select: { id: true, name: true, email: true } }),
    db().guidelineVersion.findMany({ where: { projectId }, select: { id: true, version: true, _count: { select: { annotations: true } } } }),
  ]);
  const context: ExportContext = {
    projectId,
    tasks: storedLabelConfig(project.labelConfig).tasks,
    query,
    rules: query.standardized ? storedStandardization(project.standardization) : NO_STANDARDIZATION,
    states,
    splits: new Map(),
    labelers: new Map(members.map((member) => [member.id, member])),
    guidelineVersions: new Map(versions.map((version) => [version.id, version.version])),
  };
  // The versions under which the exported labels were made (of the project's annotations).
  const guidelineVersions = new Set(versions.filter((version) => version._count.annotations > 0).map((version) => version.version));

  // A first, light pass (no annotations): each item's stratum (and group) for the split and the manifest's counts.
  const units: SplitUnit[] = [];
  for await (const { item } of exportItems(context, false)) {
    units.push({ id: item.id, label: stratumOf(item, context.tasks), group: query.groupBy ? String(item.metadata[query.groupBy] ?? "") || null : null });
  }
  if (ratios) context.splits = assignSplits(units, ratios, query.seed);

  const zip = new yazl.ZipFile();
  const hash = createHash("sha256");
  const manifest = {
    project: { id: projectId, name: project.name },
    exportedAt: new Date().toISOString(),
    exportedBy: caller.user.email,
    parameters: query,
    items: units.length,
    counts: ratios ? splitCounts(context.splits, units) : { all: splitCounts(new Map(units.map((unit) => [unit.id, "all"])), units).all ?? {} },
    guidelineVersions: guidelineVersions.size ? { from: Math.min(...guidelineVersions), to: Math.max(...guidelineVersions) } : null,
    sha256: "",
  };
  const finish = () => {
    manifest.sha256 = hash.digest("hex");
    zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), "manifest.json");
    zip.end();
  };
  const hashed = (text: string) => {
    hash.update(text);
    return text;
  };
  void writeEntries(zip, context, hashed)
    .then(finish)
    .catch((error: unknown) => zip.outputStream.emit("error", error));

  const safeName = project.name.replace(/[^\w.-]+/g, "-").replace(/^-+|-+$/g, "") || "project";
  return { filename: `${safeName}-${query.format}.zip`, stream: webStream(zip.outputStream) };
}

/** Adds the format's entries to the zip as the items stream in. */
async function writeEntries(zip: yazl.ZipFile, context: ExportContext, hashed: (text: string) => string): Promise<void> {
  const { tasks, query } = context;
  const lines = async function* (write: (item: ExportItem) => string[], head: string[] = [], tail: string[] = []) {
    for (const line of head) yield hashed(line);
    for await (const { item } of exportItems(context)) for (const line of write(item)) yield hashed(line);
    for (const line of tail) yield hashed(line);
  };
  const entry = (name: string, source: AsyncIterable<string>) =>
    new Promise<void>((resolve, reject) => {
      const stream = Readable.from(source);
      stream.on("end", resolve).on("error", reject);
      zip.addReadStream(stream, name);
    });

  switch (query.format) {
    case "jsonl":
      return entry("items.jsonl", lines((item) => [`${jsonlLine(item)}\n`]));
    case "csv": {
      const metadataKeys = await metadataKeysOf(context.projectId);
      return entry("items.csv", lines((item) => [csvLine(csvRow(item, tasks, metadataKeys))], [csvLine(csvHeader(tasks, metadataKeys))]));
    }
    case "segments-csv":
      return entry("segments.csv", lines((item) => segmentsCsvRows(item).map(csvLine), [csvLine([...SEGMENTS_CSV_HEADER])]));
    case "asr-manifest":
      return entry("asr-manifest.jsonl", lines((item) => asrManifestLines(item, { per: query.per }).map((line) => `${line}\n`)));
    case "label-studio": {
      let first = true;
      return entry(
        "tasks.json",
        lines((item) => {
          const text = `${first ? "" : ",\n"}${JSON.stringify(labelStudioTask(item, tasks, `/api/v1/items/${item.id}/media`))}`;
          first = false;
          return [text];
        }, ["[\n"], ["\n]\n"]),
      );
    }
    case "coco": {
      const categoryIdOf = cocoCategoryIdOf(tasks);
      const source = async function* () {
        yield hashed(`{"info":${JSON.stringify({ description: "Concord export", version: "1.0" })},"categories":${JSON.stringify(cocoCategories(tasks))},"images":[`);
        let index = 0;
        for await (const { item } of exportItems(context)) yield hashed(`${index++ ? "," : ""}${JSON.stringify({ ...cocoImage(item, index), concord_split: item.split })}`);
        yield hashed(`],"annotations":[`);
        let imageId = 0;
        let annotationId = 1;
        let firstAnnotation = true;
        for await (const { item } of exportItems(context)) {
          const annotations = cocoAnnotations(item, ++imageId, categoryIdOf, annotationId);
          annotationId += annotations.length;
          for (const annotation of annotations) {
            yield hashed(`${firstAnnotation ? "" : ","}${JSON.stringify(annotation)}`);
            firstAnnotation = false;
          }
        }
        yield hashed("]}\n");
      };
      return entry("annotations.json", source());
    }
    case "yolo": {
      const classIndexOf = shapeClassIndexOf(tasks);
      const splitNames = new Set<string>();
      for await (const { item, storedPath } of exportItems(context)) {
        const folder = item.split ?? "all";
        splitNames.add(folder);
        zip.addBuffer(Buffer.from(hashed(yoloLines(item, classIndexOf, { polygons: query.polygons }))), `labels/${folder}/${item.sha256}.txt`);
        zip.addFile(absoluteMediaPath(storedPath), `images/${folder}/${item.sha256}${path.extname(storedPath)}`);
      }
      zip.addBuffer(Buffer.from(hashed(yoloDataYaml(shapeClasses(tasks).map((shapeClass) => shapeClass.name), [...splitNames]))), "data.yaml");
      return;
    }
  }
}

async function metadataKeysOf(projectId: string): Promise<string[]> {
  const keys = new Set<string>();
  let cursor: string | null = null;
  do {
    const rows: { id: string; metadata: unknown }[] = await db().item.findMany({ where: { projectId }, orderBy: { id: "asc" }, take: 1000, ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}), select: { id: true, metadata: true } });
    for (const row of rows) for (const key of Object.keys((row.metadata ?? {}) as object)) keys.add(key);
    cursor = rows.length === 1000 ? rows.at(-1)!.id : null;
  } while (cursor);
  return [...keys].sort();
}

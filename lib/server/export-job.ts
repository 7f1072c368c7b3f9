// The work of an export, in a process of its own (export-process.ts): a project's items with their labels
// in one of Concord's formats, as a zip written page by page (constant memory whatever the project size),
// ending with a manifest: parameters, counts per class and split, guideline versions and a hash of the
// content, so a training run can name its data. Reads go straight through the drivers (bulk-read.ts); what
// needs Prisma or the caller's rights was settled in export.ts and arrives here as plain data (ExportJob).
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
  csvLines,
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
import { assignSplits, SplitTally, type SplitRatio, type SplitUnit } from "@/lib/export/splits";
import { classificationAnswer } from "@/lib/quality/item-agreement";
import { finalLabel } from "@/lib/review/final-label";
import { standardizeResult, type Standardization } from "@/lib/review/standardize";
import type { ResultEntry } from "@/lib/validation/annotation";
import type { ExportQuery } from "@/lib/validation/export";
import type { Task } from "@/lib/validation/project";
import type { ReviewState } from "@/lib/generated/prisma-sqlite/enums";
import { isoTime, openBulkReader, parseJson, type BulkReader, type BulkRow } from "./db/bulk-read";
import type { DatabaseTarget } from "./db/config";
import { absoluteMediaPath } from "./media/store";

/** Everything an export needs beyond the rows it reads, as plain data another process can be given. */
export interface ExportJob {
  target: DatabaseTarget;
  projectId: string;
  tasks: Task[];
  query: ExportQuery;
  rules: Standardization;
  states: ReviewState[];
  ratios: SplitRatio[] | null;
  /** Labelers and guideline versions by id, loaded once rather than joined for every annotation. */
  labelers: Map<string, { name: string; email: string }>;
  guidelineVersions: Map<string, number>;
  /** The manifest's fields known before the first item is read. */
  manifest: { project: { id: string; name: string }; exportedAt: string; exportedBy: string; parameters: ExportQuery; guidelineVersions: { from: number; to: number } | null };
}

// Items per page (four queries: the items, then their annotations, consensus and decisions by id range). Small
// pages keep what is alive at once small; larger ones were no faster.
const PAGE_SIZE = 500;

interface ExportContext extends ExportJob {
  reader: BulkReader;
  splits: Map<string, string>;
  /** Whether a split was assigned (then items not in `splits` arrived since, and wait for the next export). */
  splitAssigned: boolean;
  /** What the export wrote, per split and stratum, for the manifest. */
  tally: SplitTally;
}

interface ExportPage {
  items: { item: ExportItem; storedPath: string }[];
  /** The last item's id, when more may follow. */
  next: string | null;
}

const ITEM_COLUMNS = `id, "originalName", "mediaPath", "mimeType", sha256, width, height, "durationMs", metadata, "importBatchId", source, "submittedCount", "reviewState", "flagReasons", "reviewScore", agreement`;
/**
 * The related rows of a page: by item id range, of this project only. SQLite is kept from choosing the project
 * column's index (`+`): without statistics its planner would scan and sort the project's rows for every page.
 */
function inRange(provider: "sqlite" | "postgresql"): string {
  return `"itemId" >= ? AND "itemId" <= ? AND ${provider === "sqlite" ? '+"projectId"' : '"projectId"'} = ?`;
}
const consensusInRange = (provider: "sqlite" | "postgresql") =>
  `SELECT "itemId", method, confidence, result FROM "ConsensusResult" WHERE ${inRange(provider)} ORDER BY "itemId", "createdAt" DESC`;
const decisionsInRange = (provider: "sqlite" | "postgresql") =>
  `SELECT "itemId", action, reason, category, "createdAt", result, "reviewerId" FROM "ReviewDecision" WHERE ${inRange(provider)} ORDER BY "itemId", "createdAt" DESC`;

/** An item's consensus, gold and the label the export uses (`labels=`), from its latest consensus and decision rows. */
function labelsOf(context: ExportContext, state: ReviewState, consensus: BulkRow | undefined, decision: BulkRow | undefined) {
  const standardize = (result: ResultEntry[] | null) => (result && context.query.standardized ? standardizeResult(result, context.rules) : result);
  const gold = state === "resolved" && decision ? standardize(parseJson<ResultEntry[]>(decision.result)) : null;
  const consensusEntries = consensus ? parseJson<ResultEntry[]>(consensus.result) : null;
  const consensusResult = consensusEntries?.length ? standardize(consensusEntries) : null;
  const accepted = finalLabel(state, gold, consensusResult);
  return { gold, consensusResult, chosen: { final: accepted, consensus: consensusResult, gold, all: accepted }[context.query.labels], standardize };
}

/** Rows ordered by item, grouped by item. */
function groupByItem(rows: BulkRow[]): Map<string, BulkRow[]> {
  const groups = new Map<string, BulkRow[]>();
  for (const row of rows) {
    const itemId = String(row.itemId);
    const group = groups.get(itemId);
    if (group) group.push(row);
    else groups.set(itemId, [row]);
  }
  return groups;
}

/**
 * The page of the project's items after `after`, in id order through the (projectId, id) index, keeping those of
 * the exported states (and, once a split is assigned, those it was assigned over: one arriving since is left for
 * the next export), with the id range that reads their related rows. The states are filtered here: asking the
 * database for them makes it sort the project's items for every page.
 */
async function itemPage(context: ExportContext, columns: string, after: string): Promise<{ rows: BulkRow[]; next: string | null; range: string[] | null }> {
  const scanned = await context.reader.all(`SELECT ${columns} FROM "Item" WHERE "projectId" = ? AND id > ? ORDER BY id LIMIT ${PAGE_SIZE}`, [context.projectId, after]);
  const rows = scanned.filter((row) => context.states.includes(row.reviewState as ReviewState) && (!context.splitAssigned || context.splits.has(String(row.id))));
  return {
    rows,
    next: scanned.length === PAGE_SIZE ? String(scanned.at(-1)!.id) : null,
    range: rows.length ? [String(rows[0]!.id), String(rows.at(-1)!.id), context.projectId] : null,
  };
}

/**
 * The page of items after `after` with everything an export writes about them; without `withAnnotations`,
 * only what decides the final label (enough for COCO, YOLO and the manifests). The related rows are read by the
 * page's id range rather than an id list: no bound-parameter limit, and one index range scan each.
 */
async function exportPage(context: ExportContext, after: string, withAnnotations: boolean): Promise<ExportPage> {
  const { reader } = context;
  const { rows, next, range } = await itemPage(context, ITEM_COLUMNS, after);
  if (!range) return { items: [], next };
  const [annotations, consensuses, decisions] = await Promise.all([
    withAnnotations
      ? reader.all(`SELECT id, "itemId", "labelerId", revision, result, "startedAt", "submittedAt", "activeMs", "guidelineVersionId", "clientInfo" FROM "Annotation" WHERE ${inRange(reader.provider)} AND NOT "isDraft" ORDER BY "itemId", "labelerId", revision`, range)
      : [],
    reader.all(consensusInRange(reader.provider), range),
    reader.all(decisionsInRange(reader.provider), range),
  ]);
  const annotationsOf = groupByItem(annotations);
  const consensusOf = groupByItem(consensuses);
  const decisionOf = groupByItem(decisions);
  const items = rows.map((row) => {
    const id = String(row.id);
    const consensus = consensusOf.get(id)?.[0];
    const decision = decisionOf.get(id)?.[0];
    const state = row.reviewState as ReviewState;
    const { consensusResult, chosen, standardize } = labelsOf(context, state, consensus, decision);
    const reasons = parseJson<ExportItem["review"]["reasons"]>(row.flagReasons);
    // Each labeler's latest revision: the last of theirs. Revisions are read in the order of the (item, labeler,
    // revision) index, which spares the database a sort per page.
    const labeled = (annotationsOf.get(id) ?? []).filter((annotation, index, list) => list[index + 1]?.labelerId !== annotation.labelerId);
    const item: ExportItem = {
      id,
      originalName: String(row.originalName),
      // Stored files are named by content hash with the extension found at import.
      mediaPath: `media/${row.sha256}${path.extname(String(row.mediaPath))}`,
      mimeType: String(row.mimeType),
      sha256: String(row.sha256),
      width: row.width as number | null,
      height: row.height as number | null,
      durationSeconds: row.durationMs === null ? null : Number(row.durationMs) / 1000,
      metadata: parseJson<ExportItem["metadata"]>(row.metadata) ?? {},
      importBatchId: row.importBatchId as string | null,
      source: row.source as string | null,
      labelerCount: Number(row.submittedCount),
      annotations: labeled.map((annotation) => {
        const labelerId = String(annotation.labelerId);
        const labeler = context.labelers.get(labelerId);
        return {
          id: String(annotation.id),
          labeler: { id: labelerId, name: labeler?.name ?? "", email: labeler?.email ?? "" },
          revision: Number(annotation.revision),
          startedAt: isoTime(annotation.startedAt)!,
          submittedAt: isoTime(annotation.submittedAt) ?? new Date(0).toISOString(),
          activeMs: Number(annotation.activeMs),
          guidelineVersion: annotation.guidelineVersionId === null ? null : (context.guidelineVersions.get(String(annotation.guidelineVersionId)) ?? null),
          client: parseJson<Record<string, unknown>>(annotation.clientInfo),
          result: standardize(parseJson<ResultEntry[]>(annotation.result)) ?? [],
        };
      }),
      review: {
        state,
        reasons: Array.isArray(reasons) ? reasons : [],
        agreementScore: row.reviewScore as number | null,
        agreement: parseJson<Record<string, unknown>>(row.agreement),
        consensus: consensus ? { method: String(consensus.method), confidence: consensus.confidence as number | null, result: consensusResult ?? [] } : null,
        decision: decision
          ? { action: String(decision.action), reason: String(decision.reason), category: decision.category as string | null, reviewer: context.labelers.get(String(decision.reviewerId))?.name ?? "", at: isoTime(decision.createdAt)! }
          : null,
      },
      final: chosen,
      split: context.splits.get(id) ?? null,
    };
    return { item, storedPath: String(row.mediaPath) };
  });
  return { items, next };
}

/**
 * Every exported item, a page at a time; the next page is read while the caller writes this one. With
 * `tally`, each item is counted in the manifest (once per export: COCO reads the items twice).
 */
async function* exportPages(context: ExportContext, options: { annotations: boolean; tally: boolean }): AsyncGenerator<ExportPage["items"]> {
  const read = (after: string) => {
    const page = exportPage(context, after, options.annotations);
    // A page read ahead is dropped when the reader stops early (a client hanging up): its failure is no crash.
    page.catch(() => undefined);
    return page;
  };
  let pending: Promise<ExportPage> | null = read("");
  while (pending) {
    const page: ExportPage = await pending;
    pending = page.next === null ? null : read(page.next);
    if (options.tally) for (const { item } of page.items) context.tally.add(item.split ?? "all", stratumOf(item.final, context.tasks));
    yield page.items;
  }
}

/** The stratum an item counts under in splits and manifests: its first classification task's answer in the label exported. */
function stratumOf(label: ResultEntry[] | null, tasks: Task[]): string | null {
  const task = tasks.find((candidate) => candidate.type === "classification");
  return task && label ? classificationAnswer(label, task.key) : null;
}

/**
 * Every exported item's stratum and group, for assigning splits before the first line is written: a pass
 * that reads no more than decides them (no annotations, and consensus or decisions only with a class to stratify by).
 */
async function splitUnits(context: ExportContext): Promise<SplitUnit[]> {
  const { reader } = context;
  const { groupBy } = context.query;
  const stratified = context.tasks.some((task) => task.type === "classification");
  const units: SplitUnit[] = [];
  for (let after: string | null = ""; after !== null; ) {
    const { rows, next, range } = await itemPage(context, `id, "reviewState"${groupBy ? ", metadata" : ""}`, after);
    const [consensusOf, decisionOf] =
      range && stratified ? (await Promise.all([reader.all(consensusInRange(reader.provider), range), reader.all(decisionsInRange(reader.provider), range)])).map(groupByItem) : [new Map(), new Map()];
    for (const row of rows) {
      const id = String(row.id);
      const label = stratified ? labelsOf(context, row.reviewState as ReviewState, consensusOf!.get(id)?.[0], decisionOf!.get(id)?.[0]).chosen : null;
      const group = groupBy ? String(parseJson<ExportItem["metadata"]>(row.metadata)?.[groupBy] ?? "") || null : null;
      units.push({ id, label: stratumOf(label, context.tasks), group });
    }
    after = next;
  }
  return units;
}

/**
 * Starts the export: assigns splits if asked (a light first pass, since splits need every item's stratum and
 * group before the first line is written), then writes the zip as it is read. The database connection is
 * the export's own and closes when the last item is written.
 */
export async function startExport(job: ExportJob): Promise<NodeJS.ReadableStream> {
  const context: ExportContext = { ...job, reader: openBulkReader(job.target), splits: new Map(), splitAssigned: false, tally: new SplitTally(job.ratios?.map((ratio) => ratio.name)) };
  try {
    if (job.ratios) {
      context.splits = assignSplits(await splitUnits(context), job.ratios, job.query.seed);
      context.splitAssigned = true;
    }
  } catch (error) {
    await context.reader.close();
    throw error;
  }

  const zip = new yazl.ZipFile();
  // yazl reports a file it cannot read (a media file gone from the store) on the ZipFile, not on its output.
  zip.on("error", (error: Error) => zip.outputStream.emit("error", error));
  const hash = createHash("sha256");
  const hashed = (text: string) => {
    hash.update(text);
    return text;
  };
  const finish = () => {
    const counts = context.tally.counts();
    const { project, exportedAt, exportedBy, parameters, guidelineVersions } = job.manifest;
    const manifest = {
      project,
      exportedAt,
      exportedBy,
      parameters,
      items: Object.values(counts).reduce((sum, strata) => sum + Object.values(strata).reduce((total, count) => total + count, 0), 0),
      counts,
      guidelineVersions,
      sha256: hash.digest("hex"),
    };
    zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), "manifest.json");
    zip.end();
  };
  void writeEntries(zip, context, hashed)
    .finally(() => context.reader.close())
    .then(finish)
    .catch((error: unknown) => zip.outputStream.emit("error", error));
  return zip.outputStream;
}

/** Adds the format's entries to the zip as the items stream in. */
async function writeEntries(zip: yazl.ZipFile, context: ExportContext, hashed: (text: string) => string): Promise<void> {
  const { tasks, query } = context;
  /** An entry's text, one chunk per page of items. */
  const text = async function* (write: (page: ExportPage["items"]) => string, options: { head?: string; tail?: string; annotations?: boolean } = {}) {
    if (options.head) yield hashed(options.head);
    for await (const page of exportPages(context, { annotations: options.annotations ?? false, tally: true })) {
      const chunk = write(page);
      if (chunk) yield hashed(chunk);
    }
    if (options.tail) yield hashed(options.tail);
  };
  const entry = (name: string, source: AsyncIterable<string>) =>
    new Promise<void>((resolve, reject) => {
      // Bytes, not objects: one page's text is buffered at a time rather than sixteen.
      const stream = Readable.from(source, { objectMode: false, highWaterMark: 64 * 1024 });
      stream.on("end", resolve).on("error", reject);
      zip.addReadStream(stream, name);
    });

  switch (query.format) {
    case "jsonl":
      return entry("items.jsonl", text((page) => page.map(({ item }) => `${jsonlLine(item)}\n`).join(""), { annotations: true }));
    case "csv": {
      const metadataKeys = await metadataKeysOf(context);
      return entry("items.csv", text((page) => csvLines(page.map(({ item }) => csvRow(item, tasks, metadataKeys))), { head: csvLine(csvHeader(tasks, metadataKeys)) }));
    }
    case "segments-csv":
      return entry("segments.csv", text((page) => csvLines(page.flatMap(({ item }) => segmentsCsvRows(item))), { head: csvLine([...SEGMENTS_CSV_HEADER]) }));
    case "asr-manifest":
      return entry("asr-manifest.jsonl", text((page) => page.flatMap(({ item }) => asrManifestLines(item, { per: query.per }).map((line) => `${line}\n`)).join("")));
    case "label-studio": {
      // The media come along, named as in the JSON, under the URL Label Studio's local-files storage serves
      // them from when it is pointed at the unzipped folder (and the names a re-import here matches).
      let first = true;
      const tasksOf = (page: ExportPage["items"]) =>
        page
          .map(({ item, storedPath }) => {
            zip.addFile(absoluteMediaPath(storedPath), item.mediaPath);
            const json = `${first ? "" : ",\n"}${JSON.stringify(labelStudioTask(item, tasks, `/data/local-files/?d=${item.mediaPath}`))}`;
            first = false;
            return json;
          })
          .join("");
      return entry("tasks.json", text(tasksOf, { head: "[\n", tail: "\n]\n", annotations: true }));
    }
    case "coco": {
      const categoryIdOf = cocoCategoryIdOf(tasks);
      const source = async function* () {
        yield hashed(`{"info":${JSON.stringify({ description: "Concord export", version: "1.0" })},"categories":${JSON.stringify(cocoCategories(tasks))},"images":[`);
        // Image ids by item, so that the annotations (a second read) point at their image whatever changed meanwhile.
        const imageIds = new Map<string, number>();
        for await (const page of exportPages(context, { annotations: false, tally: true })) {
          yield hashed(
            page
              .map(({ item }) => {
                imageIds.set(item.id, imageIds.size + 1);
                return `${imageIds.size > 1 ? "," : ""}${JSON.stringify({ ...cocoImage(item, imageIds.size), concord_split: item.split })}`;
              })
              .join(""),
          );
        }
        yield hashed(`],"annotations":[`);
        let annotationId = 1;
        for await (const page of exportPages(context, { annotations: false, tally: false })) {
          const chunk: string[] = [];
          for (const { item } of page) {
            const imageId = imageIds.get(item.id);
            if (imageId === undefined) continue; // arrived after the images were written
            for (const annotation of cocoAnnotations(item, imageId, categoryIdOf, annotationId)) chunk.push(`${annotationId++ > 1 ? "," : ""}${JSON.stringify(annotation)}`);
          }
          if (chunk.length) yield hashed(chunk.join(""));
        }
        yield hashed("]}\n");
      };
      return entry("annotations.json", source());
    }
    case "yolo": {
      const classIndexOf = shapeClassIndexOf(tasks);
      const splitNames = new Set<string>();
      for await (const page of exportPages(context, { annotations: false, tally: true })) {
        for (const { item, storedPath } of page) {
          const folder = item.split ?? "all";
          splitNames.add(folder);
          // Stored, not deflated: a few bytes each, and yazl keeps each deflated buffer (a slice of a 16 KB zlib
          // buffer) until the zip ends: 17 KB an item, against about 1 KB stored.
          zip.addBuffer(Buffer.from(hashed(yoloLines(item, classIndexOf, { polygons: query.polygons }))), `labels/${folder}/${item.sha256}.txt`, { compress: false });
          zip.addFile(absoluteMediaPath(storedPath), `images/${folder}/${item.sha256}${path.extname(storedPath)}`);
        }
      }
      zip.addBuffer(Buffer.from(hashed(yoloDataYaml(shapeClasses(tasks).map((shapeClass) => shapeClass.name), [...splitNames]))), "data.yaml");
      return;
    }
  }
}

/** Every metadata key of the project's items, sorted: the CSV's metadata columns. */
async function metadataKeysOf({ reader, projectId }: ExportContext): Promise<string[]> {
  const keys = new Set<string>();
  let after = "";
  for (;;) {
    const rows = await reader.all(`SELECT id, metadata FROM "Item" WHERE "projectId" = ? AND id > ? ORDER BY id LIMIT ${PAGE_SIZE * 5}`, [projectId, after]);
    for (const row of rows) for (const key of Object.keys(parseJson<object>(row.metadata) ?? {})) keys.add(key);
    if (rows.length < PAGE_SIZE * 5) return [...keys].sort();
    after = String(rows.at(-1)!.id);
  }
}

// Reading an export's items a page at a time, as the formats write them: by the export's process
// (export-job.ts), and by its page workers (export-page-worker.ts), which load this and not the zip's side.
// Reads go straight through the drivers (bulk-read.ts); what needs Prisma or the caller's rights was settled in
// export.ts and arrives here as plain data (ExportJob).
import path from "node:path";
import type { PageDetail } from "@/lib/export/formats/format";
import { exportFormat } from "@/lib/export/formats/registry";
import {
  objectClassesOf,
  toJsonText,
  type ExportAnnotation,
  type ExportComment,
  type ExportDecision,
  type ExportItem,
  type ExportPerson,
  type ExportRevision,
  type ExportTopic,
  type JsonText,
} from "@/lib/export/formats";
import { classificationAnswer } from "@/lib/quality/item-agreement";
import { finalLabel } from "@/lib/review/final-label";
import { standardizeResult, type Standardization } from "@/lib/review/standardize";
import type { ResultEntry } from "@/lib/validation/annotation";
import { standardizesAnnotations, standardizesFinalLabels, type ExportQuery } from "@/lib/validation/export";
import type { Task } from "@/lib/validation/project";
import type { SplitRatio } from "@/lib/export/splits";
import type { ReviewState } from "@/lib/generated/prisma-sqlite/enums";
import { isoTime, openBulkReader, parseJson, type BulkReader, type Cell } from "./db/bulk-read";
import type { DatabaseTarget } from "./db/config";

/** Everything an export needs beyond the rows it reads, as plain data another process can be given. */
export interface ExportJob {
  target: DatabaseTarget;
  projectId: string;
  tasks: Task[];
  query: ExportQuery;
  rules: Standardization;
  states: ReviewState[];
  ratios: SplitRatio[] | null;
  /** Labelers (and reviewers) and guideline versions by id, loaded once rather than joined for every annotation. */
  labelers: Map<string, ExportPerson>;
  guidelineVersions: Map<string, number>;
  /** The project's model versions by id, to name the one an answer was pre-annotated from. */
  models: Map<string, { name: string; version: string }>;
  /** The manifest's fields known before the first item is read. */
  manifest: { project: { id: string; name: string }; exportedAt: string; exportedBy: string; parameters: ExportQuery; guidelineVersions: { from: number; to: number } | null };
  /** How often the export's process tells how many items it has written (export-process.ts: a second unless set). */
  progressEveryMs?: number;
}

// Items per page (four queries: the items, then their annotations, consensus and decisions by id range; JSONL three
// more, skips, revision requests and comments). Small pages keep what is alive at once small; larger ones were no faster.
export const PAGE_SIZE = 500;

/** What reading a page needs: the job, a database connection and the split. */
export interface PageContext extends ExportJob {
  reader: BulkReader;
  splits: Map<string, string>;
  /** Whether a split was assigned (then items not in `splits` arrived since, and wait for the next export). */
  splitAssigned: boolean;
}

export interface ExportPage {
  items: { item: ExportItem; storedPath: string }[];
  /** The last item's id, when more may follow. */
  next: string | null;
}

// The rows read, as the drivers give them: columns in the order selected, JSON and timestamps as text.
/** An item's id and state first, whatever else is read with them. */
type ItemHead = [id: string, reviewState: ReviewState, ...rest: Cell[]];
const ITEM_COLUMNS = `id, "reviewState", "originalName", "mediaPath", "mimeType", sha256, width, height, "durationMs", metadata, "importBatchId", source, "submittedCount", "flagReasons", "reviewScore", agreement`;
type ItemRow = [
  id: string, reviewState: ReviewState, originalName: string, mediaPath: string, mimeType: string, sha256: string, width: number | null, height: number | null, durationMs: number | null,
  metadata: string | null, importBatchId: string | null, source: string | null, submittedCount: number, flagReasons: string | null, reviewScore: number | null, agreement: string | null,
];
/**
 * An annotation's columns, joined by the database into one text (U+001F between them, a null as nothing): each value
 * a driver returns is a string it builds, the PostgreSQL driver in JavaScript, and ten a row took 8.1 s of processor
 * time for 1,000,000 annotations, one joined text 1.9 s with the split (SQLite: 3.5 s against 3.2 s). U+001F cannot
 * occur in what is joined: ids, integers, booleans, timestamps, and JSON, which escapes control characters (the note,
 * free text, is read as a JSON string for that). The JSON columns are written into JSONL as they are (`JsonText`):
 * PostgreSQL's jsonb is JSON by type, and SQLite's `json()` fails the export on text that is not JSON (and takes out
 * any spacing).
 */
const ANNOTATION_FIELDS = [
  "id", '"labelerId"', "revision", "result", '"startedAt"', '"submittedAt"', '"activeMs"', '"guidelineVersionId"', '"clientInfo"', '"guidelinesUnclear"', "note",
  "prefill", '"prefillPredictionId"', '"modelAgreement"', `(SELECT p."modelId" FROM "Prediction" p WHERE p."id" = "Annotation"."prefillPredictionId")`,
];
const JSON_FIELDS = new Set(["result", '"clientInfo"']);
const TEXT_FIELDS = new Set(["note"]);
const FIELD_SEPARATOR = "\u001f";
function annotationColumn(provider: "sqlite" | "postgresql", field: string): string {
  if (TEXT_FIELDS.has(field)) return provider === "sqlite" ? `json_quote(${field})` : `to_json(${field})`;
  return provider === "sqlite" && JSON_FIELDS.has(field) ? `json(${field})` : field;
}
const joinedAnnotation = (provider: "sqlite" | "postgresql") =>
  ANNOTATION_FIELDS.map((field) => `coalesce(CAST(${annotationColumn(provider, field)} AS TEXT), '')`).join(` || '${FIELD_SEPARATOR}' || `);
type AnnotationRow = [itemId: string, joined: string];

export type ConsensusRow = [itemId: string, method: string, confidence: number | null, result: string];
export type DecisionRow = [
  itemId: string, action: string, reason: string, category: string | null, createdAt: string, result: string | null, reviewerId: string,
  id: string, annotationId: string | null, reviewSession: string | null, guidelineVersionId: string | null,
];
type SkipRow = [itemId: string, userId: string, skipReason: string | null, skipNote: string | null, completedAt: string | null, isRevision: number];
type CommentRow = [
  itemId: string, id: string, parentId: string | null, authorId: string | null, body: string, anchor: string | null, mentions: string | null, isQuestion: number, createdAt: string,
  resolvedAt: string | null, resolvedById: string | null, resolutionNote: string | null, resolutionDecisionId: string | null, resolutionGuidelineVersion: number | null,
];
type RevisionRequestRow = [itemId: string, id: string, labelerId: string, reason: string, status: string, decisionId: string | null, createdAt: string, closedAt: string | null];

/**
 * The related rows of a page: by item id range, of this project only. SQLite is kept from choosing the project
 * column's index (`+`): without statistics its planner would scan and sort the project's rows for every page.
 */
function inRange(provider: "sqlite" | "postgresql"): string {
  return `"itemId" >= ? AND "itemId" <= ? AND ${provider === "sqlite" ? '+"projectId"' : '"projectId"'} = ?`;
}
export const consensusInRange = (provider: "sqlite" | "postgresql") =>
  `SELECT "itemId", method, confidence, result FROM "ConsensusResult" WHERE ${inRange(provider)} ORDER BY "itemId", "createdAt" DESC`;
export const decisionsInRange = (provider: "sqlite" | "postgresql") =>
  `SELECT "itemId", action, reason, category, "createdAt", result, "reviewerId", id, "annotationId", "reviewSession", "guidelineVersionId" FROM "ReviewDecision" WHERE ${inRange(provider)} ORDER BY "itemId", "createdAt" DESC`;
const skipsInRange = (provider: "sqlite" | "postgresql") =>
  `SELECT "itemId", "userId", "skipReason", "skipNote", "completedAt", CAST("isRevision" AS INTEGER) FROM "Assignment" WHERE ${inRange(provider)} AND status = 'skipped' ORDER BY "itemId", "completedAt" DESC`;
const revisionRequestsInRange = (provider: "sqlite" | "postgresql") =>
  `SELECT "itemId", id, "labelerId", reason, status, "decisionId", "createdAt", "closedAt" FROM "RevisionRequest" WHERE ${inRange(provider)} ORDER BY "itemId", "createdAt" DESC`;

const commentsInRange = (provider: "sqlite" | "postgresql") =>
  `SELECT "itemId", id, "parentId", "authorId", body, anchor, mentions, CAST("isQuestion" AS INTEGER), "createdAt", "resolvedAt", "resolvedById", "resolutionNote", "resolutionDecisionId", "resolutionGuidelineVersion" ` +
  `FROM "Comment" WHERE ${inRange(provider)} ORDER BY "itemId", "createdAt", id`;

/**
 * An item's consensus and the label the export uses (`labels=`), from its latest consensus and decision rows (the
 * decision in force sets the gold label of a resolved item).
 */
export function labelsOf(context: PageContext, state: ReviewState, consensus: ConsensusRow | undefined, decision: DecisionRow | undefined) {
  const gold = state === "resolved" && decision ? standardizedFinal(context, parseJson<ResultEntry[]>(decision[5])) : null;
  // An empty consensus is stored both for "the labelers agreed there is nothing" and for "they did not agree" (a tie,
  // boxes too few labelers drew); only an accepted item's means the first, so only there is it a label.
  const consensusEntries = consensus ? parseJson<ResultEntry[]>(consensus[3]) : null;
  const consensusResult = consensusEntries && (consensusEntries.length || state === "accepted") ? standardizedFinal(context, consensusEntries) : null;
  const accepted = finalLabel(state, gold, consensusResult);
  return { consensusResult, chosen: { final: accepted, consensus: consensusResult, gold, all: accepted }[context.query.labels] };
}

/** A final, consensus or gold label (or a decision's), standardized unless the export says not to. */
function standardizedFinal(context: PageContext, result: ResultEntry[] | null): ResultEntry[] | null {
  return result && standardizesFinalLabels(context.query) ? standardizeResult(result, context.rules) : result;
}

/** A labeler or reviewer by id; someone deleted since is known by their id alone. */
const personOf = (context: PageContext, id: string): ExportPerson => context.labelers.get(id) ?? { id, name: "", email: "" };

const guidelineVersionOf = (context: PageContext, id: string | null) => (id === null ? null : (context.guidelineVersions.get(id) ?? null));

function exportDecision(context: PageContext, [, action, reason, category, createdAt, result, reviewerId, id, annotationId, reviewSession, guidelineVersionId]: DecisionRow): ExportDecision {
  return {
    id,
    action,
    reason,
    category,
    reviewer: personOf(context, reviewerId),
    at: isoTime(createdAt)!,
    result: standardizedFinal(context, parseJson<ResultEntry[]>(result)),
    annotationId,
    sessionId: reviewSession,
    guidelineVersion: guidelineVersionOf(context, guidelineVersionId),
  };
}

// What most annotations and items have: no earlier revision, skip, decision or revision request. One frozen list for
// all of them rather than a million empty ones.
const NONE: readonly never[] = Object.freeze([]);

/** The rows of an item as the export writes them; none as NONE. */
const exported = <Row, T>(rows: Row[] | undefined, write: (row: Row) => T): readonly T[] => (rows ? rows.map(write) : NONE);

/**
 * A submitted revision from its joined text (an empty field was null), as the export writes it: as submitted, unless
 * standardized=1 asks for it rewritten. Read as a labeler's annotation; it goes inside their latest if it is an earlier one.
 */
function annotationOf(context: PageContext, joined: string): ExportAnnotation {
  const fields = joined.split(FIELD_SEPARATOR);
  if (fields.length !== ANNOTATION_FIELDS.length) throw new Error(`An annotation read as ${fields.length} fields, not ${ANNOTATION_FIELDS.length}: ${joined.slice(0, 200)}`);
  const [id, labelerId, revision, result, startedAt, submittedAt, activeMs, guidelineVersionId, clientInfo, guidelinesUnclear, note, prefill, predictionId, modelAgreement, modelId] = fields as [
    string, string, string, JsonText, string, string, string, string, JsonText, string, string, string, string, string, string,
  ];
  return {
    id,
    labeler: personOf(context, labelerId),
    revision: Number(revision),
    startedAt: isoTime(startedAt)!,
    submittedAt: submittedAt ? isoTime(submittedAt)! : new Date(0).toISOString(),
    activeMs: Number(activeMs),
    guidelineVersion: guidelineVersionOf(context, guidelineVersionId || null),
    // SQLite stores a boolean as 1 or 0, PostgreSQL's reads as true or false.
    guidelinesUnclear: guidelinesUnclear === "1" || guidelinesUnclear === "true",
    // SQLite quotes a null as the JSON null, PostgreSQL leaves it null.
    note: note === "" || note === "null" ? null : (JSON.parse(note) as string),
    client: clientInfo || null,
    preannotation: prefill ? { shown: prefill === "shown", model: context.models.get(modelId) ?? null, predictionId: predictionId || null, modelAgreement: modelAgreement ? Number(modelAgreement) : null } : null,
    result: standardizesAnnotations(context.query) ? toJsonText(standardizeResult(parseJson<ResultEntry[]>(result) ?? [], context.rules)) : result,
    earlierRevisions: NONE,
  };
}

/**
 * Each labeler's annotation of an item from its submitted revisions, read in the order of the (item, labeler,
 * revision) index (which spares the database a sort per page): the last of a labeler's is their answer, the ones
 * before it its earlier revisions, newest first.
 */
function labelersAnnotations(context: PageContext, rows: AnnotationRow[]): ExportAnnotation[] {
  const revisions = rows.map(([, joined]) => annotationOf(context, joined));
  const annotations: ExportAnnotation[] = [];
  let earlier: ExportRevision[] = [];
  revisions.forEach((revision, index) => {
    if (revisions[index + 1]?.labeler.id === revision.labeler.id) return void earlier.push(revision);
    if (earlier.length) {
      revision.earlierRevisions = earlier.reverse();
      earlier = [];
    }
    annotations.push(revision);
  });
  return annotations;
}

/** An item's comments (oldest first) as topics with their replies. */
function discussionOf(context: PageContext, rows: CommentRow[]): ExportTopic[] {
  const person = (id: string | null) => (id === null ? null : personOf(context, id));
  const comment = ([, id, , authorId, body, anchor, mentions, , createdAt]: CommentRow): ExportComment => ({
    id,
    author: person(authorId),
    body,
    anchor: parseJson<Record<string, unknown>>(anchor),
    mentions: (parseJson<string[]>(mentions) ?? []).map((userId) => personOf(context, userId)),
    at: isoTime(createdAt)!,
  });
  const topics = new Map<string, ExportTopic>();
  for (const row of rows) {
    const [, id, parentId, , , , , isQuestion, , resolvedAt, resolvedById, note, decisionId, guidelineVersion] = row;
    if (parentId) {
      topics.get(parentId)?.replies.push(comment(row));
      continue;
    }
    const resolution = resolvedAt === null ? null : { by: person(resolvedById), at: isoTime(resolvedAt)!, note, decisionId, guidelineVersion: guidelineVersion === null ? null : Number(guidelineVersion) };
    // SQLite stores a boolean as 1 or 0; cast to an integer on both.
    topics.set(id, { ...comment(row), isQuestion: Number(isQuestion) === 1, resolution, replies: [] });
  }
  return [...topics.values()];
}

/** Rows ordered by item (its id first), grouped by item. */
export function groupByItem<Row extends [itemId: string, ...rest: Cell[]]>(rows: Row[]): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const itemId = row[0];
    const group = groups.get(itemId);
    if (group) group.push(row);
    else groups.set(itemId, [row]);
  }
  return groups;
}

export interface ItemPage<Row> {
  rows: Row[];
  /** The last item's id, when more may follow. */
  next: string | null;
  /** The bound parameters of `inRange`, for the page's related rows (null when no item is kept). */
  range: string[] | null;
}

/**
 * The page of the project's items after `after` (a page size of them, or all up to `last`), in id order through
 * the (projectId, id) index, keeping those of the exported states (and, once a split is assigned, those it was
 * assigned over: one arriving since is left for the next export), with the id range that reads their related
 * rows. The states are filtered here: asking the database for them makes it sort the project's items for every page.
 */
export async function itemPage<Row extends ItemHead>(context: PageContext, columns: string, after: string, last?: string): Promise<ItemPage<Row>> {
  const { tag } = context.query;
  // With `tag`, an item is kept when it carries the tag: a look-up per item in the (itemId, tagId) key, so a page
  // still reads its share of the project in id order. Items without it are scanned, not kept, as other states are.
  const tagged =
    tag === undefined ? "" : `, CASE WHEN EXISTS (SELECT 1 FROM "ItemTag" JOIN "Tag" ON "Tag".id = "ItemTag"."tagId" WHERE "ItemTag"."itemId" = "Item".id AND "Tag"."projectId" = ? AND "Tag".name = ?) THEN 1 ELSE 0 END`;
  const scanned = await context.reader.rows<Row>(
    // Bounded by `last`, a page is whatever lies in its range now, however many arrived there since it was scanned.
    `SELECT ${columns}${tagged} FROM "Item" WHERE "projectId" = ? AND id > ?${last === undefined ? ` ORDER BY id LIMIT ${PAGE_SIZE}` : " AND id <= ? ORDER BY id"}`,
    [...(tag === undefined ? [] : [context.projectId, tag]), context.projectId, after, ...(last === undefined ? [] : [last])],
  );
  // The tag's column (1 or 0) is read last, past the columns asked for.
  const rows = scanned
    .filter(([id, state, ...rest]) => context.states.includes(state) && (!context.splitAssigned || context.splits.has(id)) && (tag === undefined || rest.at(-1) === 1))
    .map((row) => (tag === undefined ? row : (row.slice(0, -1) as Row)));
  return {
    rows,
    next: scanned.length === PAGE_SIZE ? scanned.at(-1)![0] : null,
    range: rows.length ? [rows[0]![0], rows.at(-1)![0], context.projectId] : null,
  };
}

/** A page's rows of one kind, as a caught failure names the items they are of. */
function rowsOfRange<Row extends Cell[]>(reader: BulkReader, what: string, sql: string, range: string[]): Promise<Row[]> {
  return reader.rows<Row>(sql, range).catch((error: unknown) => {
    throw new Error(`Reading the ${what} of items ${range[0]} to ${range[1]}: ${error instanceof Error ? error.message : String(error)}`);
  });
}

/**
 * The page of items after `after` (up to `last`) with what an export writes about them, as `detail` says. The related
 * rows are read by the page's id range rather than an id list: no bound-parameter limit, and one index range scan each.
 */
export async function exportPage(context: PageContext, after: string, detail: PageDetail, last?: string): Promise<ExportPage> {
  const { reader } = context;
  const { provider } = reader;
  const { rows, next, range } = await itemPage<ItemRow>(context, ITEM_COLUMNS, after, last);
  if (!range) return { items: [], next };
  const [annotations, consensuses, decisions, skips, revisionRequests, comments] = await Promise.all([
    detail === "labels"
      ? []
      : rowsOfRange<AnnotationRow>(reader, "annotations", `SELECT "itemId", ${joinedAnnotation(provider)} FROM "Annotation" WHERE ${inRange(provider)} AND NOT "isDraft" ORDER BY "itemId", "labelerId", revision`, range),
    reader.rows<ConsensusRow>(consensusInRange(provider), range),
    reader.rows<DecisionRow>(decisionsInRange(provider), range),
    detail === "lossless" ? rowsOfRange<SkipRow>(reader, "skips", skipsInRange(provider), range) : [],
    detail === "lossless" ? rowsOfRange<RevisionRequestRow>(reader, "revision requests", revisionRequestsInRange(provider), range) : [],
    detail === "lossless" ? rowsOfRange<CommentRow>(reader, "comments", commentsInRange(provider), range) : [],
  ]);
  const annotationsOf = groupByItem(annotations);
  const consensusOf = groupByItem(consensuses);
  const decisionsOf = groupByItem(decisions);
  const skipsOf = groupByItem(skips);
  const revisionRequestsOf = groupByItem(revisionRequests);
  const commentsOf = groupByItem(comments);
  const items = rows.map((row) => {
    const [id, state, originalName, mediaPath, mimeType, sha256, width, height, durationMs, metadata, importBatchId, source, submittedCount, flagReasons, reviewScore, agreement] = row;
    const consensus = consensusOf.get(id)?.[0];
    const decisionRows = decisionsOf.get(id);
    const { consensusResult, chosen } = labelsOf(context, state, consensus, decisionRows?.[0]);
    const reasons = parseJson<ExportItem["review"]["reasons"]>(flagReasons);
    const item: ExportItem = {
      id,
      originalName,
      fileName: originalName,
      // Stored files are named by content hash with the extension found at import.
      mediaPath: `media/${sha256}${path.extname(mediaPath)}`,
      mimeType,
      sha256,
      width,
      height,
      durationSeconds: durationMs === null ? null : Number(durationMs) / 1000,
      metadata: parseJson<ExportItem["metadata"]>(metadata) ?? {},
      importBatchId,
      source,
      labelerCount: Number(submittedCount),
      annotations: labelersAnnotations(context, annotationsOf.get(id) ?? []),
      discussion: commentsOf.has(id) ? discussionOf(context, commentsOf.get(id)!) : NONE,
      skips: exported(skipsOf.get(id), ([, userId, reason, note, at, isRevision]) => ({ labeler: personOf(context, userId), reason, note, at: isoTime(at), revisionLease: isRevision === 1 })),
      review: {
        state,
        reasons: Array.isArray(reasons) ? reasons : [],
        agreementScore: reviewScore,
        agreement: parseJson<Record<string, unknown>>(agreement),
        consensus: consensus ? { method: consensus[1], confidence: consensus[2], result: consensusResult ?? [] } : null,
        decisions: exported(decisionRows, (decision) => exportDecision(context, decision)),
        revisionRequests: exported(revisionRequestsOf.get(id), ([, requestId, labelerId, reason, status, decisionId, requestedAt, closedAt]) => ({
          id: requestId,
          labeler: personOf(context, labelerId),
          reason,
          status,
          decisionId,
          requestedAt: isoTime(requestedAt)!,
          closedAt: isoTime(closedAt),
        })),
      },
      final: chosen,
      split: context.splits.get(id) ?? null,
    };
    return { item, storedPath: mediaPath };
  });
  return { items, next };
}

/** What the server reads per item for the export's format. */
export const detailOf = (query: ExportQuery): PageDetail => exportFormat(query.format).detail?.(query) ?? "labels";

/** What each page worker is given when it starts. */
export interface PageWorkerSetup {
  job: ExportJob;
  splitAssigned: boolean;
  metadataKeys: string[];
}
/** A page for a worker: the items after `after` up to `last`, with the splits of those kept. */
export interface PageRequest {
  index: number;
  after: string;
  last: string;
  splits: [itemId: string, split: string][];
}
/** A written page: its text, and each item's manifest entry. */
export type PageResult = { index: number; text: Uint8Array; strata: ManifestEntry[] } | { index: number; failed: string };

/** A page worker's side (export-page-worker.ts): reads and writes the pages it is handed, on its own connection. */
export async function pageWriter({ job, splitAssigned, metadataKeys }: PageWorkerSetup) {
  const reader = await openBulkReader(job.target);
  const format = exportFormat(job.query.format).text!({ tasks: job.tasks, query: job.query, metadataKeys });
  const encoder = new TextEncoder();
  const manifestEntry = manifestEntryOf(job.tasks);
  return {
    async write({ after, last, splits }: PageRequest): Promise<{ text: Uint8Array; strata: ManifestEntry[] }> {
      const { items } = await exportPage({ ...job, reader, splits: new Map(splits), splitAssigned }, after, detailOf(job.query), last);
      // Encoded here, into memory of its own that is handed over rather than copied.
      return { text: encoder.encode(format.write(items.map(({ item }) => item))), strata: items.map(({ item }) => manifestEntry(item)) };
    },
    close: () => reader.close(),
  };
}

/** Where the manifest counts an item: its split ("all" without one), its stratum, and its objects' classes if it has a label of a project with object tasks. */
export type ManifestEntry = [split: string, stratum: string | null, objectClasses?: string[]];

/**
 * An export's manifest entries, item by item. Made once per export: a project without box, polygon or segment tasks
 * (the million-annotation JSONL bench) pays nothing per item for the object counts.
 */
export function manifestEntryOf(tasks: Task[]): (item: ExportItem) => ManifestEntry {
  const objectClasses = objectClassesOf(tasks);
  return (item) => {
    const entry: ManifestEntry = [item.split ?? "all", stratumOf(item.final, tasks)];
    if (objectClasses && item.final) entry.push(objectClasses(item.final));
    return entry;
  };
}

/** The stratum an item counts under in splits and manifests: its first classification task's answer in the label exported. */
export function stratumOf(label: ResultEntry[] | null, tasks: Task[]): string | null {
  const task = tasks.find((candidate) => candidate.type === "classification");
  return task && label ? classificationAnswer(label, task.key) : null;
}

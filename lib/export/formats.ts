// Export formats: each exported item turned into a line or a record of a format, one item at a time,
// so that the server can stream an export of any size in constant memory. Pure: no database, no
// framework; the server chooses the items, their final labels and splits, and writes the files.
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { annotationResultSchema, type MediaBounds, type ResultEntry } from "../validation/annotation";
import type { Task } from "../validation/project";

/** One item as the server hands it to the writers. Times are ISO 8601, sizes in pixels, durations in seconds. */
export interface ExportItem {
  id: string;
  originalName: string;
  /**
   * The media file's path, e.g. "media/<sha256>.png": inside the zip for the formats that bring the media (COCO,
   * Label Studio, the ASR manifest); JSONL and the CSV formats name it so without the file.
   */
  mediaPath: string;
  mimeType: string;
  sha256: string;
  width: number | null;
  height: number | null;
  durationSeconds: number | null;
  metadata: Record<string, string | number | boolean | null>;
  importBatchId: string | null;
  source: string | null;
  /** Every labeler's latest submission with their earlier ones; formats that need no annotations may leave it empty. */
  annotations: ExportAnnotation[];
  /** The labelers who skipped the item, newest first; read only for JSONL (empty for the other formats). */
  skips: readonly ExportSkip[];
  /** How many labelers submitted the item (whether or not `annotations` was read). */
  labelerCount: number;
  review: {
    state: string;
    reasons: { code: string; task?: string; detail: string }[];
    agreementScore: number | null;
    /** The agreement figures per task when the item was last judged, as stored (null before). */
    agreement: Record<string, unknown> | null;
    consensus: { method: string; confidence: number | null; result: ResultEntry[] } | null;
    /** Every decision, newest (in force) first; each result (the first one's is the gold label while the item is resolved) standardized as the final label is. */
    decisions: readonly ExportDecision[];
    /** Reviewers' requests that a labeler revise their answer, newest first; read only for JSONL (empty for the other formats). */
    revisionRequests: readonly ExportRevisionRequest[];
  };
  /** The label the export uses (gold, consensus, ... chosen by the server); null when the item has none. */
  final: ResultEntry[] | null;
  split: string | null;
}

/** A labeler or reviewer; someone deleted since has their id alone (empty name and email). */
export interface ExportPerson {
  id: string;
  name: string;
  email: string;
}

/** One submitted revision of a labeler's annotation. */
export interface ExportRevision {
  id: string;
  revision: number;
  /** When the labeler opened the item (the lease), and when they submitted. */
  startedAt: string;
  submittedAt: string;
  activeMs: number;
  guidelineVersion: number | null;
  /** The labeler found the guidelines unclear for this item, and may say why in `note`. */
  guidelinesUnclear: boolean;
  note: string | null;
  /** The client that produced it (user agent, viewport, app version, or where it was imported from), null when unknown. */
  client: JsonText | null;
  /** In the annotation result format. */
  result: JsonText;
}

/** A labeler's latest revision, with the ones it replaced. */
export interface ExportAnnotation extends ExportRevision {
  labeler: ExportPerson;
  /** The labeler's earlier revisions, newest first (empty for an answer never revised). */
  earlierRevisions: readonly ExportRevision[];
}

export interface ExportDecision {
  id: string;
  action: string;
  reason: string;
  category: string | null;
  reviewer: ExportPerson;
  at: string;
  /** The label it set (null for exclude and relabel). */
  result: ResultEntry[] | null;
  /** The annotation it accepted (accept-annotation). */
  annotationId: string | null;
  /** The review session it was made in. */
  sessionId: string | null;
  guidelineVersion: number | null;
}

export interface ExportSkip {
  labeler: ExportPerson;
  reason: string | null;
  at: string | null;
  /** The lease skipped was one to revise their own submitted answer (a revision request declined). */
  revisionLease: boolean;
}

export interface ExportRevisionRequest {
  id: string;
  labeler: ExportPerson;
  reason: string;
  /** open, done (revised), declined, expired or cancelled. */
  status: string;
  /** The relabel decision that asked for it. */
  decisionId: string | null;
  requestedAt: string;
  closedAt: string | null;
}

/**
 * A JSON value as text: as the database stored it (the database checks that it is JSON), or `toJsonText` of a
 * value. JSONL writes it into the line as it is: parsing every annotation's result and client to write them back
 * took about a tenth of a JSONL export's processor time.
 */
export type JsonText = string & { readonly jsonText: unique symbol };
export const toJsonText = (value: unknown) => JSON.stringify(value) as JsonText;
export const parseJsonText = <T>(text: JsonText) => JSON.parse(text) as T;

type BoxEntry = Extract<ResultEntry, { type: "bbox" }>;
type PolygonEntry = Extract<ResultEntry, { type: "polygon" }>;
type SegmentEntry = Extract<ResultEntry, { type: "segment" }>;
type ShapeEntry = BoxEntry | PolygonEntry;
type ShapeTask = Extract<Task, { type: "bbox" | "polygon" }>;
type Point = readonly [number, number];

const isShape = (entry: ResultEntry): entry is ShapeEntry => entry.type === "bbox" || entry.type === "polygon";
const isShapeTask = (task: Task): task is ShapeTask => task.type === "bbox" || task.type === "polygon";

/** The item's size, which every coordinate conversion needs; an image without one cannot be exported with shapes. */
function imageSize(item: ExportItem): { width: number; height: number } {
  if (!item.width || !item.height) throw new Error(`${item.originalName} (${item.id}) has shapes but no image size`);
  return { width: item.width, height: item.height };
}

function bounds(points: readonly Point[]): { x: number; y: number; width: number; height: number } {
  const xs = points.map(([x]) => x);
  const ys = points.map(([, y]) => y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/** Shoelace formula: the area a simple polygon encloses, whichever way its points turn. */
function polygonArea(points: readonly Point[]): number {
  const twiceSigned = points.reduce((sum, [x1, y1], index) => {
    const [x2, y2] = points[(index + 1) % points.length]!;
    return sum + x1 * y2 - x2 * y1;
  }, 0);
  return Math.abs(twiceSigned) / 2;
}

const boxCorners = (box: BoxEntry): Point[] => [
  [box.x, box.y],
  [box.x + box.width, box.y],
  [box.x + box.width, box.y + box.height],
  [box.x, box.y + box.height],
];
const shapeBounds = (shape: ShapeEntry) => (shape.type === "bbox" ? shape : bounds(shape.points));
const shapeOutline = (shape: ShapeEntry): readonly Point[] => (shape.type === "bbox" ? boxCorners(shape) : shape.points);

/** Seconds rounded to the microsecond, so that float noise (0.3 - 0.1) does not reach the files. */
const seconds = (value: number) => Math.round(value * 1e6) / 1e6;

/** The segments of a result that carry a transcript, in time order. */
function transcribedSegments(result: readonly ResultEntry[]): (SegmentEntry & { transcript: string })[] {
  return result
    .filter((entry): entry is SegmentEntry & { transcript: string } => entry.type === "segment" && entry.transcript !== undefined)
    .sort((a, b) => a.start - b.start || a.end - b.end);
}
const joinTranscripts = (segments: readonly { transcript: string }[]) => segments.map((segment) => segment.transcript).join(" ");

// ---------------------------------------------------------------------------------------------------
// JSONL

/**
 * Concord's lossless format: one JSON object per item and line. The field names are stable (new ones
 * may be added): id, originalName, mediaPath, mimeType, sha256, width, height (px, null for audio),
 * durationSeconds (null for images), metadata, importBatchId, source,
 * annotations (each labeler's latest revision) [{ id, labeler, revision, startedAt, submittedAt, activeMs, guidelineVersion,
 * guidelinesUnclear, note, client, result, earlierRevisions (newest first) [{ id, revision, ... result }] }],
 * skips (newest first) [{ labeler, reason, at, revisionLease }],
 * labelerCount, review { state, reasons [{code, task?, detail}], agreementScore, agreement (figures per task),
 * consensus {method, confidence, result} | null, decision (the one in force: decisions[0]) | null,
 * decisions (newest first) [{ id, action, reason, category, reviewer, at, result, annotationId, sessionId, guidelineVersion }],
 * revisionRequests (newest first) [{ id, labeler, reason, status, decisionId, requestedAt, closedAt }] },
 * final (the label this export uses, or null), split. People (labeler, reviewer) are {id, name, email}.
 * Every result is in the annotation result format of lib/validation/annotation.ts.
 */
export function jsonlLine(item: ExportItem): string {
  // Fields are picked one by one so that the order is fixed and nothing else the server's object holds leaks out.
  // The annotations' JSON text goes in as it is, so the line is written in parts around it.
  const head = JSON.stringify({
    id: item.id,
    originalName: item.originalName,
    mediaPath: item.mediaPath,
    mimeType: item.mimeType,
    sha256: item.sha256,
    width: item.width,
    height: item.height,
    durationSeconds: item.durationSeconds,
    metadata: item.metadata,
    importBatchId: item.importBatchId,
    source: item.source,
  });
  // Each annotation as a template rather than an object to stringify: a large export writes a million of them.
  const annotations = item.annotations.map(
    (annotation) =>
      `{"id":${JSON.stringify(annotation.id)},"labeler":${personJson(annotation.labeler)},${revisionFields(annotation)},` +
      `"earlierRevisions":[${annotation.earlierRevisions.length ? annotation.earlierRevisions.map((revision) => `{"id":${JSON.stringify(revision.id)},${revisionFields(revision)}}`).join(",") : ""}]}`,
  );
  const { review } = item;
  const decisions = review.decisions.map(decisionFields);
  const tail = JSON.stringify({
    skips: item.skips.map((skip) => ({ labeler: personFields(skip.labeler), reason: skip.reason, at: skip.at, revisionLease: skip.revisionLease })),
    labelerCount: item.labelerCount,
    review: {
      state: review.state,
      reasons: review.reasons.map((reason) => ({ code: reason.code, task: reason.task, detail: reason.detail })),
      agreementScore: review.agreementScore,
      agreement: review.agreement,
      consensus: review.consensus && { method: review.consensus.method, confidence: review.consensus.confidence, result: review.consensus.result },
      decision: decisions[0] ?? null,
      decisions,
      revisionRequests: review.revisionRequests.map((request) => ({
        id: request.id,
        labeler: personFields(request.labeler),
        reason: request.reason,
        status: request.status,
        decisionId: request.decisionId,
        requestedAt: request.requestedAt,
        closedAt: request.closedAt,
      })),
    },
    final: item.final,
    split: item.split,
  });
  return `${head.slice(0, -1)},"annotations":[${annotations.join(",")}],${tail.slice(1)}`;
}

/** A revision's fields after its id, as JSON object members in a fixed order. */
function revisionFields(revision: ExportRevision): string {
  return (
    `"revision":${jsonNumber(revision.revision)},"startedAt":${JSON.stringify(revision.startedAt)},"submittedAt":${JSON.stringify(revision.submittedAt)},` +
    `"activeMs":${jsonNumber(revision.activeMs)},"guidelineVersion":${jsonNumber(revision.guidelineVersion)},"guidelinesUnclear":${revision.guidelinesUnclear === true},` +
    `"note":${revision.note === null ? "null" : JSON.stringify(revision.note)},"client":${revision.client ?? "null"},"result":${revision.result}`
  );
}

const personFields = (person: ExportPerson): ExportPerson => ({ id: person.id, name: person.name, email: person.email });

const decisionFields = (decision: ExportDecision): ExportDecision => ({
  id: decision.id,
  action: decision.action,
  reason: decision.reason,
  category: decision.category,
  reviewer: personFields(decision.reviewer),
  at: decision.at,
  result: decision.result,
  annotationId: decision.annotationId,
  sessionId: decision.sessionId,
  guidelineVersion: decision.guidelineVersion,
});

/** A number as JSON.stringify writes it (null for NaN and the infinities). */
const jsonNumber = (value: number | null) => (value !== null && Number.isFinite(value) ? String(value) : "null");

// Each person's JSON, written once: the same few labeler objects recur in every line of an export.
const personJsonOf = new WeakMap<ExportPerson, string>();
function personJson(person: ExportPerson): string {
  let json = personJsonOf.get(person);
  if (json === undefined) personJsonOf.set(person, (json = JSON.stringify(personFields(person))));
  return json;
}

// ---------------------------------------------------------------------------------------------------
// CSV

// =, +, - or @ first, also after spaces or control characters that spreadsheets trim on import; or a tab, carriage
// return, line feed or NUL first.
const FORMULA_START = /^[\s\u0000]*[=+\-@]|^[\t\r\n\u0000]/;
// A plain decimal number, signed or not (-5, +3, -0.5, -.5, 1e-3): a spreadsheet reads it as that number, not as a
// formula, so it keeps its sign and stays a number. Anything more (-2+3, -5 with a space) is not one.
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/** How the CSV formats write a text cell. */
type TextCell = (text: string) => string;

/** A text cell a spreadsheet will not run as a formula (OWASP): a leading ' before any FORMULA_START but a plain number's sign. */
const guardedTextCell: TextCell = (text) => (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text);
/** A text cell as it is, for pipelines that read the CSV as data (csvFormulaGuard=0). */
const plainTextCell: TextCell = (text) => text;

/** Options of the CSV formats: `formulaGuard` (default true) neutralizes text cells a spreadsheet would run as formulas. */
export interface CsvOptions {
  formulaGuard?: boolean;
}
const textCellOf = ({ formulaGuard = true }: CsvOptions): TextCell => (formulaGuard ? guardedTextCell : plainTextCell);

/** Numbers Concord writes pass unprefixed: String(number) is a plain number such as -3, never a formula. */
function numberCell(value: number | null): string {
  return value === null ? "" : String(value);
}

function metadataCell(value: string | number | boolean | null | undefined, textCell: TextCell): string {
  if (typeof value === "number") return numberCell(value);
  if (typeof value === "string") return textCell(value);
  return value === null || value === undefined ? "" : String(value);
}

interface CsvColumn {
  header: string;
  cell: (item: ExportItem) => string;
}

/** A column about the final label: empty when the item has none, so that "no label" differs from "0 boxes". */
const labelColumn = (header: string, cell: (final: ResultEntry[]) => string): CsvColumn => ({ header, cell: (item) => (item.final ? cell(item.final) : "") });
const ofTask = (final: ResultEntry[], key: string) => final.filter((entry) => entry.task === key);
const entryOf = <T extends ResultEntry["type"]>(final: readonly ResultEntry[], type: T, key?: string) =>
  final.find((entry): entry is Extract<ResultEntry, { type: T }> => entry.type === type && (key === undefined || entry.task === key));

function taskColumns(task: Task, textCell: TextCell): CsvColumn[] {
  const count = labelColumn(`${task.key}.count`, (final) => numberCell(ofTask(final, task.key).length));
  switch (task.type) {
    case "classification":
      return [labelColumn(task.key, (final) => textCell(entryOf(final, "classification", task.key)?.values.join("+") ?? ""))];
    case "transcript":
      return [labelColumn(task.key, (final) => textCell(entryOf(final, "transcript", task.key)?.text ?? ""))];
    case "segment":
      return task.transcript ? [count, labelColumn(`${task.key}.transcript`, (final) => textCell(joinTranscripts(transcribedSegments(ofTask(final, task.key)))))] : [count];
    default:
      return [count];
  }
}

function csvColumns(tasks: readonly Task[], metadataKeys: readonly string[], textCell: TextCell): CsvColumn[] {
  return [
    { header: "id", cell: (item) => textCell(item.id) },
    { header: "file", cell: (item) => textCell(item.mediaPath) },
    { header: "original_name", cell: (item) => textCell(item.originalName) },
    { header: "sha256", cell: (item) => textCell(item.sha256) },
    { header: "split", cell: (item) => textCell(item.split ?? "") },
    { header: "review_state", cell: (item) => textCell(item.review.state) },
    { header: "agreement_score", cell: (item) => numberCell(item.review.agreementScore) },
    { header: "labelers", cell: (item) => numberCell(item.labelerCount) },
    ...tasks.flatMap((task) => taskColumns(task, textCell)),
    ...metadataKeys.map((key) => ({ header: `meta.${key}`, cell: (item: ExportItem) => metadataCell(item.metadata[key], textCell) })),
  ];
}

/**
 * The header of the items CSV: id, file (path in the export), original_name, sha256, split, review_state,
 * agreement_score, labelers (distinct labelers who submitted); then per task, from the final label:
 * classification `<key>` (the values joined by "+"), box, polygon and segment `<key>.count`, a transcribed
 * segment task also `<key>.transcript` (its transcripts in time order), transcript `<key>` (the text);
 * then `meta.<key>` per metadata key. Label columns are empty when the item has no final label.
 */
export function csvHeader(tasks: readonly Task[], metadataKeys: readonly string[]): string[] {
  return csvColumns(tasks, metadataKeys, plainTextCell).map((column) => column.header);
}

/** One item's row under csvHeader(tasks, metadataKeys); text cells are safe against formula injection unless `options` turn the guard off. */
export function csvRow(item: ExportItem, tasks: readonly Task[], metadataKeys: readonly string[], options: CsvOptions = {}): string[] {
  return csvColumns(tasks, metadataKeys, textCellOf(options)).map((column) => column.cell(item));
}

/** CSV records, each with its line ending, quoted as RFC 4180 asks (CRLF, quotes doubled). */
export function csvLines(records: readonly (readonly string[])[]): string {
  // csv-stringify quotes only fields holding the record delimiter itself; a lone LF or CR breaks lines in readers too.
  return records.length ? stringify(records as string[][], { record_delimiter: "windows", quoted_match: /[\r\n]/ }) : "";
}

/** One CSV record with its line ending. */
export function csvLine(cells: readonly string[]): string {
  return csvLines([cells]);
}

/** The header of segmentsCsvRows. */
export const SEGMENTS_CSV_HEADER = ["file", "split", "task", "start", "end", "duration", "label", "transcript", "uncertain"] as const;

/** One row per segment of the final label, in time order; times in seconds, split empty without one; text cells as csvRow's. */
export function segmentsCsvRows(item: ExportItem, options: CsvOptions = {}): string[][] {
  const textCell = textCellOf(options);
  const segments = (item.final ?? []).filter((entry): entry is SegmentEntry => entry.type === "segment").sort((a, b) => a.start - b.start || a.end - b.end);
  return segments.map((segment) => [
    textCell(item.mediaPath),
    textCell(item.split ?? ""),
    textCell(segment.task),
    numberCell(seconds(segment.start)),
    numberCell(seconds(segment.end)),
    numberCell(seconds(segment.end - segment.start)),
    textCell(segment.label),
    textCell(segment.transcript ?? ""),
    String(segment.uncertain ?? false),
  ]);
}

// ---------------------------------------------------------------------------------------------------
// Shape classes, shared by COCO and YOLO

export interface ShapeClass {
  task: string;
  label: string;
  /** The class name, prefixed with its task key ("boxes/scratch") when another task of the list has a class of the same name. */
  name: string;
}

type ObjectTask = Extract<Task, { type: "bbox" | "polygon" | "segment" }>;
const isObjectTask = (task: Task): task is ObjectTask => isShapeTask(task) || task.type === "segment";
// A task key has no newline, so the key is unambiguous.
const classKey = (task: string, label: string) => `${task}\n${label}`;

/** The classes of the given tasks, task by task in project order, named as ShapeClass says. */
function namedClasses(tasks: readonly ObjectTask[]): ShapeClass[] {
  const pairs = tasks.flatMap((task) => task.classes.map((labelClass) => ({ task: task.key, label: labelClass.name })));
  const tasksPerLabel = new Map<string, number>();
  for (const { label } of pairs) tasksPerLabel.set(label, (tasksPerLabel.get(label) ?? 0) + 1);
  return pairs.map((pair) => ({ ...pair, name: tasksPerLabel.get(pair.label)! > 1 ? `${pair.task}/${pair.label}` : pair.label }));
}

/** The classes of the box and polygon tasks, task by task in project order: COCO category i + 1, YOLO class i. */
export function shapeClasses(tasks: readonly Task[]): ShapeClass[] {
  return namedClasses(tasks.filter(isShapeTask));
}

/** The YOLO class index (from 0) of a task's label; undefined for a label the project no longer has. */
export function shapeClassIndexOf(tasks: readonly Task[]): (task: string, label: string) => number | undefined {
  const indices = new Map(shapeClasses(tasks).map((shapeClass, index) => [classKey(shapeClass.task, shapeClass.label), index]));
  return (task, label) => indices.get(classKey(task, label));
}

/**
 * For the manifest's object counts: the class name of each box, polygon and segment of a label (named as
 * shapeClasses names them, so as COCO and YOLO do), or null for a project without such tasks, which then pays
 * nothing per item. Objects of classes the project no longer has are not counted: COCO and YOLO leave them out.
 */
export function objectClassesOf(tasks: readonly Task[]): ((label: readonly ResultEntry[]) => string[]) | null {
  const classes = namedClasses(tasks.filter(isObjectTask));
  if (!classes.length) return null;
  const nameOf = new Map(classes.map((objectClass) => [classKey(objectClass.task, objectClass.label), objectClass.name]));
  return (label) =>
    label.flatMap((entry) => {
      const name = entry.type === "bbox" || entry.type === "polygon" || entry.type === "segment" ? nameOf.get(classKey(entry.task, entry.label)) : undefined;
      return name === undefined ? [] : [name];
    });
}

/** Why COCO and YOLO leave items out; the manifest counts them under these names. */
export const LEFT_OUT_NO_LABEL = "no label";

/**
 * Why COCO and YOLO leave an item with this label out, or null to write it. An item without the label asked for (`labels=gold` on
 * an item nobody reviewed, an unresolved one included on request) is left out: written without shapes, it would
 * tell a trainer "nothing here". An item whose label has no shapes is written: that is a true background image.
 */
export function trainingLeftOutReason(label: ExportItem["final"]): typeof LEFT_OUT_NO_LABEL | null {
  return label === null ? LEFT_OUT_NO_LABEL : null;
}

/** The final shapes with their class number; shapes of classes the project no longer has are left out. */
function numberedShapes(item: ExportItem, numberOf: (task: string, label: string) => number | undefined): { shape: ShapeEntry; number: number }[] {
  return (item.final ?? []).filter(isShape).flatMap((shape) => {
    const number = numberOf(shape.task, shape.label);
    return number === undefined ? [] : [{ shape, number }];
  });
}

// ---------------------------------------------------------------------------------------------------
// COCO

export interface CocoCategory {
  id: number;
  name: string;
  supercategory: string;
}

export interface CocoImage {
  id: number;
  file_name: string;
  width: number | null;
  height: number | null;
  concord_id: string;
}

export interface CocoAnnotation {
  id: number;
  image_id: number;
  category_id: number;
  /** A polygon's one ring [x1, y1, x2, y2, ...] in pixels; [] for a box (as CVAT writes it, for readers that expect the key). */
  segmentation: number[][];
  area: number;
  /** [x, y, width, height] in pixels, top-left origin. */
  bbox: [number, number, number, number];
  iscrowd: 0;
  attributes: { uncertain: boolean };
}

/** The categories of the box and polygon tasks, ids from 1, supercategory the task key (see shapeClasses for names). */
export function cocoCategories(tasks: readonly Task[]): CocoCategory[] {
  return shapeClasses(tasks).map((shapeClass, index) => ({ id: index + 1, name: shapeClass.name, supercategory: shapeClass.task }));
}

/** The category id cocoCategories gives a task's label; undefined for a label the project no longer has. */
export function cocoCategoryIdOf(tasks: readonly Task[]): (task: string, label: string) => number | undefined {
  const indexOf = shapeClassIndexOf(tasks);
  return (task, label) => {
    const index = indexOf(task, label);
    return index === undefined ? undefined : index + 1;
  };
}

/** The image record; every exported image gets one, with or without shapes (see trainingLeftOutReason). */
export function cocoImage(item: ExportItem, imageId: number): CocoImage {
  return { id: imageId, file_name: item.mediaPath, width: item.width, height: item.height, concord_id: item.id };
}

/**
 * The final shapes of one image, numbered from nextAnnotationId (the caller continues from
 * nextAnnotationId + the length returned). Boxes give their bbox, area and an empty segmentation; polygons a
 * one-ring segmentation, their bounds as bbox and their shoelace area. Shapes whose category is unknown are left out.
 */
export function cocoAnnotations(
  item: ExportItem,
  imageId: number,
  categoryIdOf: (task: string, label: string) => number | undefined,
  nextAnnotationId: number,
): CocoAnnotation[] {
  return numberedShapes(item, categoryIdOf).map(({ shape, number }, index): CocoAnnotation => {
    const box = shapeBounds(shape);
    return {
      id: nextAnnotationId + index,
      image_id: imageId,
      category_id: number,
      segmentation: shape.type === "polygon" ? [shape.points.flat()] : [],
      area: shape.type === "polygon" ? polygonArea(shape.points) : box.width * box.height,
      bbox: [box.x, box.y, box.width, box.height],
      iscrowd: 0,
      attributes: { uncertain: shape.uncertain ?? false },
    };
  });
}

// ---------------------------------------------------------------------------------------------------
// YOLO

/** A coordinate as a fraction of the image side with 6 decimals; clamped, as shapes may reach a hair past the edge. */
const yoloFraction = (value: number, side: number) => Math.min(1, Math.max(0, value / side)).toFixed(6);

/**
 * The label file of one image: a line per final shape, coordinates as fractions of the image size.
 * With polygons "boxes": `class cx cy w h` (a polygon gives its bounds). With "segments":
 * `class x1 y1 x2 y2 ...`, boxes written as their four corners, because Ultralytics reads a label file
 * with any polygon in it as all polygons. An image without shapes gets "" (a background image).
 */
export function yoloLines(item: ExportItem, classIndexOf: (task: string, label: string) => number | undefined, options: { polygons: "boxes" | "segments" }): string {
  const shapes = numberedShapes(item, classIndexOf);
  if (!shapes.length) return "";
  const { width, height } = imageSize(item);
  const lines = shapes.map(({ shape, number }) => {
    if (options.polygons === "segments") {
      return [number, ...shapeOutline(shape).flatMap(([x, y]) => [yoloFraction(x, width), yoloFraction(y, height)])].join(" ");
    }
    const box = shapeBounds(shape);
    const centre = [yoloFraction(box.x + box.width / 2, width), yoloFraction(box.y + box.height / 2, height)];
    return [number, ...centre, yoloFraction(box.width, width), yoloFraction(box.height, height)].join(" ");
  });
  return `${lines.join("\n")}\n`;
}

/** The split folders data.yaml names for Ultralytics' train, val and (optional) test keys. */
export interface YoloSplitFolders {
  train: string;
  val: string;
  test?: string;
}

/**
 * Which of the split folders an export wrote (train, dev, test, or "all" without a split) data.yaml names for
 * Ultralytics, which requires `train` and `val`: dev is val. Without a dev part, val is the test part, the
 * held-out images there are (so validation scores mean something, at the cost of choosing the best epoch on
 * them); without either, the training images, which is what an export without a split asks for. A folder no item
 * went to (an export of nothing) is named "all", and the writer must create it.
 */
export function yoloSplitFolders(written: readonly string[]): YoloSplitFolders {
  const first = (folders: string[]) => folders.find((folder) => written.includes(folder));
  // A train part of ratio 0 ("0,50,50") leaves train to the first part there is.
  const train = first(["train", "all", "dev", "test"]) ?? "all";
  const val = first(["dev", "test"]) ?? train;
  return written.includes("test") ? { train, val, test: "test" } : { train, val };
}

/**
 * Ultralytics' data.yaml: `train`, `val` and `test` as `images/<folder>` (see yoloSplitFolders), nc, and names as
 * class index → name. No `path` key, so that Ultralytics takes the folder of this file as the dataset root. Names
 * and paths are written as quoted strings (JSON is valid YAML), so that "yes" or "1: a" stay strings.
 */
export function yoloDataYaml(classNames: readonly string[], folders: YoloSplitFolders): string {
  const quoted = (text: string) => JSON.stringify(text);
  return [
    "# Ultralytics YOLO dataset exported by Concord; paths are relative to this file.",
    ...Object.entries(folders).map(([key, folder]) => `${key}: ${quoted(`images/${folder}`)}`),
    `nc: ${classNames.length}`,
    classNames.length ? "names:" : "names: {}",
    ...classNames.map((name, index) => `  ${index}: ${quoted(name)}`),
    "",
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------------
// ASR manifest (NeMo)

/**
 * NeMo manifest lines ({audio_filepath, offset, duration, text, split}, seconds; split null without one, and
 * ignored by NeMo, which reads only the keys it knows). Per clip: one line with
 * offset 0 and the clip's duration, its text the transcript task's text or else the segment transcripts
 * joined in time order; none when the final label has no transcript at all (an empty transcript,
 * silence, still gives a line). Per segment: a line per segment with a transcript. Throws for a clip
 * without a duration, which NeMo needs.
 */
export function asrManifestLines(item: ExportItem, options: { per: "clip" | "segment" }): string[] {
  const line = (offset: number, duration: number, text: string) =>
    JSON.stringify({ audio_filepath: item.mediaPath, offset: seconds(offset), duration: seconds(duration), text, split: item.split });
  const segments = transcribedSegments(item.final ?? []);
  if (options.per === "segment") return segments.map((segment) => line(segment.start, segment.end - segment.start, segment.transcript));
  const text = entryOf(item.final ?? [], "transcript")?.text ?? (segments.length ? joinTranscripts(segments) : null);
  if (text === null) return [];
  if (item.durationSeconds === null) throw new Error(`${item.originalName} (${item.id}) has a transcript but no duration`);
  return [line(0, item.durationSeconds, text)];
}

// ---------------------------------------------------------------------------------------------------
// Label Studio

/** Label Studio has no uncertainty flag; Concord writes this word in a region's meta note and reads it back. */
const UNCERTAIN_NOTE = "uncertain";
/** The control of a segment task's transcripts: Label Studio keeps per-region text in a TextArea of its own. */
const regionTranscriptControl = (taskKey: string) => `${taskKey}_transcript`;

type MediaKey = "image" | "audio";

export interface LabelStudioResult {
  id: string;
  type: "choices" | "textarea" | "labels" | "rectanglelabels" | "polygonlabels";
  from_name: string;
  to_name: MediaKey;
  value: Record<string, unknown>;
  original_width?: number;
  original_height?: number;
  image_rotation?: 0;
  meta?: { text: string[] };
}

export interface LabelStudioAnnotation {
  completed_by?: { id: string; email: string; first_name: string };
  created_at?: string;
  lead_time: number;
  /** Label Studio's mark of a reviewed, correct annotation: set on a reviewer's gold label. */
  ground_truth?: true;
  result: LabelStudioResult[];
}

export interface LabelStudioTask {
  /** concord_split: the item's split, null without one (an import reads only the media URL). */
  data: { image?: string; audio?: string; concord_id: string; concord_split: string | null };
  annotations: LabelStudioAnnotation[];
}

/**
 * Who an annotation is by, as Label Studio's import matches annotators: by email. A consensus is by no one and a person
 * deleted since has no email; Label Studio refuses a completed_by without an email (the whole import fails), so those
 * have none, and Label Studio gives them to whoever imports (an import here reports them as without an account).
 */
function completedBy(person: { id: string; email: string; name: string } | null): Pick<LabelStudioAnnotation, "completed_by"> {
  return person?.email ? { completed_by: { id: person.id, email: person.email, first_name: person.name } } : {};
}

const toPercent = (value: number, side: number) => (value / side) * 100;
const fromPercent = (value: number, side: number) => (value / 100) * side;

/** One entry as Label Studio results: a segment with a transcript gives a region and its per-region text, sharing an id. */
function labelStudioResults(entry: ResultEntry, id: string, media: MediaKey, item: ExportItem): LabelStudioResult[] {
  const base = { id, from_name: entry.task, to_name: media, ...(entry.uncertain ? { meta: { text: [UNCERTAIN_NOTE] } } : {}) };
  switch (entry.type) {
    case "classification":
      return [{ ...base, type: "choices", value: { choices: entry.values } }];
    case "transcript":
      return [{ ...base, type: "textarea", value: { text: [entry.text] } }];
    case "segment": {
      const region = { start: entry.start, end: entry.end, channel: 0 };
      const text = entry.transcript === undefined ? [] : [{ ...base, from_name: regionTranscriptControl(entry.task), type: "textarea" as const, value: { ...region, text: [entry.transcript] } }];
      return [{ ...base, type: "labels", value: { ...region, labels: [entry.label] } }, ...text];
    }
    case "bbox":
    case "polygon": {
      const { width, height } = imageSize(item);
      const image = { original_width: width, original_height: height, image_rotation: 0 as const };
      if (entry.type === "polygon") {
        const points = entry.points.map(([x, y]) => [toPercent(x, width), toPercent(y, height)]);
        return [{ ...base, ...image, type: "polygonlabels", value: { points, polygonlabels: [entry.label], closed: true } }];
      }
      const box = { x: toPercent(entry.x, width), y: toPercent(entry.y, height), width: toPercent(entry.width, width), height: toPercent(entry.height, height) };
      return [{ ...base, ...image, type: "rectanglelabels", value: { ...box, rotation: 0, rectanglelabels: [entry.label] } }];
    }
  }
}

/**
 * A Label Studio task: data {image | audio: mediaUrl, concord_id, concord_split} and its annotations, by `labels`:
 * all, an annotation per labeler as they gave it (their time and lead time); final, consensus or gold, the item's
 * label of that kind (item.final) as its one annotation, none without it: a gold label is by the reviewer who decided
 * it, at the time of their decision and marked ground_truth, a consensus by no one (see completedBy). Control names (from_name) are task keys, a segment task's transcripts go to `<key>_transcript`;
 * the object (to_name) is "image" or "audio" by the item's MIME type. Boxes and polygons are in percent
 * of the image size, segments in seconds; an uncertain entry carries the meta note "uncertain". Entries
 * of tasks the project no longer has (same key and type) are left out.
 */
export function labelStudioTask(item: ExportItem, tasks: readonly Task[], mediaUrl: string, labels: "final" | "consensus" | "gold" | "all"): LabelStudioTask {
  const media: MediaKey = item.mimeType.startsWith("audio/") ? "audio" : "image";
  const configured = (entry: ResultEntry) => tasks.some((task) => task.key === entry.task && task.type === entry.type);
  const results = (entries: ResultEntry[]) => entries.filter(configured).flatMap((entry, index) => labelStudioResults(entry, `r${index}`, media, item));
  return { data: { [media]: mediaUrl, concord_id: item.id, concord_split: item.split }, annotations: labels === "all" ? labelerAnnotations(item, results) : chosenAnnotation(item, labels, results) };
}

function labelerAnnotations(item: ExportItem, results: (entries: ResultEntry[]) => LabelStudioResult[]): LabelStudioAnnotation[] {
  return item.annotations.map((annotation) => ({
    ...completedBy(annotation.labeler),
    created_at: annotation.submittedAt,
    lead_time: annotation.activeMs / 1000,
    result: results(parseJsonText<ResultEntry[]>(annotation.result)),
  }));
}

function chosenAnnotation(item: ExportItem, labels: "final" | "consensus" | "gold", results: (entries: ResultEntry[]) => LabelStudioResult[]): LabelStudioAnnotation[] {
  if (!item.final) return [];
  // As finalLabel chooses: the decision's result once resolved, else the consensus.
  const decision = labels === "gold" || (labels === "final" && item.review.state === "resolved") ? (item.review.decisions[0] ?? null) : null;
  if (!decision) return [{ ...completedBy(null), lead_time: 0, result: results(item.final) }];
  return [{ ...completedBy(decision.reviewer), created_at: decision.at, lead_time: 0, ground_truth: true, result: results(item.final) }];
}

// Label Studio adds fields of its own (origin, score, parentID...): only what Concord reads is checked, the rest dropped.
const oneLabel = z.array(z.string()).length(1, { message: "Concord takes exactly one label per region" });
const regionFields = { id: z.string().optional(), from_name: z.string(), meta: z.object({ text: z.array(z.string()).optional() }).optional() };
const originalSize = { original_width: z.number().positive(), original_height: z.number().positive() };
const labelStudioResultSchema = z.discriminatedUnion("type", [
  z.object({ ...regionFields, type: z.literal("choices"), value: z.object({ choices: z.array(z.string()) }) }),
  z.object({ ...regionFields, type: z.literal("textarea"), value: z.object({ text: z.array(z.string()) }) }),
  z.object({ ...regionFields, type: z.literal("labels"), value: z.object({ start: z.number(), end: z.number(), labels: oneLabel }) }),
  z.object({
    ...regionFields,
    ...originalSize,
    type: z.literal("rectanglelabels"),
    value: z.object({
      x: z.number(),
      y: z.number(),
      width: z.number(),
      height: z.number(),
      rotation: z.number().optional().refine((rotation) => !rotation, { message: "rotated boxes are not supported" }),
      rectanglelabels: oneLabel,
    }),
  }),
  z.object({ ...regionFields, ...originalSize, type: z.literal("polygonlabels"), value: z.object({ points: z.array(z.tuple([z.number(), z.number()])), polygonlabels: oneLabel }) }),
]);
type ParsedResult = z.output<typeof labelStudioResultSchema>;
const SUPPORTED_RESULT_TYPES: readonly string[] = labelStudioResultSchema.options.map((option) => option.shape.type.value);

const labelStudioUser = z.union([
  z.number().transform(String),
  z.string(),
  z.object({ id: z.union([z.number(), z.string()]).optional(), email: z.string().optional() }).transform((user) => user.email ?? (user.id === undefined ? "" : String(user.id))),
]);
const labelStudioTaskSchema = z.object({
  data: z.object({ image: z.string().optional(), audio: z.string().optional() }),
  annotations: z
    .array(
      z.object({
        completed_by: labelStudioUser.optional(),
        was_cancelled: z.boolean().optional(),
        // Checked one by one (plausibleTimes): an implausible time is left out and said, the annotation kept.
        created_at: z.unknown().optional(),
        lead_time: z.unknown().optional(),
        result: z.array(z.unknown()),
      }),
    )
    .default([]),
});

/** A lead time is the seconds someone spent on the annotation: a day or more is no time anyone spent labeling. */
const MAX_LEAD_TIME_SECONDS = 86_400;
const leadTimeSchema = z.number().min(0).max(MAX_LEAD_TIME_SECONDS);
/** When an annotation was made: not before 2000, nor after tomorrow (clocks drift, time zones differ). */
const createdAtSchema = z.iso.datetime({ offset: true }).refine((value) => {
  const time = Date.parse(value);
  return time >= Date.UTC(2000, 0, 1) && time <= Date.now() + 86_400_000;
});

/** An annotation's time and lead time when they are plausible; each that is not is reported and left out. */
function plausibleTimes(annotation: { created_at?: unknown; lead_time?: unknown }, problem: (message: string) => void) {
  const given = (value: unknown) => value !== undefined && value !== null;
  const createdAt = createdAtSchema.safeParse(annotation.created_at);
  const leadTime = leadTimeSchema.safeParse(annotation.lead_time);
  if (given(annotation.created_at) && !createdAt.success) problem(`created_at ${JSON.stringify(annotation.created_at)} is not a date from 2000 to today; imported with the import's time`);
  if (given(annotation.lead_time) && !leadTime.success) {
    problem(`lead_time ${JSON.stringify(annotation.lead_time)} is not a time spent labeling (0 to ${MAX_LEAD_TIME_SECONDS.toLocaleString("en")} seconds); imported without an active time`);
  }
  return { createdAt: createdAt.data ?? null, leadTimeSeconds: leadTime.data ?? null };
}

const firstMessage = (error: z.ZodError) => {
  const issue = error.issues[0]!;
  return issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message;
};

/** The file name a media URL ends in; Label Studio's local-files URLs carry the path in their `d` parameter. */
function fileNameOf(url: string): string {
  let path = url;
  try {
    const parsed = new URL(url, "file:///"); // the base lets relative URLs such as /data/upload/1/a.png parse
    path = parsed.searchParams.get("d") ?? decodeURIComponent(parsed.pathname);
  } catch {
    // not a URL, or a stray % in it: take the name as written
  }
  return path.split("/").pop() ?? path;
}

/** The Concord task type each Label Studio result type becomes. */
const RESULT_TASK_TYPE = { choices: "classification", labels: "segment", rectanglelabels: "bbox", polygonlabels: "polygon", textarea: "transcript" } as const;

/** The task of a control: the task of that key, or else the only task of that type (Label Studio configs name controls freely). */
function taskOf(result: ParsedResult, tasks: readonly Task[]): Task | undefined {
  const type = RESULT_TASK_TYPE[result.type];
  const ofType = tasks.filter((task) => task.type === type);
  return ofType.find((task) => task.key === result.from_name) ?? (ofType.length === 1 ? ofType[0] : undefined);
}

const uncertainOf = (result: ParsedResult) => (result.meta?.text?.includes(UNCERTAIN_NOTE) ? { uncertain: true } : {});

/** One Label Studio annotation as a Concord result; what cannot be converted or is invalid is left out and reported. */
function resultFromLabelStudio(rawResults: readonly unknown[], tasks: readonly Task[], problem: (message: string) => void): ResultEntry[] {
  const parsed: ParsedResult[] = [];
  rawResults.forEach((raw, index) => {
    const type = (raw as { type?: unknown } | null)?.type;
    if (typeof type !== "string" || !SUPPORTED_RESULT_TYPES.includes(type)) return problem(`result ${index + 1}: unsupported result type ${JSON.stringify(type)}`);
    const result = labelStudioResultSchema.safeParse(raw);
    if (!result.success) return problem(`result ${index + 1}: ${firstMessage(result.error)}`);
    parsed.push(result.data);
  });

  const entries: ResultEntry[] = [];
  const segmentsById = new Map<string, SegmentEntry>();
  const textareas: Extract<ParsedResult, { type: "textarea" }>[] = [];
  for (const result of parsed) {
    if (result.type === "textarea") {
      textareas.push(result); // after the regions, which they may belong to
      continue;
    }
    const task = taskOf(result, tasks);
    if (!task) {
      problem(`no ${RESULT_TASK_TYPE[result.type]} task matches the control "${result.from_name}"`);
      continue;
    }
    const uncertain = uncertainOf(result);
    switch (result.type) {
      case "choices":
        entries.push({ task: task.key, type: "classification", values: result.value.choices, ...uncertain });
        break;
      case "labels": {
        const segment: SegmentEntry = { task: task.key, type: "segment", label: result.value.labels[0]!, start: result.value.start, end: result.value.end, ...uncertain };
        if (result.id) segmentsById.set(result.id, segment);
        entries.push(segment);
        break;
      }
      case "rectanglelabels": {
        const { original_width: width, original_height: height, value } = result;
        const box = { x: fromPercent(value.x, width), y: fromPercent(value.y, height), width: fromPercent(value.width, width), height: fromPercent(value.height, height) };
        entries.push({ task: task.key, type: "bbox", label: value.rectanglelabels[0]!, ...box, ...uncertain });
        break;
      }
      case "polygonlabels": {
        const { original_width: width, original_height: height, value } = result;
        const points = value.points.map(([x, y]): [number, number] => [fromPercent(x, width), fromPercent(y, height)]);
        entries.push({ task: task.key, type: "polygon", label: value.polygonlabels[0]!, points, ...uncertain });
        break;
      }
    }
  }
  for (const textarea of textareas) {
    const text = textarea.value.text.join("\n");
    const segment = textarea.id === undefined ? undefined : segmentsById.get(textarea.id);
    if (segment) {
      segment.transcript = text;
      continue;
    }
    const task = taskOf(textarea, tasks);
    if (task) entries.push({ task: task.key, type: "transcript", text, ...uncertainOf(textarea) });
    else problem(`no transcript task or segment matches the text of "${textarea.from_name}"`);
  }

  // The project's own rules (classes, one entry per classification, boxes within the image, shapes with an
  // area) decide what stays; required tasks are not asked of past answers.
  const sized = parsed.find((result) => "original_width" in result);
  const media: MediaBounds = sized && "original_width" in sized ? { width: sized.original_width, height: sized.original_height } : {};
  const check = annotationResultSchema(tasks, media, "import").safeParse(entries);
  if (check.success) return check.data;
  const invalid = new Set<number>();
  for (const issue of check.error.issues) {
    const [index] = issue.path;
    if (typeof index !== "number") {
      problem(issue.message);
      return [];
    }
    problem(`${entries[index]!.task}: ${issue.message}`);
    invalid.add(index);
  }
  return entries.filter((_, index) => !invalid.has(index));
}

export interface LabelStudioImport {
  /**
   * `file` is the file name the task's image or audio URL ends in; `completedBy` the annotator's email, else their
   * id, else ""; `createdAt` and `leadTimeSeconds` when (ISO 8601) and for how long they labeled, if the export says.
   */
  items: { file: string; annotations: { completedBy: string; createdAt: string | null; leadTimeSeconds: number | null; result: ResultEntry[] }[] }[];
  /** What was left out, each naming its task (1-based) and file, annotation and result. */
  problems: string[];
}

/**
 * Reads a Label Studio JSON export (an array of tasks) into Concord results: percentages back to pixels
 * with each result's original_width/height, segments in seconds, per-region texts onto their segments.
 * Controls map to tasks by key, or to the only task of their type. Cancelled annotations and predictions
 * are skipped; unsupported or invalid results are left out and reported, never guessed.
 */
export function parseLabelStudioExport(json: unknown, tasks: readonly Task[]): LabelStudioImport {
  if (!Array.isArray(json)) return { items: [], problems: ["a Label Studio JSON export is an array of tasks"] };
  const items: LabelStudioImport["items"] = [];
  const problems: string[] = [];
  json.forEach((raw, taskIndex) => {
    const task = labelStudioTaskSchema.safeParse(raw);
    if (!task.success) return problems.push(`task ${taskIndex + 1}: ${firstMessage(task.error)}`);
    const url = task.data.data.image ?? task.data.data.audio;
    if (url === undefined) return problems.push(`task ${taskIndex + 1}: data has no image or audio URL`);
    const file = fileNameOf(url);
    const annotations = task.data.annotations
      .map((annotation, annotationIndex) => ({ annotation, where: `task ${taskIndex + 1} (${file}), annotation ${annotationIndex + 1}` }))
      .filter(({ annotation }) => !annotation.was_cancelled)
      .map(({ annotation, where }) => {
        const problem = (message: string) => problems.push(`${where}: ${message}`);
        return { completedBy: annotation.completed_by ?? "", ...plausibleTimes(annotation, problem), result: resultFromLabelStudio(annotation.result, tasks, problem) };
      });
    items.push({ file, annotations });
  });
  return { items, problems };
}

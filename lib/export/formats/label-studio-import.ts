// Reading Label Studio JSON exports into Concord results. Pure: the server resolves files, people and image sizes.
import { z } from "zod";
import { annotationResultSchema, type MediaBounds, type ResultEntry } from "../../validation/annotation";
import type { Task } from "../../validation/project";
import type { SegmentEntry } from "./entries";
import { fromPercent, UNCERTAIN_NOTE } from "./label-studio";

// Label Studio adds fields of its own (origin, score, parentID...): only what Concord reads is checked, the rest dropped.
const someLabels = z.array(z.string()).min(1, { message: "a region needs a label" });
const regionFields = {
  id: z.union([z.string(), z.number().transform(String)]).optional(),
  from_name: z.string(),
  to_name: z.string().optional(),
  meta: z.object({ text: z.array(z.string()).optional() }).optional(),
  // A model's confidence in the region (predictions): kept on a prediction's entry, ignored on an annotation's.
  score: z.number().min(0).max(1).nullish(),
};
const originalSize = { original_width: z.number().positive().optional(), original_height: z.number().positive().optional() };
const labelStudioResultSchema = z.discriminatedUnion("type", [
  z.object({ ...regionFields, type: z.literal("choices"), value: z.object({ choices: z.array(z.string()) }) }),
  z.object({ ...regionFields, type: z.literal("textarea"), value: z.object({ text: z.array(z.string()) }) }),
  z.object({ ...regionFields, type: z.literal("labels"), value: z.object({ start: z.number(), end: z.number(), channel: z.number().optional(), labels: someLabels }) }),
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
      rectanglelabels: someLabels,
    }),
  }),
  z.object({ ...regionFields, ...originalSize, type: z.literal("polygonlabels"), value: z.object({ points: z.array(z.tuple([z.number(), z.number()])), polygonlabels: someLabels }) }),
]);
type ParsedResult = z.output<typeof labelStudioResultSchema>;
const SUPPORTED_RESULT_TYPES: readonly string[] = labelStudioResultSchema.options.map((option) => option.shape.type.value);

/** Who made an annotation: an email when the export has one, else Label Studio's user id (a number in its task format). */
export interface LabelStudioAnnotator {
  email: string | null;
  id: string | null;
}
const labelStudioUser = z.union([
  z.number().transform((id): LabelStudioAnnotator => ({ email: null, id: String(id) })),
  z.string().transform((text): LabelStudioAnnotator => (text.includes("@") ? { email: text, id: null } : { email: null, id: text })),
  z.object({ id: z.union([z.number(), z.string()]).optional(), email: z.string().optional() }).transform((user): LabelStudioAnnotator => ({ email: user.email || null, id: user.id === undefined ? null : String(user.id) })),
]);
const labelStudioTaskSchema = z.object({
  id: z.union([z.number(), z.string()]).optional(),
  data: z.record(z.string(), z.unknown()),
  meta: z.record(z.string(), z.unknown()).nullish(),
  annotations: z
    .array(
      z.object({
        id: z.union([z.number(), z.string()]).optional(),
        completed_by: labelStudioUser.nullish(),
        was_cancelled: z.boolean().optional(),
        ground_truth: z.boolean().optional(),
        // Checked one by one (plausibleTimes): an implausible time is left out and said, the annotation kept.
        created_at: z.unknown().optional(),
        updated_at: z.unknown().optional(),
        lead_time: z.unknown().optional(),
        result: z.array(z.unknown()).default([]),
      }),
    )
    .default([]),
  predictions: z.array(z.unknown()).default([]),
});

/** The model of a prediction that names none (model_version), as Label Studio's own import of predictions allows. */
export const UNNAMED_LABEL_STUDIO_MODEL = "label-studio";
const labelStudioPredictionSchema = z.object({
  model_version: z.union([z.string(), z.number().transform(String)]).nullish(),
  // Checked once the model is known (scoreOf), so that a refusal names it.
  score: z.unknown().optional(),
  result: z.array(z.unknown()).default([]),
});

/** A prediction's score, 0–1 or none; anything else is refused. */
function scoreOf(score: unknown, refuse: (message: string) => void): number | null {
  if (score === undefined || score === null) return null;
  if (typeof score === "number" && score >= 0 && score <= 1) return score;
  refuse(`score ${JSON.stringify(score)} is not a number from 0 to 1`);
  return null;
}

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

const MEDIA_FILE = /\.(png|jpe?g|gif|webp|bmp|tiff?|avif|wav|mp3|flac|ogg|oga|opus|m4a|aac|webm)$/i;
/** Concord's own notes in the task data (its id and split): not metadata of the item. */
const CONCORD_NOTES = new Set(["concord_id", "concord_split"]);

/**
 * The data key holding the task's media: the object a result names (to_name, which Label Studio configs usually
 * name after their `$key`), else image, audio or url, else the one value that names a media file.
 */
function mediaKeyOf(data: Record<string, unknown>, objectNames: readonly string[]): string | undefined {
  const isText = (key: string) => typeof data[key] === "string" && data[key] !== "";
  const named = [...objectNames, "image", "audio", "url"].find(isText);
  if (named) return named;
  const files = Object.keys(data).filter((key) => isText(key) && MEDIA_FILE.test(fileNameOf(data[key] as string)));
  return files.length === 1 ? files[0] : undefined;
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

/** A box or polygon still in percent of the image, with the size Label Studio gave if it did. */
type PercentShape = { entry: Extract<ResultEntry, { type: "bbox" | "polygon" }>; size: { width: number; height: number } | null };

/** A result read but not yet checked against the item: shapes wait for the image's size. */
export type PendingEntry = ({ entry: ResultEntry; size?: undefined } | PercentShape) & { score?: number };

export interface LabelStudioProvenance {
  taskId: string | number | null;
  annotationId: string | number | null;
  /** The annotator as the export names them (its id, or email). */
  completedBy: string | null;
  createdAt: unknown;
  updatedAt: unknown;
  leadTime: unknown;
  /** Each region's id with what Concord has no field for (an audio channel). */
  regions: { id: string; channel?: number }[];
}

export interface ParsedAnnotation {
  /** "task 2 (a.png), annotation 1", for reports. */
  where: string;
  annotator: LabelStudioAnnotator | null;
  /** When (ISO 8601) and for how long (seconds) they labeled, if the export says so plausibly. */
  createdAt: string | null;
  leadTimeSeconds: number | null;
  groundTruth: boolean;
  /** Cancelled (skipped) in Label Studio. */
  cancelled: boolean;
  entries: PendingEntry[];
  /** Results that could not be read: any refuses the annotation, unless the import takes partial annotations. */
  refusals: string[];
  provenance: LabelStudioProvenance;
}

/** A model's prediction of a task: its entries read as an annotation's are, each with the region's score. */
export interface ParsedPrediction {
  /** "task 2 (a.png), prediction 1", for reports. */
  where: string;
  /** model_version, else UNNAMED_LABEL_STUDIO_MODEL. */
  model: string;
  score: number | null;
  entries: PendingEntry[];
  /** Results that could not be read: any refuses the prediction (a model's answer is kept whole or not at all). */
  refusals: string[];
}

export interface LabelStudioImport {
  /** `file` is the file name the task's media URL ends in; `metadata` the task's `meta` and other data fields (scalars). */
  items: { file: string; metadata: Record<string, string | number | boolean | null>; annotations: ParsedAnnotation[]; predictions: ParsedPrediction[] }[];
  /** What was left out before any item was looked at, each naming its task (1-based) and file. */
  problems: string[];
}

/** One Label Studio annotation's results, read; what cannot be read is a refusal naming the result. */
function readResults(rawResults: readonly unknown[], tasks: readonly Task[], refuse: (message: string) => void) {
  const parsed: ParsedResult[] = [];
  rawResults.forEach((raw, index) => {
    const type = (raw as { type?: unknown } | null)?.type;
    if (typeof type !== "string" || !SUPPORTED_RESULT_TYPES.includes(type)) return refuse(`result ${index + 1}: unsupported result type ${JSON.stringify(type)}`);
    const result = labelStudioResultSchema.safeParse(raw);
    if (!result.success) return refuse(`result ${index + 1}: ${firstMessage(result.error)}`);
    parsed.push(result.data);
  });

  const entries: PendingEntry[] = [];
  const segmentsById = new Map<string, SegmentEntry[]>();
  const regions: LabelStudioProvenance["regions"] = [];
  const textareas: Extract<ParsedResult, { type: "textarea" }>[] = [];
  for (const result of parsed) {
    if (result.id !== undefined && !regions.some((region) => region.id === result.id)) {
      regions.push({ id: result.id, ...(result.type === "labels" && result.value.channel !== undefined ? { channel: result.value.channel } : {}) });
    }
    if (result.type === "textarea") {
      textareas.push(result); // after the regions, which they may belong to
      continue;
    }
    const task = taskOf(result, tasks);
    if (!task) {
      refuse(`no ${RESULT_TASK_TYPE[result.type]} task matches the control "${result.from_name}"`);
      continue;
    }
    const uncertain = uncertainOf(result);
    const first = entries.length;
    const size = result.type === "rectanglelabels" || result.type === "polygonlabels" ? (result.original_width && result.original_height ? { width: result.original_width, height: result.original_height } : null) : null;
    // A region with several labels is several regions of one label each, as Concord's entries are.
    switch (result.type) {
      case "choices":
        entries.push({ entry: { task: task.key, type: "classification", values: result.value.choices, ...uncertain } });
        break;
      case "labels": {
        const segments = result.value.labels.map((label): SegmentEntry => ({ task: task.key, type: "segment", label, start: result.value.start, end: result.value.end, ...uncertain }));
        if (result.id !== undefined) segmentsById.set(result.id, segments);
        entries.push(...segments.map((entry) => ({ entry })));
        break;
      }
      case "rectanglelabels": {
        const { x, y, width, height } = clipBox(result.value);
        entries.push(...result.value.rectanglelabels.map((label) => ({ entry: { task: task.key, type: "bbox" as const, label, x, y, width, height, ...uncertain }, size })));
        break;
      }
      case "polygonlabels": {
        const points = result.value.points.map(([x, y]): [number, number] => [clamp(x), clamp(y)]);
        entries.push(...result.value.polygonlabels.map((label) => ({ entry: { task: task.key, type: "polygon" as const, label, points, ...uncertain }, size })));
        break;
      }
    }
    if (result.score != null) for (const pending of entries.slice(first)) pending.score = result.score;
  }
  for (const textarea of textareas) {
    const text = textarea.value.text.join("\n");
    const segments = textarea.id === undefined ? undefined : segmentsById.get(textarea.id);
    if (segments) {
      for (const segment of segments) segment.transcript = text;
      continue;
    }
    const task = taskOf(textarea, tasks);
    if (task) entries.push({ entry: { task: task.key, type: "transcript", text, ...uncertainOf(textarea) }, ...(textarea.score != null ? { score: textarea.score } : {}) });
    else refuse(`no transcript task or segment matches the text of "${textarea.from_name}"`);
  }
  return { entries, regions, objectNames: parsed.flatMap((result) => (result.to_name ? [result.to_name] : [])) };
}

// Label Studio lets a box be dragged a little past the image's edge (100.43 % × 101.57 %): it is clipped to the image.
const clamp = (percent: number) => Math.min(100, Math.max(0, percent));
function clipBox(box: { x: number; y: number; width: number; height: number }) {
  const [left, top] = [clamp(box.x), clamp(box.y)];
  return { x: left, y: top, width: Math.max(0, clamp(box.x + box.width) - left), height: Math.max(0, clamp(box.y + box.height) - top) };
}

/** Scalar values of the task's `meta` and extra `data` fields become item metadata; nested ones are reported. */
function metadataOf(data: Record<string, unknown>, meta: Record<string, unknown>, mediaKey: string, problem: (message: string) => void) {
  const scalar = (entry: [string, unknown]): entry is [string, string | number | boolean | null] => entry[1] === null || ["string", "number", "boolean"].includes(typeof entry[1]);
  const entries = [...Object.entries(meta), ...Object.entries(data).filter(([key]) => key !== mediaKey && !CONCORD_NOTES.has(key))];
  for (const [key] of entries.filter((entry) => !scalar(entry))) problem(`"${key}" is not kept as metadata: only texts, numbers and yes/no values are`);
  // Built from entries, not assigned key by key: "__proto__" is a key like any other here.
  return Object.fromEntries(entries.filter(scalar));
}

/**
 * Reads a Label Studio JSON export (an array of tasks, or one task as Label Studio's converter takes it) without
 * deciding anything about the project's items: percentages stay percentages until the item's size is known
 * (resolveAnnotation), people stay as the export names them. Controls map to tasks by key, or to the only task of
 * their type. Predictions are read as annotations are, with each region's score; cancelled annotations are kept, as skips.
 */
export function parseLabelStudioExport(json: unknown, tasks: readonly Task[]): LabelStudioImport {
  const list = Array.isArray(json) ? json : json !== null && typeof json === "object" && "data" in json ? [json] : null;
  if (!list) return { items: [], problems: ["a Label Studio JSON export is an array of tasks (or one task)"] };
  const items: LabelStudioImport["items"] = [];
  const problems: string[] = [];
  list.forEach((raw, taskIndex) => {
    const task = labelStudioTaskSchema.safeParse(raw);
    if (!task.success) return problems.push(`task ${taskIndex + 1}: ${firstMessage(task.error)}`);
    const { data, meta, annotations, predictions } = task.data;
    const readOne = (results: readonly unknown[]) => {
      const refusals: string[] = [];
      return { refusals, ...readResults(results, tasks, (message) => refusals.push(message)) };
    };
    const read = annotations.map((annotation) => readOne(annotation.result));
    const predicted = predictions.map((raw) => {
      const prediction = labelStudioPredictionSchema.safeParse(raw);
      if (!prediction.success) return { refusals: [firstMessage(prediction.error)], entries: [], objectNames: [], model_version: null, score: null };
      const read = readOne(prediction.data.result);
      return { ...read, model_version: prediction.data.model_version, score: scoreOf(prediction.data.score, (message) => read.refusals.push(message)) };
    });
    const mediaKey = mediaKeyOf(data, [...read, ...predicted].flatMap((annotation) => annotation.objectNames));
    if (mediaKey === undefined) return problems.push(`task ${taskIndex + 1}: data has no image or audio URL (image, audio, url, or the object its results name)`);
    const file = fileNameOf(data[mediaKey] as string);
    const where = `task ${taskIndex + 1} (${file})`;
    const metadata = metadataOf(data, meta ?? {}, mediaKey, (message) => problems.push(`${where}: ${message}`));
    items.push({
      file,
      metadata,
      predictions: predicted.map(({ model_version, score, entries, refusals }, index) => ({
        where: `${where}, prediction ${index + 1}`,
        model: model_version?.trim() || UNNAMED_LABEL_STUDIO_MODEL,
        score: score ?? null,
        entries,
        refusals,
      })),
      annotations: annotations.map((annotation, index): ParsedAnnotation => {
        const at = `${where}, annotation ${index + 1}`;
        const { entries, regions, refusals } = read[index]!;
        const completedBy = annotation.completed_by ?? null;
        return {
          where: at,
          annotator: completedBy,
          ...plausibleTimes(annotation, (message) => problems.push(`${at}: ${message}`)),
          groundTruth: annotation.ground_truth === true,
          cancelled: annotation.was_cancelled === true,
          entries,
          refusals,
          provenance: {
            taskId: task.data.id ?? null,
            annotationId: annotation.id ?? null,
            completedBy: completedBy ? (completedBy.id ?? completedBy.email) : null,
            createdAt: annotation.created_at ?? null,
            updatedAt: annotation.updated_at ?? null,
            leadTime: annotation.lead_time ?? null,
            regions,
          },
        };
      }),
    });
  });
  return { items, problems };
}

/** Entries with their shapes in pixels of the size Label Studio gave, else of the item's own; a shape with neither is refused. */
function inPixels(pendings: readonly PendingEntry[], media: MediaBounds, refusals: string[]): { entry: ResultEntry; score?: number }[] {
  const entries: { entry: ResultEntry; score?: number }[] = [];
  for (const pending of pendings) {
    const score = pending.score === undefined ? {} : { score: pending.score };
    if (pending.size === undefined) {
      entries.push({ entry: pending.entry, ...score });
      continue;
    }
    const size = pending.size ?? (media.width && media.height ? { width: media.width, height: media.height } : null);
    if (!size) {
      refusals.push(`${pending.entry.task}: the result has no original_width/original_height and the item's size is unknown`);
      continue;
    }
    const { entry } = pending;
    const shape =
      entry.type === "bbox"
        ? { ...entry, x: fromPercent(entry.x, size.width), y: fromPercent(entry.y, size.height), width: fromPercent(entry.width, size.width), height: fromPercent(entry.height, size.height) }
        : { ...entry, points: entry.points.map(([x, y]): [number, number] => [fromPercent(x, size.width), fromPercent(y, size.height)]) };
    entries.push({ entry: shape, ...score });
  }
  return entries;
}

/**
 * A prediction's result in pixels, each entry with its region's `score`, for the server to check as any imported
 * prediction is (checkPrediction); a result that could not be read refuses the prediction (`refused`, each reason).
 */
export function predictionResult(prediction: ParsedPrediction, media: MediaBounds): { result: (ResultEntry & { score?: number })[] } | { refused: string[] } {
  const refusals = [...prediction.refusals];
  const result = inPixels(prediction.entries, media, refusals).map(({ entry, score }) => (score === undefined ? entry : { ...entry, score }));
  return refusals.length ? { refused: refusals } : { result };
}

/**
 * One annotation checked against the item: shapes in pixels of the size Label Studio gave, else of the item's own,
 * then the project's rules (classes, one entry per classification, boxes within the image, shapes with an area;
 * required tasks are not asked of past answers). With a refusal the annotation is refused whole (`refused`, each
 * reason), unless `partial`: then what can be kept is (`result`), and what cannot is said (`leftOut`).
 */
export function resolveAnnotation(annotation: ParsedAnnotation, tasks: readonly Task[], media: MediaBounds, partial: boolean): { result: ResultEntry[]; leftOut: string[] } | { refused: string[] } {
  const refusals = [...annotation.refusals];
  const entries = inPixels(annotation.entries, media, refusals).map(({ entry }) => entry);
  const check = annotationResultSchema(tasks, media, "import").safeParse(entries);
  let kept = entries;
  if (!check.success) {
    const invalid = new Set<number>();
    for (const issue of check.error.issues) {
      const [index] = issue.path;
      if (typeof index !== "number") return { refused: [...refusals, issue.message] };
      refusals.push(`${entries[index]!.task}: ${issue.message}`);
      invalid.add(index);
    }
    kept = entries.filter((_, index) => !invalid.has(index));
  }
  // Partial or not, an annotation left with nothing of what it held is no "nothing here" answer: it is refused.
  if (refusals.length && (!partial || !kept.length)) return { refused: refusals };
  return { result: kept, leftOut: refusals };
}

// Reading Label Studio JSON exports into Concord results.
import { z } from "zod";
import { annotationResultSchema, type MediaBounds, type ResultEntry } from "../../validation/annotation";
import type { Task } from "../../validation/project";
import type { SegmentEntry } from "./entries";
import { fromPercent, UNCERTAIN_NOTE } from "./label-studio";

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

// The annotation result format (normative): a list of entries, each naming its task. The schema is
// built per project and item, so that labels, coordinates and times are checked against them.
import { z } from "zod";
import { parseInputReportingAll } from "./parse";
import { allowedLabels, MAX_CLASSES, type Task } from "./project";
import { boxProblem, polygonProblem } from "./shape-rules";

const uncertain = z.boolean().optional();
const coordinate = z.number(); // zod refuses NaN and ±Infinity

// A task's classes, and its uncertainty class: no answer can name more.
const classificationEntry = z.object({ task: z.string(), type: z.literal("classification"), values: z.array(z.string()).max(MAX_CLASSES + 1), uncertain }).strict();
const bboxEntry = z
  .object({
    task: z.string(),
    type: z.literal("bbox"),
    label: z.string(),
    x: coordinate,
    y: coordinate,
    // The least size is a rule of submissions (shape-rules.ts): a draft may hold a box still being fixed.
    width: coordinate.min(0),
    height: coordinate.min(0),
    uncertain,
  })
  .strict();
const polygonEntry = z
  .object({
    task: z.string(),
    type: z.literal("polygon"),
    label: z.string(),
    points: z.array(z.tuple([coordinate, coordinate])).min(3, { message: "a polygon needs at least 3 points" }).max(10_000),
    uncertain,
  })
  .strict();
const segmentEntry = z
  .object({
    task: z.string(),
    type: z.literal("segment"),
    label: z.string(),
    start: coordinate.min(0),
    end: coordinate,
    transcript: z.string().max(10_000).optional(),
    uncertain,
  })
  .strict();
const transcriptEntry = z.object({ task: z.string(), type: z.literal("transcript"), text: z.string().max(100_000), uncertain }).strict();

export const resultEntrySchema = z.discriminatedUnion("type", [classificationEntry, bboxEntry, polygonEntry, segmentEntry, transcriptEntry]);
export type ResultEntry = z.output<typeof resultEntrySchema>;

// The result format as JSON Schema, for the OpenAPI document (without the document-level $schema key).
const { $schema: _documentDialect, ...resultJsonSchema } = z.toJSONSchema(z.array(resultEntrySchema), { io: "input" });
void _documentDialect;

/**
 * A result as an API request or response carries it: any JSON to the edge's validation (a request's result is checked
 * against its project's tasks and item by annotationResultSchema, which says every problem at once), documented as the
 * annotation result format.
 */
export const documentedResult = (description: string) => z.unknown().meta({ ...resultJsonSchema, description });
export type AnnotationResult = ResultEntry[];

/** What an entry is checked against besides the tasks: the item's size or length. */
export interface MediaBounds {
  width?: number | null;
  height?: number | null;
  durationSeconds?: number | null;
}

/** An item's bounds from its stored size and duration. */
export function mediaBoundsOf(item: { width: number | null; height: number | null; durationMs: number | null }): MediaBounds {
  return { width: item.width, height: item.height, durationSeconds: item.durationMs === null ? null : item.durationMs / 1000 };
}

/**
 * How far a result is checked. Every result must fit the project (tasks, classes, types) and the item
 * (within the image or clip). A draft is only that: it may be incomplete or hold a shape being fixed, and
 * refusing it would lose the labeler's work. An import of past labels also needs shapes with an area
 * (shape-rules.ts), but an empty answer is a past answer and stays. A submission, or a reviewer's final
 * label, needs both: shapes with an area and every required task answered.
 */
export type ResultCheck = "draft" | "import" | "submission";

// Rounding in the browser must not refuse a box drawn exactly to the edge.
const EDGE_TOLERANCE = 1e-6;

/** What a required task needs before a submission, or null when the entries answer it. */
function missingAnswer(task: Task, entries: readonly ResultEntry[]): string | null {
  const own = entries.filter((entry) => entry.task === task.key);
  switch (task.type) {
    case "classification":
      return own.some((entry) => entry.type === "classification" && entry.values.length) ? null : "choose a class";
    case "transcript":
      return own.some((entry) => entry.type === "transcript" && entry.text.trim()) ? null : "type the transcript";
    case "bbox":
      return own.length ? null : "draw at least one box";
    case "polygon":
      return own.length ? null : "draw at least one polygon";
    case "segment":
      return own.length ? null : "mark at least one segment";
  }
}

function checkEntry(entry: ResultEntry, task: Task | undefined, media: MediaBounds, check: ResultCheck, issue: (message: string, ...path: (string | number)[]) => void): void {
  if (!task) return issue(`unknown task "${entry.task}"`, "task");
  if (task.type !== entry.type) return issue(`task "${task.key}" is a ${task.type} task, not ${entry.type}`, "type");
  const labels = allowedLabels(task);
  const checkLabel = (label: string, ...path: (string | number)[]) => {
    if (!labels.includes(label)) issue(`"${label}" is not a class of task "${task.key}" (${labels.join(", ")})`, ...path);
  };
  switch (entry.type) {
    case "classification": {
      if (entry.values.length === 0) return issue("choose at least one class", "values");
      if (task.type === "classification" && !task.multiple && entry.values.length > 1) return issue(`task "${task.key}" takes one class`, "values");
      if (new Set(entry.values).size !== entry.values.length) return issue("a class is listed twice", "values");
      entry.values.forEach((value, index) => checkLabel(value, "values", index));
      return;
    }
    case "bbox": {
      checkLabel(entry.label, "label");
      const problem = check === "draft" ? null : boxProblem(entry);
      if (problem) issue(`box "${entry.label}" of task "${task.key}" ${problem}`);
      const { width = null, height = null } = media;
      if (width === null || height === null) return;
      if (entry.x < -EDGE_TOLERANCE || entry.x + entry.width > width + EDGE_TOLERANCE) issue(`the box must lie within the image width (0–${width} px)`, "x");
      if (entry.y < -EDGE_TOLERANCE || entry.y + entry.height > height + EDGE_TOLERANCE) issue(`the box must lie within the image height (0–${height} px)`, "y");
      return;
    }
    case "polygon": {
      checkLabel(entry.label, "label");
      const problem = check === "draft" ? null : polygonProblem(entry.points);
      if (problem) issue(`polygon "${entry.label}" of task "${task.key}" ${problem}`);
      const { width = null, height = null } = media;
      if (width === null || height === null) return;
      entry.points.forEach(([x, y], index) => {
        const inside = x >= -EDGE_TOLERANCE && y >= -EDGE_TOLERANCE && x <= width + EDGE_TOLERANCE && y <= height + EDGE_TOLERANCE;
        if (!inside) issue(`point (${x}, ${y}) is outside the ${width}×${height} image`, "points", index);
      });
      return;
    }
    case "segment": {
      checkLabel(entry.label, "label");
      if (entry.end <= entry.start) issue("end must be after start", "end");
      const duration = media.durationSeconds ?? null;
      if (duration !== null && entry.end > duration + 1e-3) issue(`end must be within the clip (${duration} s)`, "end");
      if (entry.transcript !== undefined && task.type === "segment" && !task.transcript) issue(`task "${task.key}" has no transcripts`, "transcript");
      return;
    }
    case "transcript":
      return;
  }
}

/**
 * The schema of one item's annotation result in a project with these tasks, checked as far as `check`
 * says. A missing required task is an issue of the whole result (path []) carrying the task's key in
 * `params.task`, so that a form can point at the task's panel.
 */
export function annotationResultSchema(tasks: readonly Task[], media: MediaBounds, check: ResultCheck = "submission") {
  const byKey = new Map(tasks.map((task) => [task.key, task]));
  return z
    .array(resultEntrySchema)
    .max(5000)
    .superRefine((entries, context) => {
      const singleEntryTasks = new Set<string>();
      entries.forEach((entry, index) => {
        checkEntry(entry, byKey.get(entry.task), media, check, (message, ...path) => context.addIssue({ code: "custom", path: [index, ...path], message }));
        if (entry.type === "classification" || entry.type === "transcript") {
          if (singleEntryTasks.has(entry.task)) context.addIssue({ code: "custom", path: [index, "task"], message: `task "${entry.task}" already has an entry` });
          singleEntryTasks.add(entry.task);
        }
      });
      if (check !== "submission") return;
      for (const task of tasks) {
        const missing = task.required ? missingAnswer(task, entries) : null;
        if (missing) context.addIssue({ code: "custom", path: [], message: `task "${task.key}" is required: ${missing}`, params: { task: task.key } });
      }
    });
}

/**
 * An item's result from a request, checked as far as `check` says; a 400 names every problem with its
 * path from the request body (result.2.x, or result for a required task left unanswered).
 */
export function parseResult(tasks: readonly Task[], media: MediaBounds, result: unknown, check: ResultCheck): ResultEntry[] {
  return parseInputReportingAll(z.object({ result: annotationResultSchema(tasks, media, check) }), { result }).result;
}

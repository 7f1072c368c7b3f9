// The project configuration: what a project asks labelers to do. Shared by the API, the UI form and
// the annotation validator.
import { z } from "zod";
import { skipReasonsSchema } from "@/lib/labeling/skip-reasons";
import { flagRulesSchema } from "@/lib/review/rules";
import { NO_STANDARDIZATION, standardizationSchema, type Standardization } from "@/lib/review/standardize";

export const MEDIA_KINDS = ["image", "audio"] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

/** Which task types each kind of media supports. */
export const TASK_TYPES_BY_MEDIA: Record<MediaKind, readonly TaskType[]> = {
  image: ["classification", "bbox", "polygon"],
  audio: ["classification", "segment", "transcript"],
};

const name = z.string().trim().min(1, { message: "must not be empty" }).max(80);
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, { message: "must be a colour like #1f77b4" });
const hotkey = z.string().regex(/^[a-z0-9]$/i, { message: "must be one letter or digit" });

/** A class is a name, or a name with a colour and a hotkey; stored in the object form. */
const classSchema = z
  .union([name, z.object({ name, color: color.optional(), hotkey: hotkey.optional() }).strict()])
  .transform((value) => (typeof value === "string" ? { name: value } : value));
export type LabelClass = z.output<typeof classSchema>;

/** Most classes a task may have. */
export const MAX_CLASSES = 200;
const classes = z.array(classSchema).min(1, { message: "needs at least one class" }).max(MAX_CLASSES);
const taskKey = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/i, { message: "must start with a letter and use letters, digits, - or _ (at most 40)" });

// A required task must be answered before a submission (lib/validation/annotation.ts says what counts).
// Every item has a class, so classification tasks are required unless said otherwise; an item may hold no
// box, polygon, segment or speech, so those are optional unless said otherwise. Stored configurations
// written before the field existed get these defaults when read.
const required = z.boolean().default(false);
const classification = z
  .object({
    key: taskKey,
    type: z.literal("classification"),
    classes,
    uncertainClass: name.optional(),
    multiple: z.boolean().default(false),
    required: z.boolean().default(true),
  })
  .strict();
const bbox = z.object({ key: taskKey, type: z.literal("bbox"), classes, required }).strict();
const polygon = z.object({ key: taskKey, type: z.literal("polygon"), classes, required }).strict();
const segment = z
  .object({ key: taskKey, type: z.literal("segment"), classes, uncertainClass: name.optional(), transcript: z.boolean().default(false), required })
  .strict();
const transcript = z.object({ key: taskKey, type: z.literal("transcript"), required }).strict();

export const taskSchema = z.discriminatedUnion("type", [classification, bbox, polygon, segment, transcript]);
export type Task = z.output<typeof taskSchema>;
export type TaskType = Task["type"];

/** Keys the workspaces use themselves (uncertainty class, tools, segment marking, playback), so no class may take them. */
export const RESERVED_KEYS = ["u", "v", "b", "p", "m", "l"] as const;

/** The token a transcript may always contain for speech that cannot be made out. */
export const UNINTELLIGIBLE = "[unintelligible]";

/** The names a task's labels may take: its classes, plus its uncertainty class if it has one. */
export function allowedLabels(task: Task): string[] {
  if (task.type === "transcript") return [];
  const names = task.classes.map((labelClass) => labelClass.name);
  return "uncertainClass" in task && task.uncertainClass ? [...names, task.uncertainClass] : names;
}

function checkTasks(tasks: Task[], mediaKind: MediaKind | undefined, context: z.RefinementCtx, path: (string | number)[]): void {
  const keys = new Set<string>();
  tasks.forEach((task, index) => {
    const at = [...path, index];
    if (keys.has(task.key)) context.addIssue({ code: "custom", path: [...at, "key"], message: `"${task.key}" is used by another task` });
    keys.add(task.key);
    if (mediaKind && !TASK_TYPES_BY_MEDIA[mediaKind].includes(task.type)) {
      context.addIssue({
        code: "custom",
        path: [...at, "type"],
        message: `${task.type} tasks are not available for ${mediaKind} projects (use ${TASK_TYPES_BY_MEDIA[mediaKind].join(", ")})`,
      });
    }
    if (task.type === "transcript") return;
    const seenNames = new Set<string>();
    const seenHotkeys = new Set<string>();
    task.classes.forEach((labelClass, classIndex) => {
      if (seenNames.has(labelClass.name)) {
        context.addIssue({ code: "custom", path: [...at, "classes", classIndex], message: `class "${labelClass.name}" appears twice` });
      }
      seenNames.add(labelClass.name);
      const key = labelClass.hotkey?.toLowerCase();
      if (key && (RESERVED_KEYS as readonly string[]).includes(key)) {
        context.addIssue({ code: "custom", path: [...at, "classes", classIndex, "hotkey"], message: `"${key}" is a workspace key (${RESERVED_KEYS.join(", ")} are taken); choose another` });
      }
      // Digits pick classes by position: a digit hotkey may only name its own position.
      if (key && /^\d$/.test(key) && key !== String(classIndex + 1)) {
        context.addIssue({ code: "custom", path: [...at, "classes", classIndex, "hotkey"], message: `digit keys pick classes by position; this class's digit is ${classIndex < 9 ? classIndex + 1 : "none"}, so use a letter` });
      }
      if (key && seenHotkeys.has(key)) {
        context.addIssue({ code: "custom", path: [...at, "classes", classIndex, "hotkey"], message: `hotkey "${key}" is used by another class` });
      }
      if (key) seenHotkeys.add(key);
    });
    if ("uncertainClass" in task && task.uncertainClass && seenNames.has(task.uncertainClass)) {
      context.addIssue({ code: "custom", path: [...at, "uncertainClass"], message: `"${task.uncertainClass}" is already a class; the uncertainty class must be distinct` });
    }
  });
}

/** A merge names an existing task and ends in one of its labels; rewrites name nothing else. */
function checkStandardization(rules: Standardization, tasks: Task[], context: z.RefinementCtx): void {
  rules.classMerges.forEach((merge, index) => {
    const task = tasks.find((candidate) => candidate.key === merge.task);
    const at = ["standardization", "classMerges", index];
    if (!task || task.type === "transcript") return context.addIssue({ code: "custom", path: [...at, "task"], message: `"${merge.task}" is not a task with classes` });
    const labels = allowedLabels(task);
    if (!labels.includes(merge.to)) context.addIssue({ code: "custom", path: [...at, "to"], message: `"${merge.to}" is not a class of task "${task.key}" (${labels.join(", ")})` });
  });
}

const tasks = z.array(taskSchema).min(1, { message: "a project needs at least one task" }).max(20);
const overlap = z.int().min(1).max(20);
/** Hours an item may wait for extra labels (escalation, relabeling) before it goes to a reviewer: up to 30 days. */
const escalationTimeoutHours = z.int().min(1).max(720);

/**
 * A project's tasks for its media kind, checked by the rules a new project's are: what the task builder
 * checks while the manager edits, before the rest of the form is filled in.
 */
export const projectTasksSchema = z
  .object({ mediaKind: z.enum(MEDIA_KINDS), tasks })
  .superRefine((project, context) => checkTasks(project.tasks, project.mediaKind, context, ["tasks"]));

export const newProjectSchema = z
  .object({
    name: z.string().trim().min(1, { message: "must not be empty" }).max(120),
    description: z.string().max(2000).default(""),
    mediaKind: z.enum(MEDIA_KINDS),
    overlap: overlap.default(3),
    maxOverlap: overlap.optional(),
    escalationTimeoutHours: escalationTimeoutHours.default(24),
    tasks,
    guidelines: z.string().max(200_000).default(""),
    /** When items go to review; omitted fields take Concord's defaults. */
    reviewRules: flagRulesSchema.default(flagRulesSchema.parse({})),
    /** Label variants mapped to canonical forms for comparison and export; stored labels stay as given. */
    standardization: standardizationSchema.default(NO_STANDARDIZATION),
  })
  .strict()
  .superRefine((project, context) => {
    checkTasks(project.tasks, project.mediaKind, context, ["tasks"]);
    checkStandardization(project.standardization, project.tasks, context);
    if (project.maxOverlap !== undefined && project.maxOverlap < project.overlap) {
      context.addIssue({ code: "custom", path: ["maxOverlap"], message: `must be at least overlap (${project.overlap})` });
    }
  })
  .transform((project) => ({ ...project, maxOverlap: project.maxOverlap ?? project.overlap + 2 }));
export type NewProject = z.input<typeof newProjectSchema>;
export type ProjectConfig = z.output<typeof newProjectSchema>;

/** A change to a project; media kind is fixed once items exist, so it cannot change. */
export const projectPatchSchema = z
  .object({
    name: z.string().trim().min(1, { message: "must not be empty" }).max(120).optional(),
    description: z.string().max(2000).optional(),
    overlap: overlap.optional(),
    maxOverlap: overlap.optional(),
    escalationTimeoutHours: escalationTimeoutHours.optional(),
    tasks: tasks.optional(),
    guidelines: z.string().max(200_000).optional(),
    guidelinesChangeNote: z.string().max(2000).optional(),
    /** The guideline version the edit started from: when another was saved since, the change is refused (409). */
    guidelinesBaseVersion: z.int().min(0).optional(),
    reviewRules: flagRulesSchema.optional(),
    standardization: standardizationSchema.optional(),
    /** The reasons a labeler picks from when skipping ("other" with a note is always offered); null restores the defaults. */
    skipReasons: skipReasonsSchema.nullable().optional(),
  })
  .strict()
  .superRefine((patch, context) => {
    if (patch.tasks) checkTasks(patch.tasks, undefined, context, ["tasks"]);
  });
export type ProjectPatch = z.output<typeof projectPatchSchema>;

/** What is stored in Project.labelConfig. */
export const labelConfigSchema = z.object({ tasks: z.array(taskSchema) });
export type LabelConfig = z.output<typeof labelConfigSchema>;

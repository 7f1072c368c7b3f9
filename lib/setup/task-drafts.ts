// The task builder's edits, on the tasks as the API takes them (the JSON view shows the same value): a task is
// a plain object that may still be wrong, and every edit returns a new list. The zod schema in
// lib/validation/project.ts decides what is valid; nothing here repeats its rules.
import { TASK_TYPES_BY_MEDIA, type MediaKind, type TaskType } from "@/lib/validation/project";

/** A task being edited: what the API takes, possibly incomplete or wrong. */
export type TaskDraft = Record<string, unknown>;

/** A class as the builder edits it (the API also takes a bare name, which reads as `{ name }`). */
export interface ClassDraft {
  name: string;
  color?: string;
  hotkey?: string;
}

/** What each type of task may hold beside `key`, `type` and `required`. */
const FIELDS_BY_TYPE: Record<TaskType, readonly string[]> = {
  classification: ["classes", "uncertainClass", "multiple"],
  bbox: ["classes"],
  polygon: ["classes"],
  segment: ["classes", "uncertainClass", "transcript"],
  transcript: [],
};

export const TASK_TYPE_NAMES: Record<TaskType, string> = {
  classification: "Classes for the whole item",
  bbox: "Boxes",
  polygon: "Polygons",
  segment: "Segments of the audio",
  transcript: "Transcript of the whole item",
};

/** Whether a task of this type has classes (every type but the whole-item transcript). */
export const hasClasses = (type: unknown): boolean => type !== "transcript";

/** A field's text, or "" when it is not a string. */
export const text = (value: unknown): string => (typeof value === "string" ? value : "");

/** A task's classes in object form; a bare name reads as `{ name }`, anything else as an empty name. */
export function classesOf(task: TaskDraft): ClassDraft[] {
  if (!Array.isArray(task.classes)) return [];
  return task.classes.map((entry: unknown) => {
    if (typeof entry === "string") return { name: entry };
    const object = (typeof entry === "object" && entry !== null ? entry : {}) as Record<string, unknown>;
    return { ...object, name: text(object.name) } as ClassDraft;
  });
}

/** A class with its empty colour and hotkey left out, as the API wants them absent rather than "". */
function compactClass({ name, color, hotkey }: ClassDraft): ClassDraft {
  return { name, ...(color ? { color } : {}), ...(hotkey ? { hotkey } : {}) };
}

export function withClasses(task: TaskDraft, classes: ClassDraft[]): TaskDraft {
  return { ...task, classes: classes.map(compactClass) };
}

/** Sets a field; an empty string or `undefined` removes it (an optional field is absent, not empty). */
export function withField(task: TaskDraft, field: string, value: unknown): TaskDraft {
  const { [field]: _previous, ...rest } = task;
  return value === undefined || value === "" ? rest : { ...rest, [field]: value };
}

/** The task as another type: what the new type cannot hold goes, the classes stay when it has classes. */
export function withType(task: TaskDraft, type: TaskType): TaskDraft {
  const kept = Object.fromEntries(Object.entries(task).filter(([field]) => field === "key" || field === "required" || FIELDS_BY_TYPE[type].includes(field)));
  return { ...kept, type, ...(hasClasses(type) && !Array.isArray(kept.classes) ? { classes: [{ name: "" }] } : {}) };
}

/** The first of `base`, `base-2`, `base-3` … no task uses yet. */
export function unusedKey(tasks: TaskDraft[], base: string): string {
  const used = new Set(tasks.map((task) => task.key));
  for (let suffix = 1; ; suffix++) {
    const key = suffix === 1 ? base : `${base}-${suffix}`;
    if (!used.has(key)) return key;
  }
}

/** A new task of a type, named by its type with a key no other task has. */
export function newTask(tasks: TaskDraft[], type: TaskType): TaskDraft {
  const base = { classification: "class", bbox: "boxes", polygon: "outline", segment: "segments", transcript: "transcript" }[type];
  return withType({ key: unusedKey(tasks, base) }, type);
}

/** The list with the entry at `from` moved to `to` (both in range; otherwise the list as it was). */
export function moved<T>(list: readonly T[], from: number, to: number): T[] {
  if (from === to || from < 0 || to < 0 || from >= list.length || to >= list.length) return [...list];
  const next = [...list];
  const [entry] = next.splice(from, 1);
  next.splice(to, 0, entry!);
  return next;
}

export const replaced = <T>(list: readonly T[], index: number, entry: T): T[] => list.map((current, position) => (position === index ? entry : current));
export const without = <T>(list: readonly T[], index: number): T[] => list.filter((_, position) => position !== index);

/**
 * What switching the media kind does to the tasks: those of a type the new kind supports stay, the others are
 * discarded (the builder asks first). With nothing left, the new kind starts from one classification task.
 */
export function switchMediaKind(tasks: TaskDraft[], mediaKind: MediaKind): { tasks: TaskDraft[]; discarded: TaskDraft[] } {
  const supported = (task: TaskDraft) => (TASK_TYPES_BY_MEDIA[mediaKind] as readonly unknown[]).includes(task.type);
  const kept = tasks.filter(supported);
  return { tasks: kept.length ? kept : [newTask([], "classification")], discarded: tasks.filter((task) => !supported(task)) };
}

/** The tasks typed in the JSON view, or why they are not a list of tasks (then the form keeps its own). */
export function tasksFromJson(json: string): { tasks: TaskDraft[] } | { problem: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    return { problem: `Not valid JSON: ${(error as Error).message}` };
  }
  if (!Array.isArray(parsed)) return { problem: "The tasks must be a JSON list: [ {…}, {…} ]." };
  const notObject = parsed.findIndex((task) => typeof task !== "object" || task === null || Array.isArray(task));
  if (notObject >= 0) return { problem: `Task ${notObject + 1} must be an object with a key and a type.` };
  return { tasks: parsed as TaskDraft[] };
}

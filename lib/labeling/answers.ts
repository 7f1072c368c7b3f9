// How keys and clicks turn into answers: shared by every workspace, free of the UI.
import type { ResultEntry } from "@/lib/validation/annotation";
import { allowedLabels, type Task } from "@/lib/validation/project";

export type ShapeTask = Extract<Task, { type: "bbox" | "polygon" | "segment" }>;
export type ShapeEntry = Extract<ResultEntry, { type: "bbox" | "polygon" | "segment" }>;

/** The key that picks label `index` of a task: the class's own hotkey, else its position 1–9. */
export function keyForClass(task: Task, index: number): string | undefined {
  if (task.type === "transcript") return undefined;
  return task.classes[index]?.hotkey ?? (index < 9 ? String(index + 1) : undefined);
}

/** A task's class to start new shapes or segments with: the one remembered if the task still has it, else its first. */
export function rememberedClass(task: ShapeTask, remembered: string | undefined): string {
  return remembered !== undefined && allowedLabels(task).includes(remembered) ? remembered : task.classes[0]!.name;
}

/** The label a key picks in a task: a class hotkey, a position 1–9, or "u" for the uncertainty class. */
export function labelForKey(task: Task, key: string): string | undefined {
  if (task.type === "transcript") return undefined;
  const lower = key.toLowerCase();
  const byHotkey = task.classes.find((labelClass) => labelClass.hotkey?.toLowerCase() === lower);
  if (byHotkey) return byHotkey.name;
  if (lower === "u" && "uncertainClass" in task && task.uncertainClass) return task.uncertainClass;
  const index = Number(key) - 1;
  if (!Number.isInteger(index) || index < 0 || index > 8) return undefined;
  const labelClass = task.classes[index];
  // A class with its own hotkey is not also reachable by position, so keys stay unambiguous.
  return labelClass && !labelClass.hotkey ? labelClass.name : undefined;
}

/**
 * Puts a task's single entry (classification or transcript) in place of the existing one, so other
 * entries keep their positions; null removes it.
 */
function withSingleEntry(result: ResultEntry[], taskKey: string, entry: ResultEntry | null): ResultEntry[] {
  const index = result.findIndex((candidate) => candidate.task === taskKey);
  if (index < 0) return entry ? [...result, entry] : result;
  return entry ? replaceEntry(result, index, entry) : removeEntry(result, index);
}

/**
 * Chooses a label of a classification task, by key or by click alike. Single choice works as radio
 * buttons: the label replaces the answer, and choosing the chosen label again keeps it (a second press
 * of a key must not silently clear an answer). Multiple choice toggles the label.
 */
export function withClassification(result: ResultEntry[], task: Task, label: string): ResultEntry[] {
  const current = result.find((entry) => entry.task === task.key);
  const values = current?.type === "classification" ? current.values : [];
  const next = task.type === "classification" && task.multiple ? (values.includes(label) ? values.filter((value) => value !== label) : [...values, label]) : [label];
  return withSingleEntry(result, task.key, next.length ? { task: task.key, type: "classification", values: next, ...(current?.uncertain ? { uncertain: true } : {}) } : null);
}

/** Removes a task's item-level answer (a single-choice class cannot be unchosen by choosing it again). */
export function withoutAnswer(result: ResultEntry[], taskKey: string): ResultEntry[] {
  return withSingleEntry(result, taskKey, null);
}

/** Sets a whole-item transcript; an empty one is no answer. */
export function withTranscript(result: ResultEntry[], taskKey: string, text: string): ResultEntry[] {
  const current = result.find((entry) => entry.task === taskKey);
  return withSingleEntry(result, taskKey, text ? { task: taskKey, type: "transcript", text, ...(current?.uncertain ? { uncertain: true } : {}) } : null);
}

/** The selected index after entry `removed` is taken out: unchanged before it, shifted after, none if it was the one. */
export function selectionAfterRemoval(selected: number | null, removed: number): number | null {
  if (selected === null || selected === removed) return null;
  return selected > removed ? selected - 1 : selected;
}

/** Flips the "uncertain" mark of entry `index`, dropping the field when false so results stay minimal. */
export function toggleUncertain(result: ResultEntry[], index: number): ResultEntry[] {
  return result.map((entry, position) => {
    if (position !== index) return entry;
    const { uncertain, ...rest } = entry;
    return (uncertain ? rest : { ...rest, uncertain: true }) as ResultEntry;
  });
}

export function replaceEntry(result: ResultEntry[], index: number, entry: ResultEntry): ResultEntry[] {
  return result.map((current, position) => (position === index ? entry : current));
}

export function removeEntry(result: ResultEntry[], index: number): ResultEntry[] {
  return result.filter((_, position) => position !== index);
}

export function isShapeEntry(entry: ResultEntry | undefined): entry is ShapeEntry {
  return entry?.type === "bbox" || entry?.type === "polygon" || entry?.type === "segment";
}

const PALETTE = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#9a6324", "#469990", "#808000"];

/** A label's colour: its class colour, else a fixed palette colour by position; the uncertainty class is grey. */
export function labelColor(task: Task, label: string): string {
  if (task.type === "transcript") return PALETTE[0]!;
  const index = task.classes.findIndex((labelClass) => labelClass.name === label);
  if (index < 0) return "#64748b";
  return task.classes[index]!.color ?? PALETTE[index % PALETTE.length]!;
}

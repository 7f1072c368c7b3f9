// The API schema's issues placed on the form's fields: each issue goes to the field its path names, or to the
// nearest enclosing one the form shows (an unknown field of a task goes to the task).
import type { z } from "zod";

/** Fields the builder shows for a task, and for a class of a task. */
const TASK_FIELDS = new Set(["key", "type", "classes", "uncertainClass", "multiple", "required", "transcript"]);
const CLASS_FIELDS = new Set(["name", "color", "hotkey"]);

/**
 * The form field an issue path belongs to, as a dotted id: "tasks.1.classes.0.hotkey", "tasks.1", "name".
 * Paths are the schema's: tasks, then the task's position, then its field; classes, then the class's position.
 */
export function fieldOf(path: readonly PropertyKey[]): string {
  const [root, task, field, classIndex, classField] = path;
  if (root !== "tasks" || typeof task !== "number") return root === undefined ? "" : String(root);
  if (typeof field !== "string" || !TASK_FIELDS.has(field)) return `tasks.${task}`;
  if (field !== "classes" || typeof classIndex !== "number") return `tasks.${task}.${field}`;
  const at = `tasks.${task}.classes.${classIndex}`;
  return typeof classField === "string" && CLASS_FIELDS.has(classField) ? `${at}.${classField}` : at;
}

/** Field id → what is wrong with it (the first issue found there), in the schema's words. */
export type FieldProblems = ReadonlyMap<string, string>;

export function fieldProblems(issues: readonly z.core.$ZodIssue[]): FieldProblems {
  const problems = new Map<string, string>();
  for (const issue of issues) {
    const field = fieldOf(issue.path);
    // An unknown field has no field of its own: its name goes into the message shown on its task or class.
    const message = issue.code === "unrecognized_keys" ? `"${issue.keys[0]}" is an unknown field` : issue.message;
    if (!problems.has(field)) problems.set(field, message);
  }
  return problems;
}

// What keeps an answer from being submitted, found by the very schema the server checks submissions
// with (lib/validation/annotation.ts), sorted by where the workspace shows it: beside a shape or segment,
// or in a task's panel.
import { annotationResultSchema, type MediaBounds, type ResultEntry } from "@/lib/validation/annotation";
import type { Task } from "@/lib/validation/project";

export interface AnswerProblems {
  /** Entry index → what is wrong with that entry (its first problem). */
  entries: ReadonlyMap<number, string>;
  /** Task key → what a required task still needs. */
  tasks: ReadonlyMap<string, string>;
  /** Every problem, in the server's words and order. */
  messages: string[];
}

export const NO_PROBLEMS: AnswerProblems = { entries: new Map(), tasks: new Map(), messages: [] };

export function answerProblems(tasks: readonly Task[], media: MediaBounds, result: readonly ResultEntry[]): AnswerProblems {
  const parsed = annotationResultSchema(tasks, media, "submission").safeParse(result);
  if (parsed.success) return NO_PROBLEMS;
  const entries = new Map<number, string>();
  const byTask = new Map<string, string>();
  for (const issue of parsed.error.issues) {
    const [index] = issue.path;
    const task = issue.code === "custom" ? (issue.params?.task as string | undefined) : undefined;
    if (typeof index === "number" && !entries.has(index)) entries.set(index, issue.message);
    else if (task) byTask.set(task, issue.message);
  }
  return { entries, tasks: byTask, messages: parsed.error.issues.map((issue) => issue.message) };
}

/** The first entry with a problem, to select it; null when only tasks (or nothing) need attention. */
export function firstEntryWithProblem(problems: AnswerProblems): number | null {
  return problems.entries.size ? Math.min(...problems.entries.keys()) : null;
}

/** One line for the labeler when a submit was held back, or null when there is nothing to fix. */
export function problemSummary(problems: AnswerProblems): string | null {
  const count = problems.messages.length;
  if (!count) return null;
  return `Not sent: fix ${count === 1 ? "this" : `these ${count}`} first. ${problems.messages.join("; ")}.`;
}

import type { ResultEntry } from "@/lib/validation/annotation";
import type { Task } from "@/lib/validation/project";

/** The tasks' uncertainty classes ("borderline", "unclear" ...): choosing one says the labeler is unsure. */
export function uncertainClassesOf(tasks: readonly Task[]): Set<string> {
  return new Set(tasks.flatMap((task) => ("uncertainClass" in task && task.uncertainClass ? [task.uncertainClass] : [])));
}

/** Whether a labeler said they were unsure in this result: an entry marked uncertain, or an uncertainty class chosen. */
export function isUncertain(result: readonly ResultEntry[], uncertainClasses: ReadonlySet<string>): boolean {
  return result.some((entry) => entry.uncertain || (entry.type === "classification" ? entry.values.some((value) => uncertainClasses.has(value)) : entry.type !== "transcript" && uncertainClasses.has(entry.label)));
}

import type { z } from "zod";
import { AppError } from "@/lib/server/errors";

/** A validation issue as one line: the dotted path of the offending field, then what is wrong with it. */
export function describeIssue(issue: z.core.$ZodIssue): { path: string[]; message: string } {
  // zod reports an unknown field on the object that holds it; name the field itself.
  const path = [...issue.path, ...(issue.code === "unrecognized_keys" ? issue.keys.slice(0, 1) : [])].map(String);
  const message = issue.code === "unrecognized_keys" ? "unknown field" : issue.message;
  return { path, message: `${path.length ? `${path.join(".")}: ` : ""}${message}` };
}

/** The first problem with an input, or null when the schema accepts it. */
export function firstProblem(schema: z.ZodType, input: unknown): string | null {
  const result = schema.safeParse(input);
  return result.success ? null : describeIssue(result.error.issues[0]!).message;
}

/** Parses input at the edge; a failure becomes a 400 naming the first offending field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const { path, message } = describeIssue(result.error.issues[0]!);
  throw new AppError("bad_request", message, { path });
}

// A message names this many problems at most; `problems` in the details holds up to PROBLEMS_LISTED.
const PROBLEMS_NAMED = 10;
const PROBLEMS_LISTED = 100;

/**
 * Parses input whose problems are worth fixing in one go (an annotation with several tasks unanswered):
 * a failure becomes a 400 whose message names every problem (up to ten, then how many more), with
 * `path` the first one's and `problems` each one's path and message.
 */
export function parseInputReportingAll<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map(describeIssue);
  const more = problems.length - PROBLEMS_NAMED;
  const message = problems.slice(0, PROBLEMS_NAMED).map((problem) => problem.message).join("; ") + (more > 0 ? `; and ${more} more` : "");
  throw new AppError("bad_request", message, { path: problems[0]!.path, problems: problems.slice(0, PROBLEMS_LISTED) });
}

import type { z } from "zod";
import { AppError } from "@/lib/server/errors";

/** Parses input at the edge; a failure becomes a 400 naming the first offending field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
  throw new AppError("bad_request", `${where}${issue.message}`, { path: issue.path.map(String) });
}

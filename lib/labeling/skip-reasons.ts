// The reasons a labeler can give for skipping an item: the project's list (Project.skipReasons; null means these
// defaults) plus "other", which needs the labeler's own words. A skip stores the chosen reason and, for "other",
// the note; the dashboard counts skips by reason, so reasons are a short fixed list rather than free text.
import { z } from "zod";

export const DEFAULT_SKIP_REASONS: readonly string[] = ["Media is broken or will not load", "Not what this project labels", "Too unclear to decide"];

/** The reason whose note the labeler writes; never one of a project's own reasons. */
export const OTHER_SKIP_REASON = "other";

export const skipReasonsSchema = z
  .array(z.string().trim().min(1, { message: "a reason must not be empty" }).max(80))
  .min(1, { message: "give at least one reason" })
  .max(9, { message: "at most 9 reasons (number keys 1–9 pick them)" })
  .superRefine((reasons, context) => {
    const seen = new Set<string>();
    reasons.forEach((reason, index) => {
      const key = reason.toLowerCase();
      if (key === OTHER_SKIP_REASON) context.addIssue({ code: "custom", path: [index], message: `"other" is always offered; leave it out of the list` });
      else if (seen.has(key)) context.addIssue({ code: "custom", path: [index], message: `"${reason}" is listed twice` });
      seen.add(key);
    });
  });

/** The project's reasons as stored (null or anything unreadable: the defaults). */
export function projectSkipReasons(stored: unknown): readonly string[] {
  const parsed = skipReasonsSchema.safeParse(stored);
  return parsed.success ? parsed.data : DEFAULT_SKIP_REASONS;
}

export type SkipChoice = { reason: string; note: string | null };

/**
 * What a skip request stores: a listed reason (no note), or "other" with its note. A reason that is not listed is
 * refused, except that a request without `note` (the old clients' free-text reason) is kept as "other" with that
 * text as its note. Returns a message for the labeler when the choice cannot be stored.
 */
export function resolveSkipChoice(reasons: readonly string[], input: { reason: string; note?: string }): SkipChoice | { error: string } {
  const note = input.note?.trim() || null;
  if (input.reason === OTHER_SKIP_REASON) return note ? { reason: OTHER_SKIP_REASON, note } : { error: `"other" needs a note saying why you skip` };
  const listed = reasons.find((reason) => reason === input.reason);
  if (listed) return { reason: listed, note };
  if (input.note === undefined) return { reason: OTHER_SKIP_REASON, note: input.reason };
  return { error: `"${input.reason}" is not one of this project's skip reasons (${[...reasons, OTHER_SKIP_REASON].join(", ")})` };
}

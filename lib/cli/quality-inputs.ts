// The JSON inputs of the quality commands (lib/cli/quality-commands.ts), as zod schemas. A module of their own so that
// the commands load zod (about 70 ms with the schemas) only when an input needs it: reliability data that passes
// the commands' quick check never does.
import { z } from "zod";
import { resultEntrySchema, type ResultEntry } from "../validation/annotation";

const rating = z.union([z.string(), z.number(), z.null()]);
/** `agreement` other than Fleiss: one row per coder, one column per unit. */
export const reliabilityInput = z.object({ data: z.array(z.array(rating)).min(1, { message: "no coders" }), categories: z.array(z.union([z.string(), z.number()])).optional() });
/** `agreement --metric fleiss`: units × categories. */
export const countsInput = z.object({ counts: z.array(z.array(z.number().int().min(0))).min(1, { message: "no units" }) });

/** `consensus`. */
export const annotationsInput = z.object({
  annotations: z.array(z.object({ item: z.union([z.string(), z.number()]).transform(String), labeler: z.union([z.string(), z.number()]).transform(String), label: z.union([z.string(), z.number()]).transform(String) })).min(1, { message: "no annotations" }),
});

/**
 * Entries in Concord's annotation result format (lib/validation/annotation.ts, normative) of the given
 * types. `task` may be left out: one input holds one task's entries.
 */
function entriesOf<T extends ResultEntry["type"]>(...types: T[]) {
  const withTask = (value: unknown) => (typeof value === "object" && value !== null && !Array.isArray(value) && !("task" in value) ? { task: "", ...value } : value);
  const entry = z.preprocess(withTask, resultEntrySchema).refine((entry): entry is Extract<ResultEntry, { type: T }> => (types as string[]).includes(entry.type), {
    message: `expected a ${types.join(" or ")} entry`,
  });
  return z.array(entry);
}

/** `{"items": {itemId: {labelerId: annotation}}}`, at least one item. */
function itemsOf<S extends z.ZodType>(annotation: S) {
  return z.record(z.string(), z.record(z.string(), annotation)).refine((items) => Object.keys(items).length > 0, { message: "no items" });
}

/** `annotation-agreement --kind shapes`. */
export const shapesInput = z.object({ items: itemsOf(entriesOf("bbox", "polygon")) }).strict();
/** `annotation-agreement --kind segments`. */
export const segmentsInput = z.object({ items: itemsOf(entriesOf("segment")), durations: z.record(z.string(), z.number().min(0)).optional() }).strict();
/** A labeler's transcript: a plain string, or a list holding one transcript entry. */
const transcript = z.preprocess(
  (value) => (typeof value === "string" ? [{ type: "transcript", text: value }] : value),
  entriesOf("transcript").length(1, { message: "expected one transcript entry" }).transform((entries) => entries[0]!.text),
);
/** `annotation-agreement --kind transcripts`. */
export const transcriptsInput = z.object({ items: itemsOf(transcript) }).strict();

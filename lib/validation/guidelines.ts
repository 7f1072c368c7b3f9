// Guideline versions and their acknowledgement: request schemas for /api/v1/projects/{id}/guidelines and
// the shapes of its responses (the OpenAPI document is built from these; the browser infers its types).
import { z } from "zod";

/** A version number as it appears in a path segment. */
export const guidelineVersionParamsSchema = z.object({
  version: z
    .string()
    .regex(/^[1-9]\d{0,8}$/, { message: "must be a version number like 3" })
    .transform(Number),
});

export const acknowledgeGuidelinesSchema = z.object({ version: z.int().min(1).describe("The current version, which the caller has read") }).strict();

export const guidelineVersionSummarySchema = z.object({
  version: z.int(),
  changeNote: z.string(),
  createdAt: z.iso.datetime(),
  author: z.string().nullable().describe("Name of whoever wrote the version; null when that account is gone"),
  draftedBy: z.string().nullable().describe("Name of the reviewer whose draft the version was published from; null when written directly"),
});

export const guidelineVersionSchema = guidelineVersionSummarySchema.extend({ body: z.string().describe("Markdown") });

export const guidelineStatusSchema = z.object({
  current: z.object({ version: z.int(), body: z.string(), changeNote: z.string(), createdAt: z.iso.datetime() }).nullable(),
  acknowledgedVersion: z.int().nullable().describe("The version the caller last acknowledged, 0 for none; null when the caller is not a member (an administrator)"),
  mustAcknowledge: z.boolean().describe("The caller is a member who has not acknowledged the current version"),
  changes: z.array(guidelineVersionSummarySchema).describe("The versions after the acknowledged one, oldest first"),
  previousBody: z.string().describe("The acknowledged version's markdown, or empty when none was acknowledged"),
});
/** The status as it travels in JSON (dates as ISO strings). */
export type GuidelineStatusJson = z.infer<typeof guidelineStatusSchema>;

export const guidelinesOverviewSchema = z.object({
  versions: z.array(guidelineVersionSummarySchema).describe("Newest first"),
  status: guidelineStatusSchema,
});
export type GuidelinesOverviewJson = z.infer<typeof guidelinesOverviewSchema>;

const draftBody = z.string().max(200_000);
const draftChangeNote = z.string().trim().min(1, { message: "say what the change is" }).max(2000);

/** A reviewer's proposed guideline change: the whole new text, what it changes, and the items that showed the gap. */
export const newGuidelineDraftSchema = z
  .object({
    body: draftBody,
    changeNote: draftChangeNote,
    exampleItemIds: z.array(z.string().min(1)).max(100).default([]),
    decisionId: z.string().min(1).optional(),
  })
  .strict();

/** A manager's edit of a waiting draft before publishing it: the text, the note, or both. */
export const guidelineDraftPatchSchema = z
  .object({ body: draftBody.optional(), changeNote: draftChangeNote.optional() })
  .strict()
  .refine((patch) => patch.body !== undefined || patch.changeNote !== undefined, { message: "change the body or the changeNote" });

/** A manager turns a draft down, saying why (its author reads this). */
export const rejectGuidelineDraftSchema = z.object({ note: z.string().trim().min(1, { message: "say why the draft is turned down" }).max(2000) }).strict();

export const guidelineDraftSchema = z.object({
  id: z.string(),
  body: z.string(),
  changeNote: z.string(),
  examples: z.array(z.object({ itemId: z.string(), originalName: z.string() })),
  decisionId: z.string().nullable(),
  author: z.string().nullable(),
  createdAt: z.iso.datetime(),
  editedAt: z.iso.datetime().nullable().describe("When a manager last edited it before publishing; the author stays credited"),
  publishedVersion: z.int().nullable().describe("The guideline version it became, once a manager published it"),
  rejection: z
    .object({ at: z.iso.datetime(), by: z.string().nullable(), note: z.string() })
    .nullable()
    .describe("A manager turned it down with this note; a turned-down draft cannot be published"),
});
export const guidelineDraftListSchema = z.object({ drafts: z.array(guidelineDraftSchema) });

import { z } from "zod";
import { documentedResult } from "./annotation";

/**
 * What the labeling client tells about itself, kept as provenance beside what the server records
 * itself (the request's User-Agent and Concord's version). A client's own `appVersion` is kept as
 * `clientAppVersion`, so it can never pass for the server's.
 */
const clientInfo = z
  .object({
    viewport: z.string().max(40).optional(),
    appVersion: z.string().max(40).optional().describe("the client's own version; stored as clientAppVersion (appVersion is always the server's)"),
    timezone: z.string().max(80).optional(),
  })
  .strict()
  .transform(({ appVersion, ...rest }) => ({ ...rest, ...(appVersion === undefined ? {} : { clientAppVersion: appVersion }) }))
  .optional();

const activeMs = z.int().min(0).max(7 * 24 * 3600 * 1000);

const draftVersion = z
  .int()
  .min(0)
  .optional()
  .describe(
    "The assignment's draftVersion this answer is based on (from the lease, then from each draft save). When another tab saved since, the request is refused with 409 and details.draftVersion, and nothing is written. Without it there is no check.",
  );

export const draftSchema = z.object({ result: z.array(z.unknown()).max(5000), activeMs: activeMs.optional(), draftVersion }).strict();

export const submitSchema = z
  .object({
    result: documentedResult("the answer in the annotation result format, held to the project's tasks and the item (required tasks answered, labels of the task's classes, shapes within the image, segments within the clip)"),
    activeMs: activeMs.describe("active labeling time; stored as at most the time since the lease was taken"),
    /** The revision being revised: absent for a first submission, else the latest revision the client saw. */
    revision: z.int().min(1).optional(),
    draftVersion,
    client: clientInfo,
    /** The labeler found the guidelines unclear for this item: it goes to review with this note. */
    guidelinesUnclear: z.boolean().optional(),
    note: z.string().trim().max(2000).optional(),
  })
  .strict();

export const skipSchema = z
  .object({
    reason: z.string().trim().min(1, { message: "say why you skip" }).max(500).describe(`one of the project's skipReasons, or "other" with a note; an unlisted reason without a note is kept as "other" with it as the note`),
    note: z.string().trim().max(2000).optional().describe(`the labeler's words; required with "other"`),
  })
  .strict();

/** `ahead=1` leases the task after the current one, so the workspace can prefetch it. */
export const nextQuerySchema = z.object({ ahead: z.enum(["0", "1"]).default("0").transform((value) => value === "1") }).strict();

/** `since`: the start of the caller's day (their local midnight), for the count of what they submitted today. */
export const progressQuerySchema = z.object({ since: z.iso.datetime({ offset: true }).transform((value) => new Date(value)).optional() }).strict();

import { z } from "zod";

export const REVIEW_STATES = ["open", "accepted", "escalated", "flagged", "resolved", "excluded"] as const;
/**
 * The item list's states: the review states, and in_review, an undecided (flagged or escalated) item that a
 * review session holds. Those count as in review only, no longer as flagged or escalated.
 */
export const ITEM_LIST_STATES = [...REVIEW_STATES, "in_review"] as const;

/**
 * Where each item stands, one place per item (the dashboard's items by state): unlabeled and in progress
 * (open: still collecting labels, a relabeled item again, or escalated for one more labeler), complete
 * (all labels in and the consensus accepted), flagged (waiting for a reviewer), in review (a review
 * session holds it), resolved and excluded (a reviewer decided).
 */
export const ITEM_PROGRESS = ["unlabeled", "in_progress", "complete", "flagged", "in_review", "resolved", "excluded"] as const;
export type ItemProgress = (typeof ITEM_PROGRESS)[number];

/** A user id in a query string. */
const userId = z.string().min(1).max(100);

/** Most user ids `labeler` takes: the list is checked against every page of items read, and the dashboard's links name two at most. */
export const MAX_LABELER_FILTER = 20;
/** Most `meta.<key>=<value>` filters a request takes: items have few metadata columns worth filtering on. */
export const MAX_METADATA_FILTERS = 20;

/** Comma-separated user ids (each once), at most MAX_LABELER_FILTER of them. */
const userIdList = z
  .string()
  .transform((list) => [...new Set(list.split(","))])
  .pipe(
    z
      .array(userId)
      .max(MAX_LABELER_FILTER, { error: (issue) => `at most ${MAX_LABELER_FILTER} comma-separated user ids, got ${(issue.input as unknown[]).length}` }),
  );

/** Text PostgreSQL cannot take (a NUL) is refused here, not a 500 there. */
const withoutNul = (what: string) => (text: z.ZodString) => text.refine((value) => !value.includes("\0"), { error: `a metadata ${what} cannot hold a NUL character` });

/** The `meta.<key>=<value>` pairs of a query string, keyed by "meta" so that a refusal names it. */
export const metadataFiltersSchema = z
  .object({
    meta: z
      .array(z.tuple([withoutNul("key")(z.string().min(1).max(200)), withoutNul("value")(z.string().max(2000))]))
      .max(MAX_METADATA_FILTERS, { error: (issue) => `at most ${MAX_METADATA_FILTERS} metadata filters (meta.<key>=<value>), got ${(issue.input as unknown[]).length}` }),
  })
  .strict();

/** Filters of the item list besides `meta.<key>=<value>`: each figure of the dashboard links to its items with them. */
export const itemListQuerySchema = z
  .object({
    cursor: z.string().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    /**
     * unlabeled: nobody has submitted; labeled: someone has; compared: two or more have (what agreement is computed
     * over); in_progress: some of the overlap; complete: the full overlap.
     */
    status: z.enum(["unlabeled", "labeled", "compared", "in_progress", "complete"]).optional(),
    /** Where the item stands, each item in exactly one of ITEM_PROGRESS. */
    progress: z.enum(ITEM_PROGRESS).optional(),
    /** Where the item stands in review. */
    state: z.enum(ITEM_LIST_STATES).optional(),
    /** Comma-separated user ids (at most MAX_LABELER_FILTER): items every one of them has submitted. */
    labeler: userIdList.optional(),
    /** A user id: items this user skipped. */
    skipped: z.string().min(1).optional(),
    /** A user id: items this user's first submission says they are unsure of (an uncertainty class, or an answer marked uncertain). */
    uncertain: z.string().min(1).optional(),
    /** 1: items with an agreement score (all their labels in, judged). */
    scored: z.literal("1").optional(),
    /** A task, for `answer` (any task with classes) and `final` (a classification task). */
    task: z.string().min(1).optional(),
    /** Items where a labeler (the one `labeler` names, if one) answered this class ("a + b" for several) or drew an object of this label. */
    answer: z.string().min(1).optional(),
    /** Items whose final label (gold, else accepted consensus) is this class. */
    final: z.string().min(1).optional(),
    /** Items with an annotation made under this guideline version. */
    version: z.coerce.number().int().min(1).optional(),
    /** Items first submitted by someone (the labeler `labeler` names, if one) on this day (UTC). */
    day: z.iso.date().optional(),
    /** Items complete on this day (UTC: their last labeler's first submission), with an agreement score: a day of agreement over time. */
    completed: z.iso.date().optional(),
    /** Items carrying this tag. */
    tag: z.string().min(1).max(100).optional(),
    /** A model version's id: items its latest evaluation of `task` scored (with `outcome`, only its errors or only its correct ones). */
    model: z.string().min(1).max(100).optional(),
    outcome: z.enum(["error", "correct"]).optional(),
    /** 1, with `model`: items whose prediction holds a watch-list term their final label does not (that evaluation's). */
    watch: z.literal("1").optional(),
    /** open: items with a discussion topic not yet resolved; any: items with any comment. */
    discussion: z.enum(["open", "any"]).optional(),
    /** Items whose discussion has a comment containing this text (any case). */
    q: z.string().trim().min(1).max(200).refine((value) => !value.includes("\0"), { error: "the search text cannot hold a NUL character" }).optional(),
  })
  .strict()
  .refine((query) => query.task || (!query.answer && !query.final), { path: ["task"], message: "answer and final need the task they belong to" })
  .refine((query) => !query.model || query.task, { path: ["task"], message: "model needs the task it was evaluated on" })
  .refine((query) => !query.outcome || query.model, { path: ["outcome"], message: "outcome needs the model it is of" })
  .refine((query) => !query.watch || query.model, { path: ["watch"], message: "watch needs the model it is of" });

/** The link to a project's items under some filters (itemListQuerySchema's, and meta.<key>): for server and browser alike. */
export function itemsHref(projectId: string, filters: Record<string, string | number>): string {
  const query = new URLSearchParams(Object.entries(filters).map(([key, value]) => [key, String(value)]));
  return `/projects/${projectId}/items${query.size ? `?${query}` : ""}`;
}

export const REVIEW_CATEGORIES = ["labeling-error", "guideline-gap", "data-issue"] as const;
export const REVIEW_ACTIONS = ["accept-annotation", "accept-consensus", "edit", "exclude", "relabel"] as const;

/** Filters of the review queue besides `meta.<key>=<value>`. */
export const reviewQueueQuerySchema = z
  .object({
    cursor: z.string().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    /** A flag reason code, e.g. low-agreement, tie, uncertainty-vote. */
    reason: z.string().min(1).optional(),
    task: z.string().min(1).optional(),
    /** A class some labeler gave. */
    label: z.string().min(1).optional(),
    /** A labeler's user id. */
    labeler: z.string().min(1).optional(),
  })
  .strict();

/** A reviewer's decision on an item: its gold label (or none) with a reason and a category. */
export const decisionSchema = z
  .object({
    action: z.enum(REVIEW_ACTIONS),
    annotationId: z.string().min(1).optional(),
    result: z.unknown().optional(),
    reason: z.string().trim().min(1, { message: "say why" }).max(2000),
    category: z.enum(REVIEW_CATEGORIES),
    /** The review session it was made in, if any. */
    sessionId: z.string().min(1).optional(),
    /** In a meeting, the reviewer whose decision this is, when someone else records it. */
    decidedBy: z.string().min(1).optional(),
    /**
     * For relabel: "revise" asks these labelers of the item (default: those whose answer differs from the consensus,
     * or all of them without one) to revise their own answers; "fresh" asks `labelers` more people who have not seen it.
     */
    relabel: z
      .discriminatedUnion("mode", [
        z.object({ mode: z.literal("revise"), labelers: z.array(z.string().min(1)).min(1, { message: "choose at least one labeler to revise" }).max(50).optional() }).strict(),
        z.object({ mode: z.literal("fresh"), labelers: z.int().min(1, { message: "ask at least one person" }).max(20) }).strict(),
      ])
      .optional(),
  })
  .strict()
  .superRefine((decision, context) => {
    if (decision.relabel && decision.action !== "relabel") context.addIssue({ code: "custom", path: ["relabel"], message: "only a relabel decision says who relabels" });
    if (decision.action === "accept-annotation" && !decision.annotationId) context.addIssue({ code: "custom", path: ["annotationId"], message: "name the annotation to accept" });
    if (decision.action === "edit" && decision.result === undefined) context.addIssue({ code: "custom", path: ["result"], message: "send the edited label" });
  });

/** A labeler's recent items, a page at a time. */
export const myItemsQuerySchema = z.object({ cursor: z.string().min(1).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }).strict();

/** A named review session: a snapshot of the review queue, filtered like it. */
export const newReviewSessionSchema = z
  .object({
    name: z.string().trim().min(1, { message: "name the session" }).max(120),
    reason: z.string().min(1).optional(),
    task: z.string().min(1).optional(),
    label: z.string().min(1).optional(),
    labeler: z.string().min(1).optional(),
  })
  .strict();

/** `standardized=0` computes agreement on the labels as given, before the project's standardization rules. */
export const agreementQuerySchema = z.object({ standardized: z.enum(["0", "1"]).default("1").transform((value) => value === "1") }).strict();

/** One tile of a big image's Deep Zoom pyramid, as its URL names it: `/tiles/<level>/<col>_<row>.<format>`. */
export const tileParams = z.object({
  level: z.coerce.number().int().min(0).max(30),
  tile: z.string().regex(/^\d{1,5}_\d{1,5}\.(jpeg|png|webp)$/, "a tile is named <column>_<row>.<format>, e.g. 0_0.jpeg"),
});

// Item discussions and the inbox: request schemas for /api/v1/items/{id}/comments, /api/v1/comments/{id}/resolve and
// /api/v1/inbox, and the shapes of their responses (the OpenAPI document is built from these).
import { z } from "zod";

export const ANCHOR_KINDS = ["shape", "segment", "time"] as const;

/** What a comment points at: a shape or segment (by index in the task's answer) or a stretch of the audio. */
export const anchorSchema = z
  .object({
    task: z.string().min(1).max(100).describe("The task's key"),
    kind: z.enum(ANCHOR_KINDS),
    index: z.int().min(0).max(100_000).optional().describe("shape, segment: its position in the task's answer, from 0"),
    startMs: z.int().min(0).optional().describe("time (and optionally segment): where it starts in the audio"),
    endMs: z.int().min(0).optional(),
  })
  .strict()
  .refine((anchor) => anchor.kind === "time" || anchor.index !== undefined, { message: "a shape or segment anchor needs its index", path: ["index"] })
  .refine((anchor) => anchor.kind !== "time" || anchor.startMs !== undefined, { message: "a time anchor needs startMs", path: ["startMs"] })
  .refine((anchor) => anchor.endMs === undefined || (anchor.startMs !== undefined && anchor.endMs >= anchor.startMs), { message: "endMs must not come before startMs", path: ["endMs"] });
export type Anchor = z.output<typeof anchorSchema>;

export const MAX_COMMENT_LENGTH = 20_000;

export const newCommentSchema = z
  .object({
    body: z.string().trim().min(1, { message: "write something" }).max(MAX_COMMENT_LENGTH),
    parentId: z.string().min(1).optional().describe("The topic this replies to; none: a new topic"),
    anchor: anchorSchema.optional(),
    isQuestion: z.boolean().default(false).describe("A reviewer's question to the item's labelers (a new topic): each gets it in their inbox"),
  })
  .strict();
export type NewComment = z.output<typeof newCommentSchema>;

export const resolveTopicSchema = z
  .object({
    note: z.string().trim().max(MAX_COMMENT_LENGTH).optional().describe("What was settled"),
    decisionId: z.string().min(1).optional().describe("The review decision on this item it led to"),
    guidelineVersion: z.int().min(1).optional().describe("The guideline version it led to"),
  })
  .strict();

export const inboxQuerySchema = z
  .object({
    cursor: z.string().min(1).optional().describe("The nextCursor of the previous page"),
    limit: z.coerce.number().int().min(1).max(100).default(30),
    unread: z.literal("1").optional().describe("1: unread entries only"),
  })
  .strict();

export const markReadSchema = z.union([z.object({ ids: z.array(z.string().min(1)).min(1).max(500) }).strict(), z.object({ all: z.literal(true) }).strict()]);

const personSchema = z.object({ id: z.string(), name: z.string() }).nullable().describe("null once the account is deleted");

export const commentSchema = z.object({
  id: z.string(),
  author: personSchema,
  body: z.string().describe("Markdown"),
  anchor: z.object({ task: z.string(), kind: z.enum(ANCHOR_KINDS), index: z.int().optional(), startMs: z.int().optional(), endMs: z.int().optional() }).nullable(),
  mentions: z.array(z.object({ id: z.string(), name: z.string() })),
  createdAt: z.iso.datetime(),
});

export const topicSchema = commentSchema.extend({
  isQuestion: z.boolean(),
  resolution: z
    .object({ by: personSchema, at: z.iso.datetime(), note: z.string().nullable(), decisionId: z.string().nullable(), guidelineVersion: z.int().nullable() })
    .nullable(),
  replies: z.array(commentSchema).describe("Oldest first"),
});
export type TopicJson = z.infer<typeof topicSchema>;

export const threadSchema = z.object({
  itemId: z.string(),
  openDiscussions: z.int(),
  commentCount: z.int(),
  topics: z.array(topicSchema).describe("Oldest first"),
  mayResolve: z.boolean().describe("Whether the caller may resolve any topic here (reviewers and managers); a topic's author may resolve their own"),
  viewerId: z.string().describe("The caller's user id"),
});
export type ThreadJson = z.infer<typeof threadSchema>;

export const INBOX_KINDS = ["mention", "reply", "question"] as const;

export const inboxEntrySchema = z.object({
  id: z.string(),
  kind: z.enum(INBOX_KINDS),
  projectId: z.string(),
  projectName: z.string(),
  itemId: z.string(),
  itemName: z.string(),
  commentId: z.string(),
  author: z.string().nullable(),
  excerpt: z.string().describe("The comment's first characters"),
  href: z.string().describe("Where the caller reads the thread: the review page for reviewers, the revise page for labelers"),
  readAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type InboxEntryJson = z.infer<typeof inboxEntrySchema>;

export const inboxPageSchema = z.object({ entries: z.array(inboxEntrySchema), nextCursor: z.string().nullable(), unread: z.int() });
export type InboxPageJson = z.infer<typeof inboxPageSchema>;

export const mentionSuggestionsSchema = z.object({ members: z.array(z.object({ id: z.string(), name: z.string(), email: z.string() })) });
export type MentionSuggestionsJson = z.infer<typeof mentionSuggestionsSchema>;

export const postedCommentSchema = commentSchema.extend({ topicId: z.string().describe("The topic: the comment itself when it opened one") });
export const resolutionSchema = topicSchema.shape.resolution.unwrap();
export const unreadSchema = z.object({ unread: z.int() });

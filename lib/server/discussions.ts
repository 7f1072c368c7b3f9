// Item discussions: topics and replies in markdown, @mentions of project members, anchors on a shape, segment or time,
// and resolution; and each person's inbox of mentions, replies and reviewers' questions. Reviewers and managers take
// part anytime; a labeler only once they submitted their own answer to the item, so nobody is anchored before labeling.
// Who may resolve a topic: reviewers and managers, and the topic's author (who knows when their question is answered).
import type { ProjectRole } from "@/lib/generated/prisma-sqlite/enums";
import { anchorProblem } from "@/lib/discussions/anchors";
import { handlesOf, mentionHandles, resolveMentions, type Mentionable } from "@/lib/discussions/mentions";
import { INBOX_KINDS, inboxQuerySchema, markReadSchema, newCommentSchema, resolveTopicSchema, type Anchor } from "@/lib/validation/discussions";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "./audit";
import { requireProjectRole, roleSatisfies, type Caller } from "./auth/caller";
import { db, type Tx } from "./db/client";
import { AppError } from "./errors";
import { storedLabelConfig } from "./stored-config";

export const LABELER_MUST_SUBMIT = "Submit your own answer to this item first: the discussion opens after, so nobody is anchored before labeling.";

/** Most comments a thread shows: a discussion of one item, not a forum; the oldest are kept. */
export const MAX_THREAD_COMMENTS = 1000;

/** Most members a mention is looked up among. */
const MAX_MEMBERS_MENTIONABLE = 5000;

export type InboxKind = (typeof INBOX_KINDS)[number];

interface Person {
  id: string;
  name: string;
}

export interface ThreadComment {
  id: string;
  author: Person | null;
  body: string;
  anchor: Anchor | null;
  mentions: Person[];
  createdAt: Date;
}

export interface ThreadTopic extends ThreadComment {
  isQuestion: boolean;
  resolution: { by: Person | null; at: Date; note: string | null; decisionId: string | null; guidelineVersion: number | null } | null;
  replies: ThreadComment[];
}

export interface Thread {
  itemId: string;
  openDiscussions: number;
  commentCount: number;
  topics: ThreadTopic[];
  /** Whether the caller may resolve any topic here (reviewers and managers); authors may resolve their own. */
  mayResolve: boolean;
  viewerId: string;
}

interface ItemAccess {
  item: { id: string; projectId: string; openDiscussions: number; commentCount: number };
  role: ProjectRole;
}

/**
 * The item and the caller's role in its project, once the caller may take part in its discussion: reviewers,
 * managers and administrators anytime, labelers once they have submitted their own answer (403 with the reason).
 */
async function discussionAccess(caller: Caller, itemId: string): Promise<ItemAccess> {
  const item = await db().item.findUnique({ where: { id: itemId }, select: { id: true, projectId: true, openDiscussions: true, commentCount: true } });
  if (!item) throw new AppError("not_found", "No such item.");
  let role: ProjectRole;
  try {
    role = await requireProjectRole(caller, item.projectId, "labeler");
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") throw new AppError("not_found", "No such item.");
    throw error;
  }
  if (role === "labeler" && !(await hasSubmitted(caller.user.id, itemId))) throw new AppError("forbidden", LABELER_MUST_SUBMIT);
  return { item, role };
}

async function hasSubmitted(userId: string, itemId: string): Promise<boolean> {
  return (await db().annotation.count({ where: { itemId, labelerId: userId, isDraft: false } })) > 0;
}

const personFields = { select: { id: true, name: true } } as const;

/** An item's discussion: its topics oldest first, each with its replies oldest first. */
export async function itemThread(caller: Caller, itemId: string): Promise<Thread> {
  const { item, role } = await discussionAccess(caller, itemId);
  const rows = await db().comment.findMany({
    where: { itemId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: MAX_THREAD_COMMENTS,
    select: {
      id: true, parentId: true, body: true, anchor: true, mentions: true, isQuestion: true, createdAt: true, author: personFields,
      resolvedAt: true, resolvedBy: personFields, resolutionNote: true, resolutionDecisionId: true, resolutionGuidelineVersion: true,
    },
  });
  const names = await peopleNamed(rows.flatMap((row) => mentionIds(row.mentions)));
  const comment = (row: (typeof rows)[number]): ThreadComment => ({
    id: row.id,
    author: row.author,
    body: row.body,
    anchor: (row.anchor as Anchor | null) ?? null,
    mentions: mentionIds(row.mentions).flatMap((id) => names.get(id) ?? []),
    createdAt: row.createdAt,
  });
  const topics = new Map<string, ThreadTopic>();
  for (const row of rows) {
    if (row.parentId) {
      topics.get(row.parentId)?.replies.push(comment(row));
      continue;
    }
    const resolution = row.resolvedAt
      ? { by: row.resolvedBy, at: row.resolvedAt, note: row.resolutionNote, decisionId: row.resolutionDecisionId, guidelineVersion: row.resolutionGuidelineVersion }
      : null;
    topics.set(row.id, { ...comment(row), isQuestion: row.isQuestion, resolution, replies: [] });
  }
  return { itemId, openDiscussions: item.openDiscussions, commentCount: item.commentCount, topics: [...topics.values()], mayResolve: role !== "labeler", viewerId: caller.user.id };
}

const mentionIds = (stored: unknown): string[] => (Array.isArray(stored) ? (stored as string[]) : []);

async function peopleNamed(ids: string[]): Promise<Map<string, Person>> {
  if (!ids.length) return new Map();
  const users = await db().user.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true } });
  return new Map(users.map((user) => [user.id, user]));
}

/**
 * The members a body mentions. A project's members are a team (tens, at most thousands), not its items: read at once,
 * and only when the body mentions someone.
 */
async function mentionedMembers(projectId: string, body: string): Promise<Person[]> {
  if (!mentionHandles(body).length) return [];
  return resolveMentions(body, await projectMembers(projectId)).map(({ id, name }) => ({ id, name }));
}

async function projectMembers(projectId: string): Promise<Mentionable[]> {
  const memberships = await db().membership.findMany({ where: { projectId }, orderBy: { createdAt: "asc" }, select: { user: { select: { id: true, name: true, email: true } } }, take: MAX_MEMBERS_MENTIONABLE });
  return memberships.map((membership) => membership.user);
}

/** Most members the composer suggests for a partial mention. */
const MENTION_SUGGESTIONS = 8;

/** Members of the item's project whose name or email starts with `query`, for the composer's @ autocomplete. */
export async function mentionSuggestions(caller: Caller, itemId: string, query: string): Promise<{ members: Mentionable[] }> {
  const { item } = await discussionAccess(caller, itemId);
  const wanted = query.trim().toLowerCase();
  const matches = (member: Mentionable) => handlesOf(member).some((handle) => handle.startsWith(wanted)) || member.name.toLowerCase().split(/\s+/).some((word) => word.startsWith(wanted));
  return { members: (await projectMembers(item.projectId)).filter(matches).slice(0, MENTION_SUGGESTIONS) };
}

/** The labelers who submitted an answer to the item: a reviewer's question goes to them. */
async function itemLabelers(tx: Tx, itemId: string): Promise<string[]> {
  const rows = await tx.annotation.findMany({ where: { itemId, isDraft: false }, distinct: ["labelerId"], select: { labelerId: true } });
  return rows.map((row) => row.labelerId);
}

/** Those of these users who may read the item's thread now: non-labelers, and labelers who submitted it. */
async function mayRead(tx: Tx, projectId: string, itemId: string, userIds: string[]): Promise<string[]> {
  if (!userIds.length) return [];
  const [memberships, submitted] = await Promise.all([
    tx.membership.findMany({ where: { projectId, userId: { in: userIds } }, select: { userId: true, role: true } }),
    tx.annotation.findMany({ where: { itemId, labelerId: { in: userIds }, isDraft: false }, distinct: ["labelerId"], select: { labelerId: true } }),
  ]);
  const labeled = new Set(submitted.map((row) => row.labelerId));
  return memberships.filter((membership) => roleSatisfies(membership.role, "reviewer") || labeled.has(membership.userId)).map((membership) => membership.userId);
}

/**
 * Posts a comment: a new topic, or with parentId a reply to one (a reply to a reply joins its topic). Mentions are
 * parsed from the body and resolved against the project's members; each mentioned member who may read the thread,
 * the topic's participants on a reply, and the item's labelers on a reviewer's question get an inbox entry. The item's
 * counters move in the same transaction, by increments, so concurrent posts lose none.
 */
export async function postComment(caller: Caller, itemId: string, input: unknown): Promise<ThreadComment & { topicId: string }> {
  const { item, role } = await discussionAccess(caller, itemId);
  const { body, parentId, anchor, isQuestion } = parseInput(newCommentSchema, input);
  if (isQuestion && (parentId || role === "labeler")) throw new AppError("bad_request", "isQuestion: only a reviewer or manager asks the labelers, in a new topic.");
  if (anchor) {
    const project = await db().project.findUniqueOrThrow({ where: { id: item.projectId }, select: { labelConfig: true, mediaKind: true } });
    const problem = anchorProblem(anchor, storedLabelConfig(project.labelConfig).tasks, project.mediaKind);
    if (problem) throw new AppError("bad_request", problem, { path: ["anchor"] });
  }
  const topic = parentId ? await topicOf(parentId, itemId) : null;
  const mentioned = await mentionedMembers(item.projectId, body);
  const authorId = caller.user.id;
  const created = await db().$transaction(async (tx) => {
    const row = await tx.comment.create({
      data: { projectId: item.projectId, itemId, authorId, parentId: topic?.id ?? null, body, anchor: anchor ?? undefined, mentions: mentioned.length ? mentioned.map((person) => person.id) : undefined, isQuestion },
      select: { id: true, createdAt: true },
    });
    await tx.item.update({ where: { id: itemId }, data: { commentCount: { increment: 1 }, ...(topic ? {} : { openDiscussions: { increment: 1 } }) } });
    const recipients = new Map<string, InboxKind>();
    // Labelers who have since left the project are not asked.
    if (isQuestion) for (const userId of await mayRead(tx, item.projectId, itemId, await itemLabelers(tx, itemId))) recipients.set(userId, "question");
    if (topic) for (const userId of await topicParticipants(tx, topic.id)) recipients.set(userId, "reply");
    // A mention says more than "a reply in a thread you joined".
    for (const userId of await mayRead(tx, item.projectId, itemId, mentioned.map((person) => person.id))) recipients.set(userId, "mention");
    recipients.delete(authorId);
    if (recipients.size) {
      await tx.inboxEntry.createMany({ data: [...recipients].map(([userId, kind]) => ({ userId, projectId: item.projectId, itemId, commentId: row.id, kind })) });
    }
    await recordAudit(tx, {
      actorId: authorId,
      projectId: item.projectId,
      action: "comment.post",
      targetType: "item",
      targetId: itemId,
      data: { commentId: row.id, topicId: topic?.id ?? row.id, isQuestion, anchor: anchor ?? null, mentions: mentioned.map((person) => person.id) },
    });
    return row;
  });
  return { id: created.id, topicId: topic?.id ?? created.id, author: { id: authorId, name: caller.user.name }, body, anchor: anchor ?? null, mentions: mentioned, createdAt: created.createdAt };
}

/** The topic a comment belongs to, on this item. */
async function topicOf(commentId: string, itemId: string): Promise<{ id: string; authorId: string | null; resolvedAt: Date | null }> {
  const comment = await db().comment.findFirst({ where: { id: commentId, itemId }, select: { id: true, parentId: true, authorId: true, resolvedAt: true } });
  if (!comment) throw new AppError("bad_request", "parentId: no such comment on this item.", { path: ["parentId"] });
  if (!comment.parentId) return comment;
  return db().comment.findUniqueOrThrow({ where: { id: comment.parentId }, select: { id: true, authorId: true, resolvedAt: true } });
}

/** Who wrote the topic or a reply to it. */
async function topicParticipants(tx: Tx, topicId: string): Promise<string[]> {
  const rows = await tx.comment.findMany({ where: { OR: [{ id: topicId }, { parentId: topicId }], authorId: { not: null } }, distinct: ["authorId"], select: { authorId: true } });
  return rows.map((row) => row.authorId!);
}

/**
 * Resolves a topic, optionally saying what was settled and linking the item's review decision or the guideline
 * version it led to. Reviewers and managers resolve any topic, others only their own. Resolving a resolved topic is a
 * conflict: the first resolution stands.
 */
export async function resolveTopic(caller: Caller, commentId: string, input: unknown): Promise<ThreadTopic["resolution"]> {
  const comment = await db().comment.findUnique({ where: { id: commentId }, select: { itemId: true, parentId: true, authorId: true } });
  if (!comment) throw new AppError("not_found", "No such comment.");
  const { item, role } = await discussionAccess(caller, comment.itemId);
  if (comment.parentId) throw new AppError("bad_request", "This comment is a reply: resolve its topic instead.", { topicId: comment.parentId });
  if (role === "labeler" && comment.authorId !== caller.user.id) throw new AppError("forbidden", "Only reviewers, managers and the topic's author resolve a topic.");
  const { note, decisionId, guidelineVersion } = parseInput(resolveTopicSchema, input);
  if (decisionId && !(await db().reviewDecision.count({ where: { id: decisionId, itemId: item.id } }))) {
    throw new AppError("bad_request", "decisionId: no such review decision on this item.", { path: ["decisionId"] });
  }
  if (guidelineVersion && !(await db().guidelineVersion.count({ where: { projectId: item.projectId, version: guidelineVersion } }))) {
    throw new AppError("bad_request", `guidelineVersion: this project has no guidelines version ${guidelineVersion}.`, { path: ["guidelineVersion"] });
  }
  const resolvedAt = new Date();
  const settled = { note: note || null, decisionId: decisionId ?? null, guidelineVersion: guidelineVersion ?? null };
  await db().$transaction(async (tx) => {
    // Compare-and-set: of two people resolving at once, one does, and the counter moves once.
    const { count } = await tx.comment.updateMany({
      where: { id: commentId, resolvedAt: null },
      data: { resolvedAt, resolvedById: caller.user.id, resolutionNote: settled.note, resolutionDecisionId: settled.decisionId, resolutionGuidelineVersion: settled.guidelineVersion },
    });
    if (!count) throw new AppError("conflict", "This topic is already resolved.");
    await tx.item.update({ where: { id: item.id }, data: { openDiscussions: { decrement: 1 } } });
    await recordAudit(tx, {
      actorId: caller.user.id,
      projectId: item.projectId,
      action: "comment.resolve",
      targetType: "item",
      targetId: item.id,
      data: { topicId: commentId, ...settled },
    });
  });
  return { by: { id: caller.user.id, name: caller.user.name }, at: resolvedAt, ...settled };
}

export interface InboxEntryView {
  id: string;
  kind: InboxKind;
  projectId: string;
  projectName: string;
  itemId: string;
  itemName: string;
  commentId: string;
  author: string | null;
  excerpt: string;
  href: string;
  readAt: Date | null;
  createdAt: Date;
}

const EXCERPT_LENGTH = 160;

function excerptOf(body: string): string {
  const flat = body.replace(/\s+/g, " ").trim();
  return flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH - 1)}…` : flat;
}

/**
 * Where a member reads an item's thread: reviewers and managers on the review page, labelers on the item's discussion
 * page (not the revise page, whose revision lease would become their next task).
 */
export function threadHref(projectId: string, itemId: string, role: ProjectRole): string {
  return role === "labeler" ? `/projects/${projectId}/items/${itemId}/discussion` : `/projects/${projectId}/review?item=${itemId}`;
}

/** The caller's unread entries: what the header badge shows (read from the [userId, readAt, createdAt] index). */
export async function unreadCount(caller: Caller): Promise<number> {
  return db().inboxEntry.count({ where: { userId: caller.user.id, readAt: null } });
}

/** A page of the caller's inbox, newest first; `nextCursor` is the last entry's id, where the next page starts. */
export async function listInbox(caller: Caller, query: URLSearchParams): Promise<{ entries: InboxEntryView[]; nextCursor: string | null; unread: number }> {
  const { cursor, limit, unread } = parseInput(inboxQuerySchema, Object.fromEntries(query));
  const userId = caller.user.id;
  const after = cursor ? await db().inboxEntry.findFirst({ where: { id: cursor, userId }, select: { id: true, createdAt: true } }) : null;
  if (cursor && !after) throw new AppError("bad_request", "cursor: no such entry in your inbox; start again without it.");
  const rows = await db().inboxEntry.findMany({
    where: {
      userId,
      ...(unread ? { readAt: null } : {}),
      ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: {
      id: true, kind: true, projectId: true, itemId: true, commentId: true, readAt: true, createdAt: true,
      project: { select: { name: true } }, item: { select: { originalName: true } }, comment: { select: { body: true, author: { select: { name: true } } } },
    },
  });
  const page = rows.slice(0, limit);
  const roles = new Map(
    (await db().membership.findMany({ where: { userId, projectId: { in: [...new Set(page.map((row) => row.projectId))] } }, select: { projectId: true, role: true } })).map((row) => [row.projectId, row.role]),
  );
  const entries = page.map((row) => ({
    id: row.id,
    kind: row.kind as InboxKind,
    projectId: row.projectId,
    projectName: row.project.name,
    itemId: row.itemId,
    itemName: row.item.originalName,
    commentId: row.commentId,
    author: row.comment.author?.name ?? null,
    excerpt: excerptOf(row.comment.body),
    // An administrator who is no member reads it where managers do.
    href: threadHref(row.projectId, row.itemId, roles.get(row.projectId) ?? "manager"),
    readAt: row.readAt,
    createdAt: row.createdAt,
  }));
  return { entries, nextCursor: rows.length > limit ? page.at(-1)!.id : null, unread: await unreadCount(caller) };
}

/** Marks some of the caller's entries read, or all of them; entries of others are left alone. Returns the unread count. */
export async function markInboxRead(caller: Caller, input: unknown): Promise<{ unread: number }> {
  const request = parseInput(markReadSchema, input);
  await db().inboxEntry.updateMany({ where: { userId: caller.user.id, readAt: null, ...("ids" in request ? { id: { in: request.ids } } : {}) }, data: { readAt: new Date() } });
  return { unread: await unreadCount(caller) };
}

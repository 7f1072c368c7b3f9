import { recordAudit } from "./audit";
import { requireProjectRole, type Caller } from "./auth/caller";
import { db, type Tx } from "./db/client";
import { AppError } from "./errors";
import { lockProjectRow } from "./statistics";
import type { Prisma } from "@/lib/generated/prisma-sqlite/client";
import { guidelineDraftPatchSchema, guidelineStatusSchema, newGuidelineDraftSchema, rejectGuidelineDraftSchema, type GuidelineStatusJson } from "@/lib/validation/guidelines";
import { parseInput } from "@/lib/validation/parse";

export interface GuidelineVersionSummary {
  version: number;
  changeNote: string;
  createdAt: Date;
  /** Name of whoever wrote the version; null once that account is deleted. */
  author: string | null;
  /** Name of the reviewer whose draft the version was published from; null when written directly (or the account is gone). */
  draftedBy: string | null;
}

export interface GuidelineVersionDetail extends GuidelineVersionSummary {
  body: string;
}

export interface GuidelineStatus {
  current: { version: number; body: string; changeNote: string; createdAt: Date } | null;
  /** The version the caller last acknowledged (0: none yet); null when the caller is not a member, e.g. an administrator. */
  acknowledgedVersion: number | null;
  /** A member who has not acknowledged the current version (empty guidelines need no reading). */
  mustAcknowledge: boolean;
  /** The versions after the acknowledged one up to the current one, oldest first. */
  changes: GuidelineVersionSummary[];
  /** The acknowledged version's markdown, to diff the current one against; "" when none was acknowledged. */
  previousBody: string;
}

const summaryFields = { version: true, changeNote: true, createdAt: true, draftId: true, createdBy: { select: { name: true } } } as const;

type SummaryRow = { version: number; changeNote: string; createdAt: Date; draftId: string | null; createdBy: { name: string } | null };

/** The versions as summaries, each crediting the author of the draft it was published from (one query for all). */
async function summaries(rows: SummaryRow[]): Promise<GuidelineVersionSummary[]> {
  const draftIds = rows.flatMap((row) => (row.draftId ? [row.draftId] : []));
  const drafts = draftIds.length ? await db().guidelineDraft.findMany({ where: { id: { in: draftIds } }, select: { id: true, author: { select: { name: true } } } }) : [];
  const drafter = new Map(drafts.map((draft) => [draft.id, draft.author?.name ?? null]));
  return rows.map(({ createdBy, draftId, ...row }) => ({ ...row, author: createdBy?.name ?? null, draftedBy: (draftId && drafter.get(draftId)) || null }));
}

/** Every version of a project's guidelines, newest first; any member may read them. */
export async function listGuidelineVersions(caller: Caller, projectId: string): Promise<GuidelineVersionSummary[]> {
  await requireProjectRole(caller, projectId, "labeler");
  const rows = await db().guidelineVersion.findMany({ where: { projectId }, orderBy: { version: "desc" }, select: summaryFields });
  return summaries(rows);
}

/** One version with its markdown. */
export async function guidelineVersion(caller: Caller, projectId: string, version: number): Promise<GuidelineVersionDetail> {
  await requireProjectRole(caller, projectId, "labeler");
  const row = await db().guidelineVersion.findUnique({
    where: { projectId_version: { projectId, version } },
    select: { ...summaryFields, body: true },
  });
  if (!row) throw new AppError("not_found", `This project has no guidelines version ${version}.`);
  const { body, ...rest } = row;
  const [detail] = await summaries([rest]);
  return { ...detail!, body };
}

/**
 * Whether a member (acknowledgedVersion not null) must confirm these current guidelines before labeling more: a newer
 * version than the one they confirmed, unless it is empty (nothing to read). The workspace's gate and /next both ask.
 */
export function mustAcknowledge(acknowledgedVersion: number | null, current: { version: number; body: string } | null): boolean {
  return acknowledgedVersion !== null && current !== null && current.body.trim() !== "" && acknowledgedVersion < current.version;
}

/** Where the caller stands with the current guidelines, and what changed since the version they acknowledged. */
export async function guidelineStatus(caller: Caller, projectId: string): Promise<GuidelineStatus> {
  await requireProjectRole(caller, projectId, "labeler");
  const [current, membership] = await Promise.all([
    db().guidelineVersion.findFirst({ where: { projectId }, orderBy: { version: "desc" }, select: { version: true, body: true, changeNote: true, createdAt: true } }),
    db().membership.findUnique({ where: { projectId_userId: { projectId, userId: caller.user.id } }, select: { guidelinesAcknowledged: true } }),
  ]);
  const acknowledgedVersion = membership?.guidelinesAcknowledged ?? null;
  const [changes, acknowledged] = await Promise.all([
    acknowledgedVersion === null || !current
      ? []
      : db().guidelineVersion.findMany({
          // Bounded by the current version read above, so a version written meanwhile does not appear without its body.
          where: { projectId, version: { gt: acknowledgedVersion, lte: current.version } },
          orderBy: { version: "asc" },
          select: summaryFields,
        }),
    acknowledgedVersion ? db().guidelineVersion.findUnique({ where: { projectId_version: { projectId, version: acknowledgedVersion } }, select: { body: true } }) : null,
  ]);
  return {
    current,
    acknowledgedVersion,
    mustAcknowledge: mustAcknowledge(acknowledgedVersion, current),
    changes: await summaries(changes),
    previousBody: acknowledged?.body ?? "",
  };
}

/** The status as the API answers it (dates as ISO strings), for a page to hand to the workspace's gate. */
export async function guidelineStatusJson(caller: Caller, projectId: string): Promise<GuidelineStatusJson> {
  return guidelineStatusSchema.parse(JSON.parse(JSON.stringify(await guidelineStatus(caller, projectId))));
}

/**
 * Records that a member has read the current guidelines. Only the current version can be acknowledged,
 * so nobody confirms a text they were not shown; acknowledging it again changes nothing.
 */
export async function acknowledgeGuidelines(caller: Caller, projectId: string, version: number): Promise<GuidelineStatus> {
  await requireProjectRole(caller, projectId, "labeler");
  await db().$transaction(async (tx) => {
    const membership = await tx.membership.findUnique({
      where: { projectId_userId: { projectId, userId: caller.user.id } },
      select: { id: true, guidelinesAcknowledged: true },
    });
    if (!membership) throw new AppError("forbidden", "Only members of this project acknowledge its guidelines.");
    const current = await tx.guidelineVersion.findFirst({ where: { projectId }, orderBy: { version: "desc" }, select: { id: true, version: true } });
    if (!current) throw new AppError("conflict", "This project has no guidelines to acknowledge.");
    if (current.version !== version) {
      throw new AppError("conflict", `Version ${version} is not the current guidelines: version ${current.version} is. Read version ${current.version} and acknowledge that.`);
    }
    // Compare-and-set: of concurrent acknowledgements only one moves the counter and is audited.
    const { count } = await tx.membership.updateMany({
      where: { id: membership.id, guidelinesAcknowledged: { lt: version } },
      data: { guidelinesAcknowledged: version },
    });
    if (!count) return;
    await recordAudit(tx, {
      actorId: caller.user.id,
      projectId,
      action: "guidelines.acknowledge",
      targetType: "guidelineVersion",
      targetId: current.id,
      data: { version, previousVersion: membership.guidelinesAcknowledged },
    });
  });
  return guidelineStatus(caller, projectId);
}

/**
 * Writes the project's next guideline version in the caller's transaction, the project's row locked first so that
 * concurrent publications take turns and get consecutive numbers. Whoever publishes a version has read it.
 */
export async function addGuidelineVersion(
  tx: Tx,
  projectId: string,
  version: { body: string; changeNote: string; createdById: string; draftId?: string },
  basedOn?: number,
): Promise<number> {
  await lockProjectRow(tx, projectId);
  const latest = await tx.guidelineVersion.findFirst({ where: { projectId }, orderBy: { version: "desc" }, select: { version: true } });
  // An edit of an older version would silently undo what was saved since.
  if (basedOn !== undefined && basedOn !== (latest?.version ?? 0)) {
    throw new AppError("conflict", `Version ${latest?.version ?? 0} of the guidelines was saved since you started editing version ${basedOn}; copy your text, reload and edit the new version.`);
  }
  const number = (latest?.version ?? 0) + 1;
  await tx.guidelineVersion.create({ data: { projectId, version: number, ...version } });
  await tx.membership.updateMany({ where: { projectId, userId: version.createdById }, data: { guidelinesAcknowledged: number } });
  return number;
}

export interface GuidelineDraftView {
  id: string;
  body: string;
  changeNote: string;
  examples: { itemId: string; originalName: string }[];
  decisionId: string | null;
  author: string | null;
  createdAt: Date;
  /** When a manager last changed the text or the note before publishing; the author stays credited. */
  editedAt: Date | null;
  publishedVersion: number | null;
  /** A manager turned the draft down, saying why; it can no longer be published. */
  rejection: { at: Date; by: string | null; note: string } | null;
}

const draftFields = {
  id: true,
  body: true,
  changeNote: true,
  exampleItemIds: true,
  decisionId: true,
  createdAt: true,
  editedAt: true,
  publishedVersion: true,
  rejectedAt: true,
  rejectedById: true,
  rejectionNote: true,
  author: { select: { name: true } },
} as const;

type DraftRow = {
  id: string;
  body: string;
  changeNote: string;
  exampleItemIds: unknown;
  decisionId: string | null;
  createdAt: Date;
  editedAt: Date | null;
  publishedVersion: number | null;
  rejectedAt: Date | null;
  rejectedById: string | null;
  rejectionNote: string | null;
  author: { name: string } | null;
};

async function draftView(row: DraftRow): Promise<GuidelineDraftView> {
  const ids = (Array.isArray(row.exampleItemIds) ? row.exampleItemIds : []) as string[];
  const [items, rejecter] = await Promise.all([
    db().item.findMany({ where: { id: { in: ids } }, select: { id: true, originalName: true } }),
    row.rejectedById ? db().user.findUnique({ where: { id: row.rejectedById }, select: { name: true } }) : null,
  ]);
  const { exampleItemIds: _ids, author, rejectedAt, rejectedById: _rejectedById, rejectionNote, ...rest } = row;
  return {
    ...rest,
    author: author?.name ?? null,
    examples: ids.flatMap((id) => items.filter((item) => item.id === id).map((item) => ({ itemId: item.id, originalName: item.originalName }))),
    rejection: rejectedAt ? { at: rejectedAt, by: rejecter?.name ?? null, note: rejectionNote ?? "" } : null,
  };
}

/** Reviewers draft a guideline change from the items that showed a gap; a manager publishes it. */
export async function createGuidelineDraft(caller: Caller, projectId: string, input: unknown): Promise<GuidelineDraftView> {
  await requireProjectRole(caller, projectId, "reviewer");
  const draft = parseInput(newGuidelineDraftSchema, input);
  const examples = await db().item.count({ where: { projectId, id: { in: draft.exampleItemIds } } });
  if (examples !== new Set(draft.exampleItemIds).size) throw new AppError("bad_request", "exampleItemIds: every example must be an item of this project");
  const row = await db().guidelineDraft.create({
    data: { projectId, authorId: caller.user.id, body: draft.body, changeNote: draft.changeNote, exampleItemIds: draft.exampleItemIds, decisionId: draft.decisionId ?? null },
    select: draftFields,
  });
  await recordAudit(db(), { actorId: caller.user.id, projectId, action: "guidelines.draft", targetType: "guidelineDraft", targetId: row.id, data: { changeNote: draft.changeNote } });
  return draftView(row);
}

export async function listGuidelineDrafts(caller: Caller, projectId: string): Promise<GuidelineDraftView[]> {
  await requireProjectRole(caller, projectId, "reviewer");
  const rows = await db().guidelineDraft.findMany({ where: { projectId }, orderBy: { createdAt: "desc" }, select: draftFields });
  return Promise.all(rows.map(draftView));
}

/** Drafts neither published nor turned down: what the manager's project page says is waiting. */
export async function countWaitingGuidelineDrafts(caller: Caller, projectId: string): Promise<number> {
  await requireProjectRole(caller, projectId, "reviewer");
  return db().guidelineDraft.count({ where: { projectId, publishedVersion: null, rejectedAt: null } });
}

const OPEN = { publishedVersion: null, rejectedAt: null } as const;

/**
 * Why a draft that a compare-and-set did not match cannot change: missing, published or turned down. Called when
 * the draft was not open, so one of these holds.
 */
async function notOpen(client: Tx, projectId: string, draftId: string): Promise<AppError> {
  const draft = await client.guidelineDraft.findFirst({ where: { id: draftId, projectId }, select: { publishedVersion: true, rejectedAt: true } });
  if (!draft) return new AppError("not_found", "No such guideline draft.");
  if (draft.publishedVersion !== null) return new AppError("conflict", `This draft was already published as version ${draft.publishedVersion}.`);
  return new AppError("conflict", "This draft was turned down; it can no longer be changed or published.");
}

/** Changes a waiting draft, if it still is waiting (compare-and-set), with an audit event; returns the draft as it is now. */
async function changeWaitingDraft(
  caller: Caller,
  projectId: string,
  draftId: string,
  data: Prisma.GuidelineDraftUpdateManyMutationInput,
  audit: { action: string; data: Record<string, unknown> },
): Promise<GuidelineDraftView> {
  const { count } = await db().guidelineDraft.updateMany({ where: { id: draftId, projectId, ...OPEN }, data });
  if (!count) throw await notOpen(db(), projectId, draftId);
  await recordAudit(db(), { actorId: caller.user.id, projectId, action: audit.action, targetType: "guidelineDraft", targetId: draftId, data: audit.data });
  return draftView(await db().guidelineDraft.findUniqueOrThrow({ where: { id: draftId }, select: draftFields }));
}

/** A manager changes a waiting draft's text or note before publishing it; the author stays credited. */
export async function editGuidelineDraft(caller: Caller, projectId: string, draftId: string, input: unknown): Promise<GuidelineDraftView> {
  await requireProjectRole(caller, projectId, "manager");
  const patch = parseInput(guidelineDraftPatchSchema, input);
  return changeWaitingDraft(caller, projectId, draftId, { ...patch, editedAt: new Date() }, { action: "guidelines.draft.edit", data: { fields: Object.keys(patch) } });
}

/** A manager turns a waiting draft down with a note its author reads on the guidelines page. */
export async function rejectGuidelineDraft(caller: Caller, projectId: string, draftId: string, input: unknown): Promise<GuidelineDraftView> {
  await requireProjectRole(caller, projectId, "manager");
  const { note } = parseInput(rejectGuidelineDraftSchema, input);
  return changeWaitingDraft(caller, projectId, draftId, { rejectedAt: new Date(), rejectedById: caller.user.id, rejectionNote: note }, { action: "guidelines.draft.reject", data: { note } });
}

/**
 * Publishes a waiting draft as the next guideline version (managers), crediting its author, its change note naming
 * the example items. One transaction with the project's row locked (addGuidelineVersion's lock, taken first): two
 * publications take turns, so the same draft is published once and two drafts get consecutive versions.
 */
export async function publishGuidelineDraft(caller: Caller, projectId: string, draftId: string): Promise<GuidelineDraftView> {
  await requireProjectRole(caller, projectId, "manager");
  const draft = await db().guidelineDraft.findFirst({ where: { id: draftId, projectId }, select: draftFields });
  if (!draft) throw new AppError("not_found", "No such guideline draft.");
  const { examples } = await draftView(draft);
  await db().$transaction(async (tx) => {
    await lockProjectRow(tx, projectId);
    // Read again under the lock: the text a manager edited meanwhile is the one published.
    const open = await tx.guidelineDraft.findFirst({ where: { id: draftId, projectId, ...OPEN }, select: { body: true, changeNote: true } });
    if (!open) throw await notOpen(tx, projectId, draftId);
    const current = await tx.guidelineVersion.findFirst({ where: { projectId }, orderBy: { version: "desc" }, select: { body: true } });
    if (current?.body === open.body) throw new AppError("conflict", "This draft is the same text as the current guidelines; edit it before publishing.");
    const named = examples.length ? ` (examples: ${examples.map((example) => example.originalName).join(", ")})` : "";
    const version = await addGuidelineVersion(tx, projectId, { body: open.body, changeNote: `${open.changeNote}${named}`, createdById: caller.user.id, draftId });
    await tx.guidelineDraft.update({ where: { id: draftId }, data: { publishedVersion: version, publishedAt: new Date() } });
    await recordAudit(tx, { actorId: caller.user.id, projectId, action: "guidelines.publish", targetType: "guidelineDraft", targetId: draftId, data: { version } });
  });
  return draftView(await db().guidelineDraft.findUniqueOrThrow({ where: { id: draftId }, select: draftFields }));
}

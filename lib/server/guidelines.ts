import { recordAudit } from "./audit";
import { requireProjectRole, type Caller } from "./auth/caller";
import { db } from "./db/client";
import { AppError } from "./errors";
import { updateProject } from "./projects";
import { newGuidelineDraftSchema } from "@/lib/validation/guidelines";
import { parseInput } from "@/lib/validation/parse";

export interface GuidelineVersionSummary {
  version: number;
  changeNote: string;
  createdAt: Date;
  /** Name of whoever wrote the version; null once that account is deleted. */
  author: string | null;
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

const summaryFields = { version: true, changeNote: true, createdAt: true, createdBy: { select: { name: true } } } as const;

function summary({ createdBy, ...row }: { version: number; changeNote: string; createdAt: Date; createdBy: { name: string } | null }): GuidelineVersionSummary {
  return { ...row, author: createdBy?.name ?? null };
}

/** Every version of a project's guidelines, newest first; any member may read them. */
export async function listGuidelineVersions(caller: Caller, projectId: string): Promise<GuidelineVersionSummary[]> {
  await requireProjectRole(caller, projectId, "labeler");
  const rows = await db().guidelineVersion.findMany({ where: { projectId }, orderBy: { version: "desc" }, select: summaryFields });
  return rows.map(summary);
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
  return { ...summary(rest), body };
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
    changes: changes.map(summary),
    previousBody: acknowledged?.body ?? "",
  };
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

export interface GuidelineDraftView {
  id: string;
  body: string;
  changeNote: string;
  examples: { itemId: string; originalName: string }[];
  decisionId: string | null;
  author: string | null;
  createdAt: Date;
  publishedVersion: number | null;
}

const draftFields = { id: true, body: true, changeNote: true, exampleItemIds: true, decisionId: true, createdAt: true, publishedVersion: true, author: { select: { name: true } } } as const;

async function draftView(row: { id: string; body: string; changeNote: string; exampleItemIds: unknown; decisionId: string | null; createdAt: Date; publishedVersion: number | null; author: { name: string } | null }): Promise<GuidelineDraftView> {
  const ids = (Array.isArray(row.exampleItemIds) ? row.exampleItemIds : []) as string[];
  const items = await db().item.findMany({ where: { id: { in: ids } }, select: { id: true, originalName: true } });
  const { exampleItemIds: _ids, author, ...rest } = row;
  return { ...rest, author: author?.name ?? null, examples: ids.flatMap((id) => items.filter((item) => item.id === id).map((item) => ({ itemId: item.id, originalName: item.originalName }))) };
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

/** Publishes a draft as the next guideline version (managers), its change note naming the example items. */
export async function publishGuidelineDraft(caller: Caller, projectId: string, draftId: string): Promise<GuidelineDraftView> {
  await requireProjectRole(caller, projectId, "manager");
  const draft = await db().guidelineDraft.findFirst({ where: { id: draftId, projectId }, select: draftFields });
  if (!draft) throw new AppError("not_found", "No such guideline draft.");
  if (draft.publishedVersion !== null) throw new AppError("conflict", `This draft was already published as version ${draft.publishedVersion}.`);
  const current = await db().guidelineVersion.findFirst({ where: { projectId }, orderBy: { version: "desc" }, select: { body: true } });
  if (current?.body === draft.body) throw new AppError("conflict", "This draft is the same text as the current guidelines; edit it before publishing.");
  const view = await draftView(draft);
  const examples = view.examples.length ? ` (examples: ${view.examples.map((example) => example.originalName).join(", ")})` : "";
  const project = await updateProject(caller, projectId, { guidelines: draft.body, guidelinesChangeNote: `${draft.changeNote}${examples}` });
  const version = project.guidelines?.version ?? null;
  const published = await db().guidelineDraft.update({ where: { id: draftId }, data: { publishedVersion: version, publishedAt: new Date() }, select: draftFields });
  return draftView(published);
}

// Drafts, submissions, revisions and skips of a labeler's assignment, with provenance.
import { recordAudit } from "./audit";
import { leaseMilliseconds } from "./assignments";
import { requireProjectRole, roleSatisfies, type Caller } from "./auth/caller";
import { db, type Db, type Tx } from "./db/client";
import { AppError, isUniqueViolation } from "./errors";
import { visibleItemRow } from "./items";
import { eligibleLabelers, isDecided, judgeItem, lockItem, noteJudgment, type JudgmentTrigger } from "./judging";
import { prefillOutcome } from "./models/model-settings";
import { moveInQueue } from "./queue";
import { storedLabelConfig } from "./stored-config";
import { refreshItemStatistics } from "./statistics";
import { mediaBoundsOf, parseResult, type ResultCheck, type ResultEntry } from "@/lib/validation/annotation";
import { draftSchema, skipSchema, submitSchema } from "@/lib/validation/assignments";
import { parseInput } from "@/lib/validation/parse";
import { projectSkipReasons, resolveSkipChoice } from "@/lib/labeling/skip-reasons";
import { CONCORD_VERSION } from "@/lib/version";

/** The caller's own assignment; anyone else's is "not found", so ids reveal nothing. */
async function ownAssignment(caller: Caller, assignmentId: string) {
  const assignment = await db().assignment.findUnique({
    where: { id: assignmentId },
    select: {
      id: true,
      userId: true,
      projectId: true,
      itemId: true,
      status: true,
      leasedAt: true,
      expiresAt: true,
      isRevision: true,
      prefill: true,
      prefillPredictionId: true,
      item: { select: { width: true, height: true, durationMs: true } },
      project: { select: { labelConfig: true, skipReasons: true } },
    },
  });
  if (!assignment || assignment.userId !== caller.user.id) throw new AppError("not_found", "No such assignment.");
  // A lease outlives nothing: someone removed from the project can no longer save or submit under it.
  await requireProjectRole(caller, assignment.projectId, "labeler");
  return assignment;
}

type OwnAssignment = Awaited<ReturnType<typeof ownAssignment>>;

function assertLeaseOpen(assignment: Pick<OwnAssignment, "status" | "expiresAt">, now: Date): void {
  if (assignment.status === "skipped") throw new AppError("conflict", "You skipped this item; it is no longer yours to label.");
  if (assignment.status !== "active" || assignment.expiresAt <= now) {
    throw new AppError(
      "conflict",
      `Your lease on this item expired at ${assignment.expiresAt.toISOString()} and the item may have gone to someone else. Your work is still in your browser: copy it, then ask for the next task.`,
      { expiredAt: assignment.expiresAt.toISOString() },
    );
  }
}

/**
 * Ends an open lease (submitted or skipped). Conditional on its still being open: a lease reclaimed after expiring
 * (or closed by a racing request) has given its slot back already, so nothing is written twice.
 */
async function closeLease(tx: Tx, assignmentId: string, data: { status: "submitted" | "skipped"; completedAt: Date; skipReason?: string; skipNote?: string | null }, now: Date): Promise<void> {
  const closed = await tx.assignment.updateMany({ where: { id: assignmentId, status: "active" }, data });
  if (closed.count) return;
  assertLeaseOpen(await tx.assignment.findUniqueOrThrow({ where: { id: assignmentId }, select: { status: true, expiresAt: true } }), now);
  throw new AppError("conflict", "This task changed while it was being sent; reload it. Nothing was written.");
}

/**
 * A save or submit from a tab whose answer is based on an older draft version than the stored one:
 * another tab (or window) saved or submitted this task since. The newer version is named so the tab
 * can load it.
 */
function staleTab(storedVersion: number, sentVersion: number): AppError {
  return new AppError(
    "conflict",
    `This task changed in another tab (draft version ${storedVersion}; this answer is based on ${sentVersion}). Nothing was overwritten: load the newer version, or copy this answer first.`,
    { draftVersion: storedVersion },
  );
}

/** Compare-and-increment of the assignment's draft version, so that of two tabs only the up-to-date one writes. */
async function claimDraftVersion(tx: Pick<Db, "assignment">, assignmentId: string, sentVersion: number): Promise<void> {
  const claimed = await tx.assignment.updateMany({ where: { id: assignmentId, draftVersion: sentVersion }, data: { draftVersion: { increment: 1 } } });
  if (claimed.count === 0) throw staleTab((await tx.assignment.findUniqueOrThrow({ where: { id: assignmentId }, select: { draftVersion: true } })).draftVersion, sentVersion);
}

function validResult(assignment: OwnAssignment, result: unknown, check: ResultCheck) {
  return parseResult(storedLabelConfig(assignment.project.labelConfig).tasks, mediaBoundsOf(assignment.item), result, check);
}

/**
 * Autosave: one draft per labeler and item, replaced each time. Drafts need an open lease. Each save
 * increments the assignment's draft version; a save that names the version it is based on is refused
 * (409, nothing written) when another tab saved since.
 */
export async function saveDraft(caller: Caller, assignmentId: string, input: unknown): Promise<{ savedAt: Date; draftVersion: number }> {
  const { result, activeMs, draftVersion } = parseInput(draftSchema, input);
  const assignment = await ownAssignment(caller, assignmentId);
  const now = new Date();
  // A draft may be incomplete or hold a shape being fixed: it is checked only against the project and the item.
  const entries = validResult(assignment, result, "draft");
  const where = { itemId: assignment.itemId, labelerId: caller.user.id, isDraft: true };
  return db().$transaction(async (tx) => {
    // One UPDATE that compares and increments (both databases): the lease is still open, so a draft
    // cannot land after a racing submit or skip, and no other tab saved since the version sent. A
    // draft is also activity, so it renews the lease.
    const [renewed] = await tx.assignment.updateManyAndReturn({
      where: { id: assignmentId, status: "active", expiresAt: { gt: now }, ...(draftVersion === undefined ? {} : { draftVersion }) },
      data: { expiresAt: new Date(now.getTime() + leaseMilliseconds()), draftVersion: { increment: 1 } },
      select: { draftVersion: true },
    });
    if (!renewed) {
      const current = await tx.assignment.findUniqueOrThrow({ where: { id: assignmentId }, select: { status: true, expiresAt: true, draftVersion: true } });
      // Another tab's submit both bumps the version and closes the lease: "another tab" says why.
      if (draftVersion !== undefined && current.draftVersion !== draftVersion) throw staleTab(current.draftVersion, draftVersion);
      assertLeaseOpen(current, now);
      // Both held when read back: the row changed between the two statements. Nothing was written.
      throw new AppError("conflict", "This task changed while the draft was being saved; nothing was written. Save again.");
    }
    await tx.annotation.deleteMany({ where });
    await tx.annotation.create({
      data: { ...where, projectId: assignment.projectId, assignmentId, revision: 0, result: entries, startedAt: assignment.leasedAt, activeMs: activeMs ?? 0, createdAt: now },
    });
    return { savedAt: now, draftVersion: renewed.draftVersion };
  });
}

export interface Submission {
  annotationId: string;
  revision: number;
  submittedAt: Date;
}

/**
 * Submits the labeler's result, or a revision of it. A first submission needs an open lease; a
 * revision names the revision it revises, and a stale one is refused (409) without overwriting.
 * Every revision is a new row: history is kept.
 */
export async function submitAnnotation(caller: Caller, assignmentId: string, input: unknown, userAgent: string | null): Promise<Submission> {
  const { result, activeMs, revision, draftVersion, client, guidelinesUnclear, note } = parseInput(submitSchema, input);
  const assignment = await ownAssignment(caller, assignmentId);
  const now = new Date();
  const entries = validResult(assignment, result, "submission");
  // Active time cannot exceed the time since the lease was taken. The workspace sends the activeMs
  // carried over in its draft plus what it measured since; that draft was worked on under this lease
  // too, so the bound holds for the sum (a draft left from an earlier, expired lease of the same item
  // is cut to this lease's time: the bound errs towards less, never more).
  const leaseElapsedMs = Math.max(0, now.getTime() - assignment.leasedAt.getTime());
  try {
    const { judged, ...submission } = await appendRevision(caller, assignment, { entries, activeMs: Math.min(activeMs, leaseElapsedMs), revision, draftVersion, client, userAgent, now, guidelinesUnclear, note });
    if (judged) noteJudgment(assignment.projectId);
    return submission;
  } catch (error) {
    // Two submissions of the same revision at once: the database's unique key lets one through.
    if (isUniqueViolation(error)) throw new AppError("conflict", "Another submission of this item arrived at the same moment; reload to see it. Nothing was overwritten.");
    throw error;
  }
}

async function appendRevision(
  caller: Caller,
  assignment: OwnAssignment,
  {
    entries,
    activeMs,
    revision,
    draftVersion,
    client,
    userAgent,
    now,
    guidelinesUnclear = false,
    note,
  }: { entries: unknown[]; activeMs: number; revision?: number; draftVersion?: number; client?: object; userAgent: string | null; now: Date; guidelinesUnclear?: boolean; note?: string },
): Promise<Submission & { judged: boolean }> {
  const assignmentId = assignment.id;
  return db().$transaction(async (tx) => {
    const { reviewState } = await lockItem(tx, assignment.itemId, { reviewState: true });
    // Before any write, so a stale tab's submit writes nothing and a racing draft save of the other tab waits or loses.
    if (draftVersion !== undefined) await claimDraftVersion(tx, assignmentId, draftVersion);
    const latest = await tx.annotation.findFirst({
      where: { itemId: assignment.itemId, labelerId: caller.user.id, isDraft: false },
      orderBy: { revision: "desc" },
      select: { revision: true },
    });
    // A decided item's labels are history: revising them after seeing the decision (or the gold label in one's
    // feedback) would rewrite it. A reviewer can send it back for relabeling.
    if (latest && isDecided(reviewState)) {
      throw new AppError("conflict", "A reviewer has decided this item, so its answers can no longer be revised; a reviewer can send it back for relabeling.");
    }
    // A revision lease revises the labeler's latest answer, whichever revision the client names.
    if (assignment.isRevision) {
      assertLeaseOpen(assignment, now);
      revision ??= latest?.revision;
    }
    if (!latest) {
      if (revision !== undefined) throw new AppError("conflict", `There is no submitted annotation to revise yet (you sent revision ${revision}).`);
      assertLeaseOpen(assignment, now);
    } else if (revision !== latest.revision) {
      throw new AppError(
        "conflict",
        revision === undefined
          ? `This item is already submitted (revision ${latest.revision}); send "revision": ${latest.revision} to revise it.`
          : `Revision ${revision} is out of date: revision ${latest.revision} was submitted since. Reload to see it; nothing was overwritten.`,
        { latestRevision: latest.revision },
      );
    }
    const guideline = await tx.guidelineVersion.findFirst({ where: { projectId: assignment.projectId }, orderBy: { version: "desc" }, select: { id: true } });
    const nextRevision = (latest?.revision ?? 0) + 1;
    // Only a first answer says how far pre-annotation pulled it: a revision answers a reviewer, not the model.
    const prefill = latest ? {} : await prefillOutcome(tx, storedLabelConfig(assignment.project.labelConfig).tasks, assignment, entries as ResultEntry[]);
    const annotation = await tx.annotation.create({
      data: {
        projectId: assignment.projectId,
        itemId: assignment.itemId,
        labelerId: caller.user.id,
        assignmentId,
        guidelineVersionId: guideline?.id ?? null,
        revision: nextRevision,
        result: entries as object[],
        startedAt: assignment.leasedAt,
        submittedAt: now,
        activeMs,
        guidelinesUnclear,
        note: note || null,
        // The client's own fields first: the user agent and app version are always the server's record.
        clientInfo: { ...client, userAgent: userAgent?.slice(0, 500) ?? null, appVersion: CONCORD_VERSION },
        ...prefill,
      },
      select: { id: true },
    });
    await tx.annotation.deleteMany({ where: { itemId: assignment.itemId, labelerId: caller.user.id, isDraft: true } });
    if (!latest || assignment.isRevision) await closeLease(tx, assignmentId, { status: "submitted", completedAt: now }, now);
    // A first answer turns the lease's slot into a submitted one.
    if (!latest) await moveInQueue(tx, assignment.itemId, { submitted: 1, leases: -1 });
    const requested = assignment.isRevision && (await tx.revisionRequest.updateMany({ where: { assignmentId, status: "open" }, data: { status: "done", closedAt: now } })).count > 0;
    await recordAudit(tx, {
      actorId: caller.user.id,
      projectId: assignment.projectId,
      action: latest ? "annotation.revise" : "annotation.submit",
      targetType: "annotation",
      targetId: annotation.id,
      data: { itemId: assignment.itemId, revision: nextRevision },
    });
    // Judged in this transaction: a stored answer is never left unjudged, and concurrent submissions of one item
    // are judged one after the other (judgeItem locks the item).
    const trigger: JudgmentTrigger = requested ? "relabel" : latest ? "revision" : "submission";
    const judged = (await judgeItem(tx, assignment.itemId, trigger)) !== null;
    // A judgment counts the item's statistics; otherwise it is done here.
    if (!judged) await refreshItemStatistics(tx, assignment.itemId);
    return { annotationId: annotation.id, revision: nextRevision, submittedAt: now, judged };
  });
}

/** Gives the item back with a reason; the labeler is never offered it again. */
export async function skipAssignment(caller: Caller, assignmentId: string, input: unknown): Promise<void> {
  const assignment = await ownAssignment(caller, assignmentId);
  const choice = resolveSkipChoice(projectSkipReasons(assignment.project.skipReasons), parseInput(skipSchema, input));
  if ("error" in choice) throw new AppError("bad_request", `reason: ${choice.error}`, { path: ["reason"] });
  const now = new Date();
  assertLeaseOpen(assignment, now);
  const judged = await db().$transaction(async (tx) => {
    const item = await lockItem(tx, assignment.itemId, { waitingSince: true });
    await closeLease(tx, assignmentId, { status: "skipped", skipReason: choice.reason, skipNote: choice.note, completedAt: now }, now);
    if (!assignment.isRevision) await moveInQueue(tx, assignment.itemId, { leases: -1 });
    await tx.annotation.deleteMany({ where: { itemId: assignment.itemId, labelerId: caller.user.id, isDraft: true } });
    await recordAudit(tx, { actorId: caller.user.id, projectId: assignment.projectId, action: "assignment.skip", targetType: "assignment", targetId: assignmentId, data: { itemId: assignment.itemId, ...choice } });
    const judged = await afterSkip(tx, assignment, item.waitingSince);
    if (!judged) await refreshItemStatistics(tx, assignment.itemId);
    return judged;
  });
  if (judged) noteJudgment(assignment.projectId);
}

/**
 * A skip may end an item's wait: a declined revision request leaves the labeler's answer as it was (the item is
 * judged once no other revision is outstanding), and a waiting item that nobody eligible can take any more goes to
 * review. Returns whether the item was judged.
 */
async function afterSkip(tx: Tx, assignment: OwnAssignment, waitingSince: Date | null): Promise<boolean> {
  if (assignment.isRevision) {
    const declined = await tx.revisionRequest.updateMany({ where: { assignmentId: assignment.id, status: "open" }, data: { status: "declined", closedAt: new Date() } });
    return declined.count > 0 && (await judgeItem(tx, assignment.itemId, "relabel")) !== null;
  }
  if (!waitingSince || (await tx.revisionRequest.count({ where: { itemId: assignment.itemId, status: "open" } }))) return false;
  if (await eligibleLabelers(tx, assignment.projectId, assignment.itemId)) return false;
  const reason = { code: "no-labeler-left" as const, detail: "it waited for more labels, but every labeler of the project has labeled or skipped it" };
  return (await judgeItem(tx, assignment.itemId, "skip", { endWait: reason })) !== null;
}

/** Gives an open lease back (a prefetched task the labeler will not reach): its slot returns to the queue. */
export async function releaseAssignment(caller: Caller, assignmentId: string): Promise<void> {
  const assignment = await ownAssignment(caller, assignmentId);
  if (assignment.status !== "active") return;
  await db().$transaction(async (tx) => {
    const released = await tx.assignment.updateMany({ where: { id: assignmentId, status: "active" }, data: { status: "released" } });
    if (released.count && !assignment.isRevision) await moveInQueue(tx, assignment.itemId, { leases: -1 });
  });
}

export interface SubmittedAnnotation {
  id: string;
  labeler: { id: string; name: string; email: string };
  revision: number;
  result: unknown;
  startedAt: Date;
  submittedAt: Date | null;
  activeMs: number;
  guidelineVersion: number | null;
  client: unknown;
}

/**
 * Each labeler's latest submitted annotation of an item, with provenance. Reviewers and managers see
 * everyone's; a labeler sees only their own, so nobody is swayed by the others' answers.
 */
export async function itemAnnotations(caller: Caller, itemId: string): Promise<SubmittedAnnotation[]> {
  const item = await visibleItemRow(caller, itemId);
  const role = await requireProjectRole(caller, item.projectId, "labeler");
  const rows = await db().annotation.findMany({
    where: { itemId, isDraft: false, ...(roleSatisfies(role, "reviewer") ? {} : { labelerId: caller.user.id }) },
    orderBy: [{ labelerId: "asc" }, { revision: "desc" }],
    select: {
      id: true,
      revision: true,
      result: true,
      startedAt: true,
      submittedAt: true,
      activeMs: true,
      clientInfo: true,
      labeler: { select: { id: true, name: true, email: true } },
      guidelineVersion: { select: { version: true } },
    },
  });
  const latest = rows.filter((row, index) => rows[index - 1]?.labeler.id !== row.labeler.id);
  return latest.map(({ clientInfo, guidelineVersion, ...row }) => ({ ...row, guidelineVersion: guidelineVersion?.version ?? null, client: clientInfo }));
}

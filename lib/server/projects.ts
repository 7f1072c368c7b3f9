import { recordAudit } from "./audit";
import { requireProjectRole, type Caller } from "./auth/caller";
import { db, type Tx } from "./db/client";
import { AppError } from "./errors";
import { invite, inviteIn } from "./invitations";
import { addGuidelineVersion } from "./guidelines";
import { applyMaxOverlap, endOverdueWaits, forgetTasksOf } from "./judging";
import { rerankProject } from "./queue";
import { itemCounts, recountInBackground } from "./statistics";
import { Prisma } from "@/lib/generated/prisma-sqlite/client";
import type { MediaKind, ProjectRole } from "@/lib/generated/prisma-sqlite/enums";
import { projectSkipReasons } from "@/lib/labeling/skip-reasons";
import { parseInput } from "@/lib/validation/parse";
import { statisticKey } from "@/lib/quality/item-statistics";
import { storedFacets } from "@/lib/quality/metadata-facets";
import { flagRulesSchema, type FlagRules } from "@/lib/review/rules";
import type { Standardization } from "@/lib/review/standardize";
import { splitEmailList } from "@/lib/validation/email-list";
import { MAX_MEMBERS_AT_ONCE, type NewMembers } from "@/lib/validation/members";
import { newProjectSchema, projectPatchSchema, type Task } from "@/lib/validation/project";
import { emailSchema } from "@/lib/validation/users";
import { storedLabelConfig, storedStandardization } from "./stored-config";

export interface ProjectSummary {
  id: string;
  name: string;
  description: string;
  mediaKind: MediaKind;
  /** The caller's role; global admins who are not members see "manager". */
  role: ProjectRole;
  itemCount: number;
  memberCount: number;
  createdAt: Date;
  /** Items the caller has submitted, and items with all their labelers. */
  progress: { mine: number; complete: number };
}

/** The projects the caller belongs to; administrators see every project. */
export async function listProjectsFor(caller: Caller): Promise<ProjectSummary[]> {
  const projects = await db().project.findMany({
    where: {
      archivedAt: null,
      ...(caller.user.isAdmin ? {} : { memberships: { some: { userId: caller.user.id } } }),
    },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      name: true,
      description: true,
      mediaKind: true,
      createdAt: true,
      overlap: true,
      memberships: { where: { userId: caller.user.id }, select: { role: true } },
      _count: { select: { memberships: true } },
    },
  });
  // The caller's submissions from each project's statistics, as projectProgress reads them.
  const mine = await db().projectStatistic.findMany({
    where: { projectId: { in: projects.map((project) => project.id) }, figure: "submitted", key: statisticKey("submitted", caller.user.id) },
    select: { projectId: true, value: true },
  });
  const counts = await Promise.all(projects.map((project) => itemCounts(project.id, project.overlap)));
  return projects.map(({ memberships, _count, overlap: _overlap, ...project }, index) => ({
    ...project,
    role: memberships[0]?.role ?? "manager",
    itemCount: counts[index]!.items,
    memberCount: _count.memberships,
    progress: { mine: mine.find((row) => row.projectId === project.id)?.value ?? 0, complete: counts[index]!.complete },
  }));
}

export interface Progress {
  /** Items this caller has submitted. */
  mine: number;
  /** Items this caller has skipped. */
  mineSkipped: number;
  /** Items this caller has submitted since the start of their day (null when not asked). */
  today: number | null;
  /** Items that have all their labelers (`overlap` submissions). */
  complete: number;
  items: number;
}

/** The caller's and the project's labeling progress; `since`, the start of the caller's day, adds what they submitted today. */
export async function projectProgress(caller: Caller, projectId: string, since?: Date): Promise<Progress> {
  await requireProjectRole(caller, projectId, "labeler");
  const { overlap } = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { overlap: true } });
  const [mine, { items, complete }, today] = await Promise.all([
    labelerCounts(projectId, caller.user.id),
    itemCounts(projectId, overlap),
    // A range of the [projectId, userId, status, completedAt] index: today's submissions, not the labeler's history.
    since ? db().assignment.count({ where: { projectId, userId: caller.user.id, status: "submitted", completedAt: { gte: since } } }) : null,
  ]);
  return { ...mine, today, complete, items };
}

/**
 * The labeler's submitted and skipped items, from the project's statistics (lib/server/statistics.ts): first-time
 * leases that ended so, as counting them would find, without reading a long history.
 */
async function labelerCounts(projectId: string, userId: string): Promise<{ mine: number; mineSkipped: number }> {
  const keys = { submitted: statisticKey("submitted", userId), skipped: statisticKey("skipped", userId) };
  const rows = await db().projectStatistic.findMany({ where: { projectId, figure: { in: ["submitted", "skipped"] }, key: { in: Object.values(keys) } }, select: { key: true, value: true } });
  const count = (key: string) => rows.find((row) => row.key === key)?.value ?? 0;
  return { mine: count(keys.submitted), mineSkipped: count(keys.skipped) };
}

export interface ProjectDetail {
  id: string;
  name: string;
  description: string;
  mediaKind: MediaKind;
  overlap: number;
  maxOverlap: number;
  escalationTimeoutHours: number;
  tasks: Task[];
  reviewRules: FlagRules;
  standardization: Standardization;
  skipReasons: readonly string[];
  guidelines: { version: number; body: string; createdAt: Date } | null;
  /** The item metadata keys figures can be broken down by (the project's facets: keys with a few values). */
  metadataKeys: string[];
  role: ProjectRole;
  itemCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export async function getProject(caller: Caller, projectId: string): Promise<ProjectDetail> {
  const project = await projectForPage(caller, projectId);
  return { ...project, itemCount: (await itemCounts(projectId, project.overlap)).items };
}

/** A project as its pages need it: getProject without its item count (the pages that show it read progress). */
export async function projectForPage(caller: Caller, projectId: string): Promise<Omit<ProjectDetail, "itemCount">> {
  const role = await requireProjectRole(caller, projectId, "labeler");
  const project = await db().project.findUniqueOrThrow({
    where: { id: projectId },
    include: { guidelineVersions: { orderBy: { version: "desc" }, take: 1, select: { version: true, body: true, createdAt: true } } },
  });
  return {
    id: project.id,
    name: project.name,
    description: project.description,
    mediaKind: project.mediaKind,
    overlap: project.overlap,
    maxOverlap: project.maxOverlap,
    escalationTimeoutHours: project.escalationTimeoutHours,
    tasks: storedLabelConfig(project.labelConfig).tasks,
    reviewRules: flagRulesSchema.parse(project.reviewRules ?? {}),
    standardization: storedStandardization(project.standardization),
    skipReasons: projectSkipReasons(project.skipReasons),
    guidelines: project.guidelineVersions[0] ?? null,
    metadataKeys: Object.entries(storedFacets(project.metadataFacets)).flatMap(([key, values]) => (values ? [key] : [])).sort(),
    role,
    createdAt: project.createdAt,
    updatedAt: project.updatedAt,
  };
}

/** Administrators and managers of any project may start a project. */
export async function mayCreateProjects(caller: Caller): Promise<boolean> {
  return caller.user.isAdmin || (await db().membership.count({ where: { userId: caller.user.id, role: "manager" } })) > 0;
}

/** Creates a project; its creator becomes its manager. */
export async function createProject(caller: Caller, input: unknown): Promise<ProjectDetail> {
  const config = parseInput(newProjectSchema, input);
  if (!(await mayCreateProjects(caller))) throw new AppError("forbidden", "Only administrators and project managers can create projects.");
  const project = await db().$transaction(async (tx) => {
    const created = await tx.project.create({
      data: {
        name: config.name,
        description: config.description,
        mediaKind: config.mediaKind,
        // Known from the start: imports add to them (a null would be found from the items at the next start).
        metadataFacets: {},
        overlap: config.overlap,
        maxOverlap: config.maxOverlap,
        escalationTimeoutHours: config.escalationTimeoutHours,
        labelConfig: { tasks: config.tasks },
        reviewRules: config.reviewRules,
        standardization: config.standardization,
        createdById: caller.user.id,
        memberships: { create: { userId: caller.user.id, role: "manager" } },
        guidelineVersions: { create: { version: 1, body: config.guidelines, changeNote: "First version", createdById: caller.user.id } },
      },
      select: { id: true },
    });
    await recordAudit(tx, { actorId: caller.user.id, projectId: created.id, action: "project.create", targetType: "project", targetId: created.id, data: { name: config.name } });
    return created;
  });
  return getProject(caller, project.id);
}

/**
 * Once a project has annotations, its tasks may grow (new tasks, new classes) but not lose or retype
 * what existing annotations refer to.
 */
function removedFromTasks(before: Task[], after: Task[]): string | null {
  for (const task of before) {
    const next = after.find((candidate) => candidate.key === task.key);
    if (!next) return `task "${task.key}"`;
    if (next.type !== task.type) return `the type of task "${task.key}"`;
    if (task.type === "transcript" || next.type === "transcript") continue;
    const kept = new Set(next.classes.map((labelClass) => labelClass.name));
    const lost = task.classes.find((labelClass) => !kept.has(labelClass.name));
    if (lost) return `class "${lost.name}" of task "${task.key}"`;
  }
  return null;
}

export async function updateProject(caller: Caller, projectId: string, input: unknown): Promise<ProjectDetail> {
  await requireProjectRole(caller, projectId, "manager");
  const patch = parseInput(projectPatchSchema, input);
  const current = await getProject(caller, projectId);
  // The merged project must be valid as a whole (e.g. tasks fit the media kind, maxOverlap ≥ overlap).
  const merged = parseInput(newProjectSchema, {
    name: patch.name ?? current.name,
    description: patch.description ?? current.description,
    mediaKind: current.mediaKind,
    overlap: patch.overlap ?? current.overlap,
    maxOverlap: patch.maxOverlap ?? (patch.overlap !== undefined ? Math.max(current.maxOverlap, patch.overlap) : current.maxOverlap),
    escalationTimeoutHours: patch.escalationTimeoutHours ?? current.escalationTimeoutHours,
    tasks: patch.tasks ?? current.tasks,
    guidelines: patch.guidelines ?? current.guidelines?.body ?? "",
    reviewRules: patch.reviewRules ?? current.reviewRules,
    standardization: patch.standardization ?? current.standardization,
  });
  if (patch.tasks && (await db().annotation.count({ where: { projectId } }))) {
    const removed = removedFromTasks(current.tasks, merged.tasks);
    if (removed) throw new AppError("conflict", `Annotations exist, so ${removed} cannot be removed or changed; add new tasks or classes instead.`);
  }
  const guidelinesChanged = patch.guidelines !== undefined && patch.guidelines !== (current.guidelines?.body ?? "");
  await db().$transaction(async (tx) => {
    await tx.project.update({
      where: { id: projectId },
      data: {
        name: merged.name,
        description: merged.description,
        overlap: merged.overlap,
        maxOverlap: merged.maxOverlap,
        escalationTimeoutHours: merged.escalationTimeoutHours,
        labelConfig: { tasks: merged.tasks },
        reviewRules: merged.reviewRules,
        standardization: merged.standardization,
        // null: the defaults, which change with Concord's; a list is the manager's own.
        ...(patch.skipReasons !== undefined ? { skipReasons: patch.skipReasons ?? Prisma.DbNull } : {}),
      },
    });
    if (guidelinesChanged) {
      const version = { body: merged.guidelines, changeNote: patch.guidelinesChangeNote ?? "", createdById: caller.user.id };
      await addGuidelineVersion(tx, projectId, version, patch.guidelinesBaseVersion);
    }
    await recordAudit(tx, { actorId: caller.user.id, projectId, action: "project.update", targetType: "project", targetId: projectId, data: { fields: Object.keys(patch) } });
  });
  if (patch.tasks) forgetTasksOf(projectId);
  // Items waiting for more labelers are judged again at once under the new limits.
  if (merged.maxOverlap < current.maxOverlap) await applyMaxOverlap(projectId);
  if (merged.overlap !== current.overlap) rerankProject(projectId);
  if (merged.escalationTimeoutHours < current.escalationTimeoutHours) await endOverdueWaits(projectId);
  // New classes or rules change what the items' answers add to the statistics.
  if (patch.tasks || patch.standardization) recountInBackground(projectId);
  return getProject(caller, projectId);
}

/**
 * Gives a user a role in a project, or changes it. Their sessions stand: every request checks the caller's role in
 * the project it concerns (requireProjectRole), so a withdrawn right is gone at the next request, and nothing
 * outside this project changes.
 */
export async function setMemberRole(actorId: string | null, projectId: string, userId: string, role: ProjectRole): Promise<void> {
  await db().$transaction((tx) => setMemberRoleIn(tx, actorId, projectId, userId, role));
}

/** setMemberRole in the caller's transaction. */
async function setMemberRoleIn(tx: Tx, actorId: string | null, projectId: string, userId: string, role: ProjectRole): Promise<void> {
  const previous = await tx.membership.findUnique({ where: { projectId_userId: { projectId, userId } }, select: { role: true } });
  if (previous?.role === role) return;
  if (previous?.role === "manager") await assertAnotherManager(tx, projectId, userId);
  await tx.membership.upsert({
    where: { projectId_userId: { projectId, userId } },
    create: { projectId, userId, role },
    update: { role },
  });
  // A new member (added by an administrator, or by an import) has no invitation left to answer here.
  if (!previous) await tx.invitation.deleteMany({ where: { projectId, email: (await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } })).email } });
  await recordAudit(tx, {
    actorId,
    projectId,
    action: "member.role.set",
    targetType: "user",
    targetId: userId,
    data: { role, previousRole: previous?.role ?? null },
  });
}

/** A project must keep at least one manager, or nobody could administer it. */
async function assertAnotherManager(tx: Tx, projectId: string, leavingUserId: string): Promise<void> {
  const others = await tx.membership.count({ where: { projectId, role: "manager", userId: { not: leavingUserId } } });
  if (!others) throw new AppError("conflict", "A project needs at least one manager: make someone else manager first.");
}

const ROLE_ORDER: ProjectRole[] = ["manager", "reviewer", "labeler"];

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: ProjectRole;
  since: Date;
}

export async function listMembers(caller: Caller, projectId: string): Promise<Member[]> {
  await requireProjectRole(caller, projectId, "labeler");
  const memberships = await db().membership.findMany({
    where: { projectId },
    orderBy: { createdAt: "asc" },
    select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
  });
  // Managers first, then reviewers, then labelers; sorted here because providers order enums differently.
  return memberships
    .map(({ role, createdAt, user }) => ({ userId: user.id, email: user.email, name: user.name, role, since: createdAt }))
    .sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || a.name.localeCompare(b.name));
}

export interface MemberAdded {
  /**
   * "invited" for an email that was not a member, with or without an account; "added" when an administrator adds an
   * account (a member at once); "updated" for a member's new role.
   */
  status: "invited" | "added" | "updated";
  email: string;
  role: ProjectRole;
}

/**
 * Adds someone by email with a role, or changes the role of a member. A manager's addition of an email that is not a
 * member is an invitation whether or not it has an account (the account's holder accepts it; an account created
 * later takes it up), so neither the answer nor the members and invitations listed afterwards tell who has one.
 * Administrators see every account anyway: an account they add is a member at once.
 */
export async function addMember(caller: Caller, projectId: string, input: { email: string; role: ProjectRole }): Promise<MemberAdded> {
  await requireProjectRole(caller, projectId, "manager");
  const { email, role } = input;
  const user = await db().user.findUnique({ where: { email }, select: { id: true, memberships: { where: { projectId }, select: { id: true } } } });
  // Managers see the project's members, so saying that a member's role changed tells them nothing new.
  const status = user?.memberships.length ? "updated" : user && caller.user.isAdmin ? "added" : "invited";
  if (user && status !== "invited") await setMemberRole(caller.user.id, projectId, user.id, role);
  else await invite(caller.user.id, projectId, email, role);
  return { status, email, role };
}

export interface MemberEntryResult {
  /** The entry as pasted (an address taken out of `Name <email>`). */
  entry: string;
  /**
   * added: an administrator added an account, a member at once; invited: not a member, now invited (account or not,
   * as with one addition); member: already a member, role unchanged; invalid: not an email.
   */
  status: "added" | "invited" | "member" | "invalid";
  email: string | null;
  /** For a member, the role they keep; for an invalid entry, what is wrong with it. */
  message?: string;
}

/**
 * Adds several emails with one role (managers), by addMember's rule, in one transaction: an email that is not a
 * member is invited (an administrator's addition of an account is a member at once). Members keep their role, and an
 * entry that is not an email is reported rather than refusing the rest. At most MAX_MEMBERS_AT_ONCE addresses.
 */
export async function addMembers(caller: Caller, projectId: string, input: NewMembers): Promise<MemberEntryResult[]> {
  await requireProjectRole(caller, projectId, "manager");
  const entries = splitEmailList(input.emails.join("\n"));
  if (!entries.length) throw new AppError("bad_request", "emails: Paste at least one email.");
  if (entries.length > MAX_MEMBERS_AT_ONCE) throw new AppError("bad_request", `emails: At most ${MAX_MEMBERS_AT_ONCE} emails at once; this list has ${entries.length}.`);
  const checked = entries.map((entry) => ({ entry, parsed: emailSchema.safeParse(entry) }));
  const emails = checked.flatMap(({ parsed }) => (parsed.success ? [parsed.data] : []));
  const users = await db().user.findMany({
    where: { email: { in: emails } },
    select: { id: true, email: true, memberships: { where: { projectId }, select: { role: true } } },
  });
  const byEmail = new Map(users.map((user) => [user.email, user]));
  return db().$transaction(async (tx) => {
    const results: MemberEntryResult[] = [];
    for (const { entry, parsed } of checked) {
      if (!parsed.success) {
        results.push({ entry, status: "invalid", email: null, message: parsed.error.issues[0]!.message });
        continue;
      }
      const email = parsed.data;
      const user = byEmail.get(email);
      const membership = user?.memberships[0];
      if (membership) {
        results.push({ entry, status: "member", email, message: `Already a ${membership.role}.` });
      } else if (user && caller.user.isAdmin) {
        await setMemberRoleIn(tx, caller.user.id, projectId, user.id, input.role);
        results.push({ entry, status: "added", email });
      } else {
        await inviteIn(tx, caller.user.id, projectId, email, input.role);
        results.push({ entry, status: "invited", email });
      }
    }
    return results;
  });
}

export interface PendingInvitation {
  id: string;
  email: string;
  role: ProjectRole;
  invitedAt: Date;
}

/** The project's invitations still waiting for an answer (managers). */
export async function listInvitations(caller: Caller, projectId: string): Promise<PendingInvitation[]> {
  await requireProjectRole(caller, projectId, "manager");
  const invitations = await db().invitation.findMany({ where: { projectId }, orderBy: { createdAt: "asc" }, select: { id: true, email: true, role: true, createdAt: true } });
  return invitations.map(({ createdAt, ...invitation }) => ({ ...invitation, invitedAt: createdAt }));
}

/** Withdraws an invitation: its email can no longer accept it, and an account created later gets no role here (managers). */
export async function withdrawInvitation(caller: Caller, projectId: string, invitationId: string): Promise<void> {
  await requireProjectRole(caller, projectId, "manager");
  await db().$transaction(async (tx) => {
    const { count } = await tx.invitation.deleteMany({ where: { id: invitationId, projectId } });
    if (!count) throw new AppError("not_found", "No such invitation.");
    await recordAudit(tx, { actorId: caller.user.id, projectId, action: "member.invitation.withdraw", targetType: "invitation", targetId: invitationId });
  });
}

export async function changeMemberRole(caller: Caller, projectId: string, userId: string, role: ProjectRole): Promise<Member> {
  await requireProjectRole(caller, projectId, "manager");
  const existing = await db().membership.count({ where: { projectId, userId } });
  if (!existing) throw new AppError("not_found", "That user is not a member of this project.");
  await setMemberRole(caller.user.id, projectId, userId, role);
  return (await listMembers(caller, projectId)).find((member) => member.userId === userId)!;
}

/** Removes a member, who loses access to this project at their next request. The last manager cannot be removed. */
export async function removeMember(caller: Caller, projectId: string, userId: string): Promise<void> {
  await requireProjectRole(caller, projectId, "manager");
  await db().$transaction(async (tx) => {
    const membership = await tx.membership.findUnique({ where: { projectId_userId: { projectId, userId } }, select: { role: true } });
    if (!membership) throw new AppError("not_found", "That user is not a member of this project.");
    if (membership.role === "manager") await assertAnotherManager(tx, projectId, userId);
    await tx.membership.delete({ where: { projectId_userId: { projectId, userId } } });
    await recordAudit(tx, { actorId: caller.user.id, projectId, action: "member.remove", targetType: "user", targetId: userId, data: { role: membership.role } });
  });
}

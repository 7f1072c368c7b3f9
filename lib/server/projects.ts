import { recordAudit } from "./audit";
import type { Caller } from "./auth/caller";
import { db } from "./db/client";
import type { MediaKind, ProjectRole } from "@/lib/generated/prisma-sqlite/enums";

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
      memberships: { where: { userId: caller.user.id }, select: { role: true } },
      _count: { select: { items: true, memberships: true } },
    },
  });
  return projects.map(({ memberships, _count, ...project }) => ({
    ...project,
    role: memberships[0]?.role ?? "manager",
    itemCount: _count.items,
    memberCount: _count.memberships,
  }));
}

/**
 * Gives a user a role in a project, or changes it. A change ends the user's sessions, so a withdrawn
 * right is gone at once rather than when the session would have expired; a first role needs no sign-out.
 */
export async function setMemberRole(actorId: string | null, projectId: string, userId: string, role: ProjectRole): Promise<void> {
  await db().$transaction(async (tx) => {
    const previous = await tx.membership.findUnique({ where: { projectId_userId: { projectId, userId } }, select: { role: true } });
    if (previous?.role === role) return;
    await tx.membership.upsert({
      where: { projectId_userId: { projectId, userId } },
      create: { projectId, userId, role },
      update: { role },
    });
    if (previous) await tx.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
    await recordAudit(tx, {
      actorId,
      projectId,
      action: "member.role.set",
      targetType: "user",
      targetId: userId,
      data: { role, previousRole: previous?.role ?? null },
    });
  });
}

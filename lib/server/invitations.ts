import { recordAudit } from "./audit";
import { db, type Tx } from "./db/client";
import type { ProjectRole } from "@/lib/generated/prisma-sqlite/enums";

/**
 * Invitations: a role in a project offered to an email that has no account yet. Adding a member answers the same
 * for such an email as for an account (lib/server/projects.ts), so managers cannot learn who has an account; the
 * invitation becomes a membership when an administrator creates the account.
 */

/** Offers a role to an email without an account; inviting it again changes the role offered. */
export async function invite(actorId: string, projectId: string, email: string, role: ProjectRole): Promise<void> {
  await db().$transaction(async (tx) => {
    const invitation = await tx.invitation.upsert({
      where: { projectId_email: { projectId, email } },
      create: { projectId, email, role, invitedById: actorId },
      update: { role, invitedById: actorId },
      select: { id: true },
    });
    await recordAudit(tx, { actorId, projectId, action: "member.invite", targetType: "invitation", targetId: invitation.id, data: { email, role } });
  });
}

/** A new account takes up the roles offered to its email, in the transaction that creates it. */
export async function joinInvitedProjects(tx: Tx, user: { id: string; email: string }, actorId: string | null): Promise<void> {
  const invitations = await tx.invitation.findMany({ where: { email: user.email }, select: { id: true, projectId: true, role: true, invitedById: true } });
  for (const { id, projectId, role, invitedById } of invitations) {
    await tx.membership.create({ data: { projectId, userId: user.id, role } });
    await recordAudit(tx, { actorId, projectId, action: "member.role.set", targetType: "user", targetId: user.id, data: { role, previousRole: null, invitationId: id, invitedById } });
  }
  if (invitations.length) await tx.invitation.deleteMany({ where: { email: user.email } });
}

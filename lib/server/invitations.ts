import { recordAudit } from "./audit";
import type { Caller } from "./auth/caller";
import { db, type Tx } from "./db/client";
import { AppError } from "./errors";
import type { ProjectRole } from "@/lib/generated/prisma-sqlite/enums";

/**
 * Invitations: a role in a project offered to an email. A manager's addition is always an invitation, whether or not
 * the email has an account (lib/server/projects.ts), so the members and invitations they see never tell who has one.
 * The email's account accepts or declines it; an account created later takes up its invitations as it is created.
 */

/** Offers a role to an email; inviting it again changes the role offered. */
export async function invite(actorId: string, projectId: string, email: string, role: ProjectRole): Promise<void> {
  await db().$transaction((tx) => inviteIn(tx, actorId, projectId, email, role));
}

/** invite in the caller's transaction. */
export async function inviteIn(tx: Tx, actorId: string, projectId: string, email: string, role: ProjectRole): Promise<void> {
  const invitation = await tx.invitation.upsert({
    where: { projectId_email: { projectId, email } },
    create: { projectId, email, role, invitedById: actorId },
    update: { role, invitedById: actorId },
    select: { id: true },
  });
  await recordAudit(tx, { actorId, projectId, action: "member.invite", targetType: "invitation", targetId: invitation.id, data: { email, role } });
}

interface Offer {
  id: string;
  projectId: string;
  role: ProjectRole;
  invitedById: string | null;
}
const offerFields = { id: true, projectId: true, role: true, invitedById: true } as const;

/** The membership an invitation offers, with its audit event; the caller has deleted the invitation. */
async function join(tx: Tx, { id, projectId, role, invitedById }: Offer, userId: string, actorId: string | null): Promise<void> {
  await tx.membership.create({ data: { projectId, userId, role } });
  await recordAudit(tx, { actorId, projectId, action: "member.role.set", targetType: "user", targetId: userId, data: { role, previousRole: null, invitationId: id, invitedById } });
}

/** A new account takes up the roles offered to its email, in the transaction that creates it. */
export async function joinInvitedProjects(tx: Tx, user: { id: string; email: string }, actorId: string | null): Promise<void> {
  const invitations = await tx.invitation.findMany({ where: { email: user.email }, select: offerFields });
  if (invitations.length) await tx.invitation.deleteMany({ where: { email: user.email } });
  for (const invitation of invitations) await join(tx, invitation, user.id, actorId);
}

export interface InvitationToCaller {
  id: string;
  project: { id: string; name: string };
  role: ProjectRole;
  invitedBy: { name: string; email: string } | null;
  invitedAt: Date;
}

/** The invitations waiting for the caller's answer, oldest first. */
export async function listCallerInvitations(caller: Caller): Promise<InvitationToCaller[]> {
  const invitations = await db().invitation.findMany({
    where: { email: caller.user.email },
    orderBy: { createdAt: "asc" },
    select: { id: true, role: true, createdAt: true, project: { select: { id: true, name: true } }, invitedBy: { select: { name: true, email: true } } },
  });
  return invitations.map(({ createdAt, ...invitation }) => ({ ...invitation, invitedAt: createdAt }));
}

/**
 * Removes an invitation to the caller's email and runs `then` in the same transaction. Only that account may answer;
 * anyone else is told there is no such invitation. Of concurrent answers the first delete wins: the others' delete
 * finds nothing (on PostgreSQL it waits for the winner's commit), so an invitation is taken up once.
 */
async function answer<T>(caller: Caller, invitationId: string, then: (tx: Tx, offer: Offer) => Promise<T>): Promise<T> {
  return db().$transaction(async (tx) => {
    const where = { id: invitationId, email: caller.user.email };
    const offer = await tx.invitation.findFirst({ where, select: offerFields });
    if (!offer || !(await tx.invitation.deleteMany({ where })).count) throw new AppError("not_found", "No such invitation.");
    return then(tx, offer);
  });
}

/** The caller takes up an invitation: they become a member with the role offered, or keep the role they have. */
export async function acceptInvitation(caller: Caller, invitationId: string): Promise<{ projectId: string; role: ProjectRole }> {
  return answer(caller, invitationId, async (tx, offer) => {
    const member = await tx.membership.findUnique({ where: { projectId_userId: { projectId: offer.projectId, userId: caller.user.id } }, select: { role: true } });
    if (!member) await join(tx, offer, caller.user.id, caller.user.id);
    return { projectId: offer.projectId, role: member?.role ?? offer.role };
  });
}

/** The caller turns an invitation down: it is deleted, and they get no role. */
export async function declineInvitation(caller: Caller, invitationId: string): Promise<void> {
  await answer(caller, invitationId, (tx, offer) =>
    recordAudit(tx, { actorId: caller.user.id, projectId: offer.projectId, action: "member.invitation.decline", targetType: "invitation", targetId: offer.id }),
  );
}

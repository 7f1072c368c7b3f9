import { userForBearer } from "../api-tokens";
import { db } from "../db/client";
import { AppError } from "../errors";
import { userForSession, type SessionUser } from "../users";
import type { ProjectRole } from "@/lib/generated/prisma-sqlite/enums";

/** Who is making a request, and how they proved it. */
export interface Caller {
  user: SessionUser;
  via: "session" | "token";
}

/** What a Concord session token carries: the user and the session version it was issued for. */
export interface SessionClaims {
  uid: string;
  sv: number;
}

/**
 * Resolves the caller from a request's Authorization header, or else from its session claims.
 * Every route handler and server action goes through here (via lib/server/api/handler.ts or requirePageUser).
 */
export async function resolveCaller(authorization: string | null, session: SessionClaims | null): Promise<Caller> {
  if (authorization) {
    const { user } = await userForBearer(authorization);
    return { user, via: "token" };
  }
  if (session) {
    const user = await userForSession(session.uid, session.sv);
    if (user) return { user, via: "session" };
    throw new AppError("unauthorized", "Your session has ended (you signed out, or your password or administrator rights changed). Sign in again.");
  }
  throw new AppError("unauthorized", "Sign in, or send an API token as 'Authorization: Bearer <token>'.");
}

/** Roles that satisfy a requirement: a manager may do what a reviewer or labeler may, and so on. */
const ROLE_RANK: Record<ProjectRole, number> = { labeler: 1, reviewer: 2, manager: 3 };

export function roleSatisfies(held: ProjectRole, required: ProjectRole): boolean {
  return ROLE_RANK[held] >= ROLE_RANK[required];
}

/**
 * The caller's role in a project, checked against the minimum required. Global admins act as managers.
 * A project the caller cannot see is reported as not found, so its existence does not leak.
 */
export async function requireProjectRole(caller: Caller, projectId: string, required: ProjectRole): Promise<ProjectRole> {
  if (caller.user.isAdmin) {
    const exists = await db().project.count({ where: { id: projectId } });
    if (!exists) throw new AppError("not_found", "No such project.");
    return "manager";
  }
  const membership = await db().membership.findUnique({
    where: { projectId_userId: { projectId, userId: caller.user.id } },
    select: { role: true },
  });
  if (!membership) throw new AppError("not_found", "No such project.");
  if (!roleSatisfies(membership.role, required)) {
    throw new AppError("forbidden", `This needs the ${required} role in this project; you are a ${membership.role}.`);
  }
  return membership.role;
}

export function requireAdmin(caller: Caller): void {
  if (!caller.user.isAdmin) throw new AppError("forbidden", "Only administrators can do this.");
}

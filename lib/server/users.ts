import { recordAudit } from "./audit";
import { hashPassword, verifyAgainstNothing, verifyPassword } from "./auth/passwords";
import { signInLimiter } from "./auth/rate-limit";
import { db, type Tx } from "./db/client";
import { AppError, isUniqueViolation } from "./errors";
import { joinInvitedProjects } from "./invitations";
import { parseInput } from "@/lib/validation/parse";
import { newUserSchema, passwordSchema, signInSchema, type NewUser } from "@/lib/validation/users";

/** What the rest of the app knows about a signed-in user. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  sessionVersion: number;
}

const sessionUserFields = { id: true, email: true, name: true, isAdmin: true, sessionVersion: true } as const;

export async function createUser(input: NewUser, actorId: string | null = null): Promise<SessionUser> {
  const { email, password, name, isAdmin } = parseInput(newUserSchema, input);
  const { user } = await addAccount({ email, name, isAdmin, passwordHash: await hashPassword(password) }, actorId, async () => undefined);
  return user;
}

interface NewAccount {
  email: string;
  name?: string;
  isAdmin: boolean;
  /** null: the owner sets a password from an invitation link (lib/server/password-links.ts). */
  passwordHash: string | null;
}

/**
 * Creates an account in one transaction with its audit event, the project invitations to its email it takes up, and
 * whatever `then` adds; a taken email is a 409.
 */
export async function addAccount<T>(account: NewAccount, actorId: string | null, then: (tx: Tx, user: SessionUser) => Promise<T>): Promise<{ user: SessionUser; added: T }> {
  const { email, name, isAdmin, passwordHash } = account;
  try {
    return await db().$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email, name: name ?? email.split("@")[0]!, passwordHash, isAdmin },
        select: sessionUserFields,
      });
      await recordAudit(tx, { actorId, action: "user.create", targetType: "user", targetId: user.id, data: { email, isAdmin, withPassword: passwordHash !== null } });
      await joinInvitedProjects(tx, user, actorId);
      return { user, added: await then(tx, user) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", `A user with email ${email} already exists.`);
    throw error;
  }
}

export async function findUserByEmail(email: string): Promise<SessionUser | null> {
  return db().user.findUnique({ where: { email: email.trim().toLowerCase() }, select: sessionUserFields });
}

/**
 * Checks an email and password. Wrong email and wrong password get the same answer, in the same time. Each attempt
 * is counted before its password is checked, per account and per IP address; past the limits it is refused (429).
 */
export async function verifyCredentials(input: { email: unknown; password: unknown }, ip: string): Promise<SessionUser> {
  const { email, password } = parseInput(signInSchema, input);
  const limiter = signInLimiter(db());
  await limiter.take(email, ip);
  const user = await db().user.findUnique({
    where: { email },
    select: { ...sessionUserFields, passwordHash: true, disabledAt: true },
  });
  // An invited account without a password yet answers like an unknown email, in the same time.
  const valid = user?.passwordHash ? await verifyPassword(user.passwordHash, password) : (await verifyAgainstNothing(password), false);
  if (!user || !valid || user.disabledAt) {
    throw new AppError("unauthorized", user?.disabledAt && valid ? "This account is disabled." : "Wrong email or password.");
  }
  await limiter.succeeded(email, ip);
  const { passwordHash: _hash, disabledAt: _disabled, ...sessionUser } = user;
  return sessionUser;
}

/** The user a session belongs to, or null when the session was revoked (signed out, or the password or the admin flag changed since). */
export async function userForSession(userId: string, sessionVersion: number): Promise<SessionUser | null> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { ...sessionUserFields, disabledAt: true } });
  if (!user || user.disabledAt || user.sessionVersion !== sessionVersion) return null;
  const { disabledAt: _disabled, ...sessionUser } = user;
  return sessionUser;
}

/**
 * Signing out ends the user's sessions: the signed cookie is refused from then on, wherever a copy of it is.
 * Every session of the user ends, as there is one session version per user; a session already ended changes nothing.
 */
export async function endSessions(userId: string, sessionVersion: number): Promise<void> {
  await db().user.updateMany({ where: { id: userId, sessionVersion }, data: { sessionVersion: { increment: 1 } } });
}

/**
 * Sets a new password, signs the user out everywhere and revokes their API tokens: whoever had the old password
 * could have made one, so a new password leaves no old way in.
 */
export async function changePassword(userId: string, newPassword: string, actorId: string | null): Promise<void> {
  const passwordHash = await hashPassword(parseInput(passwordSchema, newPassword));
  await db().$transaction((tx) => storePassword(tx, userId, passwordHash, actorId));
}

/** Stores a password hash in an open transaction, ending the user's sessions and revoking their API tokens. */
export async function storePassword(tx: Tx, userId: string, passwordHash: string, actorId: string | null, data: Record<string, unknown> = {}): Promise<void> {
  await tx.user.update({ where: { id: userId }, data: { passwordHash, sessionVersion: { increment: 1 } } });
  const tokens = await tx.apiToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  await recordAudit(tx, { actorId, action: "user.password.change", targetType: "user", targetId: userId, data: { ...data, tokensRevoked: tokens.count } });
}

/** Grants or withdraws the global admin flag; the user's sessions end so the new rights apply at once. */
export async function setAdmin(userId: string, isAdmin: boolean, actorId: string | null): Promise<void> {
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { isAdmin, sessionVersion: { increment: 1 } } });
    await recordAudit(tx, { actorId, action: "user.admin.set", targetType: "user", targetId: userId, data: { isAdmin } });
  });
}

export interface UserRow extends SessionUser {
  createdAt: Date;
  projectCount: number;
  /** False until the owner of an account an administrator created sets a password from the link. */
  hasPassword: boolean;
  disabled: boolean;
}

export async function listUsers(): Promise<UserRow[]> {
  const users = await db().user.findMany({
    orderBy: { email: "asc" },
    select: { ...sessionUserFields, createdAt: true, passwordHash: true, disabledAt: true, _count: { select: { memberships: true } } },
  });
  return users.map(({ _count, passwordHash, disabledAt, ...user }) => ({ ...user, projectCount: _count.memberships, hasPassword: passwordHash !== null, disabled: disabledAt !== null }));
}

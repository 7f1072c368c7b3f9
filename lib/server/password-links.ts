import { randomBytes } from "node:crypto";
import { recordAudit } from "./audit";
import { requireAdmin, type Caller } from "./auth/caller";
import { hashPassword } from "./auth/passwords";
import { signInLimiter } from "./auth/rate-limit";
// The secret is 256 random bits: a fast digest is enough, and allows an indexed lookup, as for API tokens.
import { hashToken } from "./auth/tokens";
import { db, type Tx } from "./db/client";
import { AppError } from "./errors";
import { addAccount, storePassword, type SessionUser } from "./users";
import { parseInput } from "@/lib/validation/parse";
import { invitedUserSchema, passwordLinkTokenSchema, setPasswordSchema, type InvitedUser } from "@/lib/validation/users";

/**
 * Password links: how an administrator lets someone set their password without an email server. The administrator
 * creates the account (or asks for a reset) and passes the link on; the link's secret is shown once and only its
 * digest is stored. A link works once, for seven days, and a newer link for the same account replaces it.
 */

export const PASSWORD_LINK_DAYS = 7;

export type PasswordLinkPurpose = "invite" | "reset";

export interface PasswordLinkMade {
  /** The secret: the administrator sees it this once, in the link /set-password?token=…. */
  token: string;
  purpose: PasswordLinkPurpose;
  expiresAt: Date;
}

/** The path of the page that takes a link's secret. */
export function setPasswordPath(token: string): string {
  return `/set-password?token=${encodeURIComponent(token)}`;
}

/** Makes a link for the account, in the caller's transaction; the account's earlier unused links stop working. */
async function makeLink(tx: Tx, userId: string, purpose: PasswordLinkPurpose, actorId: string): Promise<PasswordLinkMade> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + PASSWORD_LINK_DAYS * 24 * 60 * 60 * 1000);
  await tx.passwordLink.deleteMany({ where: { userId, usedAt: null } });
  const link = await tx.passwordLink.create({ data: { userId, tokenHash: hashToken(token), purpose, expiresAt, createdById: actorId }, select: { id: true } });
  await recordAudit(tx, { actorId, action: `user.password-link.${purpose}`, targetType: "user", targetId: userId, data: { linkId: link.id, expiresAt: expiresAt.toISOString() } });
  return { token, purpose, expiresAt };
}

/**
 * Creates an account without a password and its invitation link (administrators). The account takes up the project
 * invitations already waiting for its email.
 */
export async function inviteUser(caller: Caller, input: InvitedUser): Promise<{ user: SessionUser; link: PasswordLinkMade }> {
  requireAdmin(caller);
  const { email, name, isAdmin } = parseInput(invitedUserSchema, input);
  const { user, added } = await addAccount({ email, name, isAdmin, passwordHash: null }, caller.user.id, (tx, created) =>
    makeLink(tx, created.id, "invite", caller.user.id),
  );
  return { user, link: added };
}

/**
 * A new link for an account (administrators): an invitation again while it has no password, else a reset. The
 * account's password stays as it is until the link is used.
 */
export async function makePasswordLink(caller: Caller, userId: string): Promise<PasswordLinkMade> {
  requireAdmin(caller);
  return db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { passwordHash: true, disabledAt: true } });
    if (!user) throw new AppError("not_found", "No such user.");
    if (user.disabledAt) throw new AppError("conflict", "This account is disabled; enable it before making a password link.");
    return makeLink(tx, userId, user.passwordHash === null ? "invite" : "reset", caller.user.id);
  });
}

export interface PasswordLinkView {
  purpose: PasswordLinkPurpose;
  email: string;
  name: string;
}

/** Why a link cannot be used, in words its holder can act on. */
function unusable(link: { usedAt: Date | null; expiresAt: Date; user: { disabledAt: Date | null } } | null, now: Date): AppError | null {
  if (!link) return new AppError("not_found", "This link is not valid: it may have been replaced by a newer one. Ask your administrator for a new link.");
  if (link.usedAt) return new AppError("conflict", "This link has already been used. Sign in with your password, or ask your administrator for a new link.");
  if (link.expiresAt <= now) return new AppError("conflict", "This link has expired. Ask your administrator for a new one.");
  if (link.user.disabledAt) return new AppError("conflict", "This account is disabled. Ask your administrator.");
  return null;
}

/** Whose link this is and what it is for, for the set-password page; a link that cannot be used throws why. */
export async function checkPasswordLink(token: unknown): Promise<PasswordLinkView> {
  const secret = parseInput(passwordLinkTokenSchema, token);
  const link = await db().passwordLink.findUnique({
    where: { tokenHash: hashToken(secret) },
    select: { purpose: true, usedAt: true, expiresAt: true, user: { select: { email: true, name: true, disabledAt: true } } },
  });
  const refusal = unusable(link, new Date());
  if (refusal) throw refusal;
  return { purpose: link!.purpose as PasswordLinkPurpose, email: link!.user.email, name: link!.user.name };
}

/**
 * Sets the password a link is for (anyone holding the link). Attempts are counted as sign-in attempts are, per link
 * and per address. The link is claimed by a conditional update: of two concurrent uses only one finds it unused (on
 * PostgreSQL the second waits for the first's commit and then matches nothing), so a link sets one password.
 */
export async function setPasswordWithLink(input: unknown, ip: string): Promise<{ email: string }> {
  const { token, password } = parseInput(setPasswordSchema, input);
  const tokenHash = hashToken(token);
  const limiter = signInLimiter(db());
  const limiterKey = `password-link:${tokenHash}`;
  await limiter.take(limiterKey, ip);
  const passwordHash = await hashPassword(password);
  const email = await db().$transaction(async (tx) => {
    const now = new Date();
    const claimed = await tx.passwordLink.updateMany({ where: { tokenHash, usedAt: null, expiresAt: { gt: now }, user: { disabledAt: null } }, data: { usedAt: now } });
    if (!claimed.count) {
      const link = await tx.passwordLink.findUnique({ where: { tokenHash }, select: { usedAt: true, expiresAt: true, user: { select: { disabledAt: true } } } });
      throw unusable(link, now) ?? new AppError("conflict", "This link has already been used.");
    }
    const link = await tx.passwordLink.findUniqueOrThrow({ where: { tokenHash }, select: { id: true, purpose: true, userId: true, user: { select: { email: true } } } });
    await storePassword(tx, link.userId, passwordHash, link.userId, { passwordLinkId: link.id, purpose: link.purpose });
    return link.user.email;
  });
  await limiter.succeeded(limiterKey, ip);
  return { email };
}

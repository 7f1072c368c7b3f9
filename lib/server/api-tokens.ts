import { recordAudit } from "./audit";
import type { Caller } from "./auth/caller";
import { displayPrefix, generateToken, hashToken, parseBearer } from "./auth/tokens";
import { db } from "./db/client";
import { AppError } from "./errors";
import type { SessionUser } from "./users";
import { parseInput } from "@/lib/validation/parse";
import { newTokenSchema } from "@/lib/validation/tokens";

export interface ApiTokenSummary {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const summaryFields = { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

/**
 * Tokens are managed only from a signed-in session: a token that could mint tokens would let whoever leaked it
 * keep access after it is revoked.
 */
function requireSession(caller: Caller): string {
  if (caller.via !== "session") throw new AppError("forbidden", "API tokens are created and revoked by signing in, not with an API token.");
  return caller.user.id;
}

/** Creates a token for the caller; the returned secret is shown once and cannot be recovered later. */
export async function createApiToken(caller: Caller, input: { name: string }): Promise<{ token: string; summary: ApiTokenSummary }> {
  const userId = requireSession(caller);
  const { name } = parseInput(newTokenSchema, input);
  const token = generateToken();
  const summary = await db().$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: { userId, name, tokenHash: hashToken(token), prefix: displayPrefix(token) },
      select: summaryFields,
    });
    await recordAudit(tx, { actorId: userId, action: "token.create", targetType: "apiToken", targetId: created.id, data: { name } });
    return created;
  });
  return { token, summary };
}

export async function listApiTokens(userId: string): Promise<ApiTokenSummary[]> {
  return db().apiToken.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, select: summaryFields });
}

/** Revokes one of the caller's own tokens. Revoking twice is harmless; someone else's token is "not found". */
export async function revokeApiToken(caller: Caller, tokenId: string): Promise<ApiTokenSummary> {
  const userId = requireSession(caller);
  return db().$transaction(async (tx) => {
    const existing = await tx.apiToken.findFirst({ where: { id: tokenId, userId }, select: summaryFields });
    if (!existing) throw new AppError("not_found", "No such token.");
    if (existing.revokedAt) return existing;
    const revoked = await tx.apiToken.update({ where: { id: tokenId }, data: { revokedAt: new Date() }, select: summaryFields });
    await recordAudit(tx, { actorId: userId, action: "token.revoke", targetType: "apiToken", targetId: tokenId });
    return revoked;
  });
}

// Writing lastUsedAt on every request would turn each read into a write; a minute's precision is plenty.
const LAST_USED_PRECISION_MS = 60_000;

/** The user behind an `Authorization: Bearer …` header; 401 for malformed, unknown or revoked tokens. */
export async function userForBearer(authorization: string): Promise<{ user: SessionUser; tokenId: string }> {
  const token = parseBearer(authorization);
  const record = await db().apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      revokedAt: true,
      lastUsedAt: true,
      user: { select: { id: true, email: true, name: true, isAdmin: true, sessionVersion: true, disabledAt: true } },
    },
  });
  if (!record) throw new AppError("unauthorized", "Unknown API token.");
  if (record.revokedAt) throw new AppError("unauthorized", "This API token was revoked.");
  const { disabledAt, ...user } = record.user;
  if (disabledAt) throw new AppError("unauthorized", "The account this API token belongs to is disabled.");
  const now = Date.now();
  if (!record.lastUsedAt || now - record.lastUsedAt.getTime() > LAST_USED_PRECISION_MS) {
    await db().apiToken.update({ where: { id: record.id }, data: { lastUsedAt: new Date(now) } });
  }
  return { user, tokenId: record.id };
}

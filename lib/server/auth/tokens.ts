import { createHash, randomBytes } from "node:crypto";
import { AppError } from "../errors";

/** Every personal API token starts with this, so leaked tokens are easy to recognise and scan for. */
export const TOKEN_PREFIX = "cnc_";
const TOKEN_PATTERN = /^cnc_[A-Za-z0-9_-]{43}$/;

/** A new random token: 256 bits, URL-safe. */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

/**
 * Tokens are stored as a SHA-256 digest. A slow password hash is not needed: the secret is 256 random
 * bits, so it cannot be guessed from its digest, and a fast digest allows an indexed lookup.
 */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** What a user sees of a token after creation: enough to tell tokens apart, too little to use. */
export function displayPrefix(token: string): string {
  return token.slice(0, TOKEN_PREFIX.length + 6);
}

/** The token in an `Authorization: Bearer <token>` header; throws a 401 for anything malformed. */
export function parseBearer(header: string): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
  if (!match) throw new AppError("unauthorized", "The Authorization header must be 'Bearer <token>'.");
  const token = match[1]!;
  if (!TOKEN_PATTERN.test(token)) throw new AppError("unauthorized", "That API token is malformed.");
  return token;
}

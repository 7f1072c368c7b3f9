import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataDir, type Env } from "../db/config";

const SECRET_FILE = "nextauth-secret";
const MIN_SECRET_LENGTH = 32;

/**
 * The key that signs session tokens: NEXTAUTH_SECRET when set, otherwise one generated on first start
 * and kept in the data directory (readable by its owner only). Never a constant in the code.
 */
export function authSecret(env: Env = process.env): string {
  const fromEnv = env.NEXTAUTH_SECRET?.trim();
  if (fromEnv) {
    if (fromEnv.length < MIN_SECRET_LENGTH) {
      throw new Error(`NEXTAUTH_SECRET is too short: use at least ${MIN_SECRET_LENGTH} characters (e.g. openssl rand -base64 32).`);
    }
    return fromEnv;
  }
  const file = path.join(dataDir(env), SECRET_FILE);
  try {
    return readSecret(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw secretError(file, error);
  }
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    // "wx": if another process wrote it first, keep theirs.
    writeFileSync(file, randomBytes(48).toString("base64url"), { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw secretError(file, error);
  }
  return readSecret(file);
}

function readSecret(file: string): string {
  const secret = readFileSync(file, "utf8").trim();
  if (secret.length < MIN_SECRET_LENGTH) throw new Error(`${file} holds no usable secret; delete it to have a new one generated.`);
  return secret;
}

function secretError(file: string, cause: unknown): Error {
  return new Error(
    `No session secret: NEXTAUTH_SECRET is unset and ${file} cannot be read or written (${(cause as Error).message}). ` +
      "Set NEXTAUTH_SECRET or make the data directory writable.",
    { cause },
  );
}

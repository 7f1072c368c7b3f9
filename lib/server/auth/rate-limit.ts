import { createHash } from "node:crypto";
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "../db/client";
import { AppError } from "../errors";

/**
 * Sign-in attempts allowed per window: per account (guessing one password) and per IP address (trying many
 * accounts). A successful sign-in gives its attempt back, so in effect these are failures.
 */
export const SIGN_IN_LIMITS = {
  windowSeconds: 15 * 60,
  attemptsPerAccount: 5,
  attemptsPerIp: 20,
};

/**
 * Counts sign-in attempts in the database (the SignInCounter table), so every app instance shares the counts.
 * An attempt is taken, by an atomic increment, before its password is checked: parallel attempts cannot all
 * read a count that none of them has raised yet.
 */
export class SignInLimiter {
  private readonly byAccount: RateLimiterPrisma;
  private readonly byIp: RateLimiterPrisma;

  constructor(client: Db, limits = SIGN_IN_LIMITS) {
    const store = { storeClient: client, tableName: "signInCounter", duration: limits.windowSeconds };
    this.byAccount = new RateLimiterPrisma({ ...store, keyPrefix: "account", points: limits.attemptsPerAccount });
    this.byIp = new RateLimiterPrisma({ ...store, keyPrefix: "ip", points: limits.attemptsPerIp });
  }

  /** Takes one attempt from the account's and from the address's allowance; a 429 with the wait when either is spent. */
  async take(email: string, ip: string): Promise<void> {
    await consume(this.byAccount, digest(email), "this account");
    try {
      await consume(this.byIp, digest(ip), "your network address");
    } catch (error) {
      // An attempt the address's limit stopped checked no password: the account keeps it.
      await this.byAccount.reward(digest(email));
      throw error;
    }
  }

  /** After a successful sign-in: the account's failures are forgotten and the address gets its attempt back. */
  async succeeded(email: string, ip: string): Promise<void> {
    await Promise.all([this.byAccount.delete(digest(email)), this.byIp.reward(digest(ip))]);
  }
}

async function consume(limiter: RateLimiterPrisma, key: string, what: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    // The library rejects with its result when the allowance is spent, and with the error when the database failed.
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    const minutes = Math.max(1, Math.ceil(rejection.msBeforeNext / 60_000));
    throw new AppError(
      "rate_limited",
      `Too many failed sign-in attempts for ${what}. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
      { retryAfterSeconds: Math.ceil(rejection.msBeforeNext / 1000) },
    );
  }
}

/** Counters are kept under a digest: the table never holds the emails and addresses people tried. */
function digest(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("base64url");
}

const limiters = new WeakMap<Db, SignInLimiter>();

/** The limiter over a database client, made once per client (each runs a timer that deletes expired counters). */
export function signInLimiter(client: Db): SignInLimiter {
  let limiter = limiters.get(client);
  if (!limiter) limiters.set(client, (limiter = new SignInLimiter(client)));
  return limiter;
}

import { RateLimiterMemory } from "rate-limiter-flexible";
import { AppError } from "../errors";

/**
 * Failed sign-ins allowed per window: per account (guessing one password) and per IP address
 * (trying many accounts). Counters live in this process: a single Concord server is the deployment.
 */
export const SIGN_IN_LIMITS = {
  windowSeconds: 15 * 60,
  failuresPerAccount: 5,
  failuresPerIp: 20,
};

export class SignInLimiter {
  private readonly byAccount: RateLimiterMemory;
  private readonly byIp: RateLimiterMemory;

  constructor(limits = SIGN_IN_LIMITS) {
    this.byAccount = new RateLimiterMemory({ points: limits.failuresPerAccount, duration: limits.windowSeconds });
    this.byIp = new RateLimiterMemory({ points: limits.failuresPerIp, duration: limits.windowSeconds });
  }

  /** Throws a 429 with the wait time when either counter is spent. */
  async assertAllowed(email: string, ip: string): Promise<void> {
    const [account, address] = await Promise.all([this.byAccount.get(email), this.byIp.get(ip)]);
    for (const [state, limit, what] of [
      [account, this.byAccount.points, "this account"],
      [address, this.byIp.points, "your network address"],
    ] as const) {
      if (state && state.consumedPoints >= limit) {
        const minutes = Math.max(1, Math.ceil(state.msBeforeNext / 60_000));
        throw new AppError(
          "rate_limited",
          `Too many failed sign-in attempts for ${what}. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
          { retryAfterSeconds: Math.ceil(state.msBeforeNext / 1000) },
        );
      }
    }
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    // consume() rejects once the points are spent; the next assertAllowed() reports it.
    await Promise.allSettled([this.byAccount.consume(email), this.byIp.consume(ip)]);
  }

  async recordSuccess(email: string): Promise<void> {
    await this.byAccount.delete(email);
  }
}

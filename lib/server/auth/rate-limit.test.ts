import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { SignInLimiter } from "./rate-limit";

const limits = { windowSeconds: 600, failuresPerAccount: 3, failuresPerIp: 5 };

async function refusal(promise: Promise<void>): Promise<AppError | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error as AppError;
  }
}

describe("sign-in rate limits", () => {
  it("refuse an account after its failures are spent, saying how long to wait", async () => {
    const limiter = new SignInLimiter(limits);
    for (let attempt = 0; attempt < 3; attempt++) {
      expect(await refusal(limiter.assertAllowed("a@example.com", "10.0.0.1"))).toBeUndefined();
      await limiter.recordFailure("a@example.com", "10.0.0.1");
    }
    const error = await refusal(limiter.assertAllowed("a@example.com", "10.0.0.9"));
    expect(error?.status).toBe(429);
    expect(error?.message).toBe("Too many failed sign-in attempts for this account. Try again in 10 minutes.");
    expect(error?.details?.retryAfterSeconds).toBeGreaterThan(590);
    // Another account from the same address is still allowed.
    expect(await refusal(limiter.assertAllowed("b@example.com", "10.0.0.1"))).toBeUndefined();
  });

  it("refuse an address that fails across many accounts", async () => {
    const limiter = new SignInLimiter(limits);
    for (let attempt = 0; attempt < 5; attempt++) await limiter.recordFailure(`user${attempt}@example.com`, "10.0.0.2");
    const error = await refusal(limiter.assertAllowed("fresh@example.com", "10.0.0.2"));
    expect(error?.message).toContain("for your network address");
  });

  it("forget an account's failures after a success", async () => {
    const limiter = new SignInLimiter(limits);
    for (let attempt = 0; attempt < 2; attempt++) await limiter.recordFailure("c@example.com", "10.0.0.3");
    await limiter.recordSuccess("c@example.com");
    for (let attempt = 0; attempt < 2; attempt++) await limiter.recordFailure("c@example.com", "10.0.0.3");
    expect(await refusal(limiter.assertAllowed("c@example.com", "10.0.0.3"))).toBeUndefined();
  });
});

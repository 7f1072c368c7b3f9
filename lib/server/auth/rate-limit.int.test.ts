import { expect, it } from "vitest";
import { describeEachDatabase } from "@/lib/testing/integration";
import { createDb } from "../db/client";
import { AppError } from "../errors";
import { createUser, verifyCredentials } from "../users";
import { SignInLimiter } from "./rate-limit";

/** How each of a batch of sign-in attempts ended: signed in, refused after its password was checked (401), or not checked (429). */
async function outcomes(attempts: Promise<unknown>[]): Promise<{ signedIn: number; checked: number; limited: number }> {
  const settled = await Promise.allSettled(attempts);
  const status = (result: PromiseSettledResult<unknown>) => (result.status === "fulfilled" ? 200 : (result.reason as AppError).status);
  const count = (wanted: number) => settled.filter((result) => status(result) === wanted).length;
  const unexpected = settled.filter((result) => ![200, 401, 429].includes(status(result)));
  if (unexpected.length) throw (unexpected[0] as PromiseRejectedResult).reason;
  return { signedIn: count(200), checked: count(401), limited: count(429) };
}

describeEachDatabase("sign-in limits under parallel attempts (issue 19 #1)", (context) => {
  it("of 40 simultaneous guesses at one account, only the 5 allowed have their password checked; the right password after them is refused", async () => {
    await createUser({ email: "victim@example.com", password: "the right password" });
    const guesses = Array.from({ length: 40 }, (_, index) => verifyCredentials({ email: "victim@example.com", password: `guess ${index}` }, "192.0.2.1"));
    expect(await outcomes(guesses)).toEqual({ signedIn: 0, checked: 5, limited: 35 });

    const late = await verifyCredentials({ email: "victim@example.com", password: "the right password" }, "198.51.100.1").catch((error: unknown) => error as AppError);
    expect(late).toBeInstanceOf(AppError);
    expect((late as AppError).status).toBe(429);
    expect((late as AppError).message).toBe("Too many failed sign-in attempts for this account. Try again in 15 minutes.");
  });

  it("of 40 simultaneous attempts on 40 accounts from one address, only the 20 allowed are checked", async () => {
    const attempts = Array.from({ length: 40 }, (_, index) => verifyCredentials({ email: `nobody${index}@example.com`, password: "guess" }, "192.0.2.2"));
    expect(await outcomes(attempts)).toEqual({ signedIn: 0, checked: 20, limited: 20 });
    const next = await verifyCredentials({ email: "someone.else@example.com", password: "guess" }, "192.0.2.2").catch((error: unknown) => error as AppError);
    expect((next as AppError).message).toMatch(/^Too many failed sign-in attempts for your network address\. Try again in 1[45] minutes\.$/);
  });

  it("a successful sign-in gives its attempt back and clears the account's failures", async () => {
    await createUser({ email: "regular@example.com", password: "regular password" });
    for (let round = 0; round < 3; round++) {
      const failures = Array.from({ length: 4 }, () => verifyCredentials({ email: "regular@example.com", password: "typo" }, "192.0.2.3"));
      expect(await outcomes(failures)).toEqual({ signedIn: 0, checked: 4, limited: 0 });
      expect((await verifyCredentials({ email: "regular@example.com", password: "regular password" }, "192.0.2.3")).email).toBe("regular@example.com");
    }
    // 12 failures and 3 successes from the address: the successes did not count against it.
    const more = Array.from({ length: 8 }, (_, index) => verifyCredentials({ email: `other${index}@example.com`, password: "typo" }, "192.0.2.3"));
    expect(await outcomes(more)).toEqual({ signedIn: 0, checked: 8, limited: 0 });
  });

  it("two app instances on one database share the counts: of 100 attempts split between them, 5 pass", async () => {
    const other = createDb(context().target);
    try {
      const instances = [new SignInLimiter(context().client), new SignInLimiter(other)];
      const attempts = Array.from({ length: 100 }, (_, index) => instances[index % 2]!.take("shared@example.com", `203.0.113.${index}`));
      const passed = (await Promise.allSettled(attempts)).filter((result) => result.status === "fulfilled");
      expect(passed).toHaveLength(5);
    } finally {
      await other.$disconnect();
    }
  });
});

import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./passwords";

describe("password hashing", () => {
  it("uses argon2id with OWASP's parameters and a fresh salt each time", async () => {
    const first = await hashPassword("correct horse battery staple");
    const second = await hashPassword("correct horse battery staple");
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(first).not.toBe(second);
  });

  it("verifies the right password and refuses a wrong one", async () => {
    const stored = await hashPassword("s3cret-enough");
    expect(await verifyPassword(stored, "s3cret-enough")).toBe(true);
    expect(await verifyPassword(stored, "s3cret-enougH")).toBe(false);
  });

  it("refuses rather than throws on a stored value that is not an argon2 hash", async () => {
    expect(await verifyPassword("plaintext", "plaintext")).toBe(false);
  });
});

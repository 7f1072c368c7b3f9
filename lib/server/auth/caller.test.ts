import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { requireAdmin, resolveCaller, roleSatisfies, type Caller } from "./caller";
import { clientIp } from "./next-auth";

describe("project roles", () => {
  it("rank manager over reviewer over labeler", () => {
    expect(roleSatisfies("manager", "reviewer")).toBe(true);
    expect(roleSatisfies("manager", "labeler")).toBe(true);
    expect(roleSatisfies("reviewer", "labeler")).toBe(true);
    expect(roleSatisfies("reviewer", "manager")).toBe(false);
    expect(roleSatisfies("labeler", "reviewer")).toBe(false);
    expect(roleSatisfies("labeler", "labeler")).toBe(true);
  });
});

describe("resolveCaller", () => {
  it("answers 401 with what to do when there is neither a token nor a session", async () => {
    const error = await resolveCaller(null, null).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(401);
    expect((error as AppError).message).toContain("Authorization: Bearer");
  });

  it("refuses a malformed bearer header before touching the database", async () => {
    const error = await resolveCaller("Token abc", null).catch((caught: unknown) => caught);
    expect((error as AppError).status).toBe(401);
  });
});

describe("requireAdmin", () => {
  const caller = (isAdmin: boolean): Caller => ({ via: "session", user: { id: "u", email: "u@example.com", name: "U", isAdmin, sessionVersion: 1 } });
  it("lets administrators through and gives others a 403", () => {
    expect(() => requireAdmin(caller(true))).not.toThrow();
    expect(() => requireAdmin(caller(false))).toThrow(expect.objectContaining({ status: 403 }));
  });
});

describe("clientIp", () => {
  it("takes the address Next.js recorded when no proxy is trusted", () => {
    expect(clientIp("203.0.113.7", 0)).toBe("203.0.113.7");
  });
  it("counts trusted proxies from the end, ignoring what the client forged", () => {
    expect(clientIp("6.6.6.6, 203.0.113.7", 1)).toBe("203.0.113.7");
    expect(clientIp("6.6.6.6, 203.0.113.7, 10.0.0.2", 2)).toBe("203.0.113.7");
  });
  it("says unknown when there is nothing to go on", () => {
    expect(clientIp(undefined, 0)).toBe("unknown");
  });
});

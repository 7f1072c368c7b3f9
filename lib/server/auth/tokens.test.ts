import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { displayPrefix, generateToken, hashToken, parseBearer, TOKEN_PREFIX } from "./tokens";

describe("API tokens", () => {
  it("are 256 random bits, URL-safe, with a recognisable prefix", () => {
    const tokens = new Set(Array.from({ length: 200 }, generateToken));
    expect(tokens.size).toBe(200);
    for (const token of tokens) {
      expect(token).toMatch(/^cnc_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token.slice(TOKEN_PREFIX.length), "base64url")).toHaveLength(32);
    }
  });

  it("are stored as their SHA-256 digest (FIPS 180-2 test vector 'abc')", () => {
    expect(hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const token = generateToken();
    expect(hashToken(token)).toHaveLength(64);
    expect(hashToken(token)).not.toContain(token.slice(4, 12));
  });

  it("show only a prefix too short to use", () => {
    const token = generateToken();
    expect(displayPrefix(token)).toBe(token.slice(0, 10));
    expect(token.startsWith(displayPrefix(token))).toBe(true);
  });

  it("are read from 'Authorization: Bearer <token>', any case of 'Bearer'", () => {
    const token = generateToken();
    expect(parseBearer(`Bearer ${token}`)).toBe(token);
    expect(parseBearer(`bearer   ${token} `)).toBe(token);
  });

  it.each([
    ["a Basic header", "Basic dXNlcjpwYXNz", "must be 'Bearer <token>'"],
    ["an empty bearer", "Bearer ", "must be 'Bearer <token>'"],
    ["a token without the prefix", `Bearer ${"x".repeat(47)}`, "malformed"],
    ["a truncated token", "Bearer cnc_abc", "malformed"],
    ["two tokens", `Bearer cnc_${"a".repeat(43)} cnc_${"b".repeat(43)}`, "must be 'Bearer <token>'"],
  ])("refuse %s with a 401", (_what, header, message) => {
    try {
      parseBearer(header);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(401);
      expect((error as AppError).message).toContain(message);
    }
  });
});

import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { authSecret } from "./secret";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "concord-secret-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("session secret", () => {
  it("is NEXTAUTH_SECRET when set", () => {
    const secret = "x".repeat(40);
    expect(authSecret({ NEXTAUTH_SECRET: secret, CONCORD_DATA_DIR: tempDir() })).toBe(secret);
  });

  it("refuses a NEXTAUTH_SECRET too short to be safe", () => {
    expect(() => authSecret({ NEXTAUTH_SECRET: "short", CONCORD_DATA_DIR: tempDir() })).toThrow(/too short/);
  });

  it("is generated once, kept owner-readable in the data directory, and reused", () => {
    const dir = tempDir();
    const first = authSecret({ CONCORD_DATA_DIR: dir });
    expect(first.length).toBeGreaterThanOrEqual(32);
    const file = path.join(dir, "nextauth-secret");
    expect(readFileSync(file, "utf8")).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(authSecret({ CONCORD_DATA_DIR: dir })).toBe(first);
  });

  it("explains what to do when it can be neither read nor written", () => {
    // A data "directory" that is a file fails for root too, unlike a read-only directory.
    const notADirectory = path.join(tempDir(), "plain-file");
    writeFileSync(notADirectory, "");
    expect(() => authSecret({ CONCORD_DATA_DIR: notADirectory })).toThrow(/Set NEXTAUTH_SECRET or make the data directory writable/);
  });
});

import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeEachDatabase } from "@/lib/testing/integration";
import { adapterFactory, SQLITE_BUSY_TIMEOUT_MS } from "./adapter";
import { createDb } from "./client";
import { applyMigrations, migrationList, migrationsToSchemaDiff, pendingMigrations } from "./migrations";

describeEachDatabase("migrations", (context) => {
  it("build exactly the schema: the engine finds nothing left to change", async () => {
    expect(await migrationsToSchemaDiff(context().target)).toBe("");
  });

  it("are all applied, and applying them again changes nothing", async () => {
    const { target } = context();
    expect(migrationList(target.provider).migrationDirectories.length).toBeGreaterThan(0);
    expect(await pendingMigrations(target)).toEqual([]);
    await context().client.$disconnect(); // the engine wants a SQLite file to itself
    expect(await applyMigrations(target)).toEqual([]);
    expect(await pendingMigrations(target)).toEqual([]);
  });

  it("leave a database the app can use", async () => {
    const user = await context().client.user.create({ data: { email: "m@example.com", name: "M", passwordHash: "x" } });
    expect(await context().client.user.count({ where: { id: user.id } })).toBe(1);
  });
});

describeEachDatabase("SQLite connection settings", (context) => {
  it("has write-ahead logging, foreign keys and a busy timeout", async () => {
    const { client } = context();
    const [journal] = await client.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    const [foreignKeys] = await client.$queryRawUnsafe<{ foreign_keys: bigint | number }[]>("PRAGMA foreign_keys");
    const [busy] = await client.$queryRawUnsafe<{ timeout: bigint | number }[]>("PRAGMA busy_timeout");
    expect(journal?.journal_mode).toBe("wal");
    expect(Number(foreignKeys?.foreign_keys)).toBe(1);
    expect(Number(busy?.timeout)).toBe(SQLITE_BUSY_TIMEOUT_MS);
  });
}, "sqlite");

describe("the SQLite database's permissions", () => {
  it("a new one is created readable and writable by its owner only, and so are its -wal and -shm files (issue 19 #21)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "concord-mode-"));
    // The usual umask, under which a file created with the default mode is readable by everyone.
    const umask = process.umask(0o022);
    const file = path.join(dir, "data", "concord.db");
    const client = createDb({ provider: "sqlite", file });
    try {
      await applyMigrations({ provider: "sqlite", file });
      await client.user.create({ data: { email: "p@example.com", name: "P", passwordHash: "x" } });
      const modes = ["", "-wal", "-shm"].map((suffix) => [suffix, (statSync(file + suffix).mode & 0o777).toString(8)]);
      expect(modes).toEqual([["", "600"], ["-wal", "600"], ["-shm", "600"]]);
    } finally {
      process.umask(umask);
      await client.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("an existing one that everyone could read (made by an older version) loses that access when opened (issue 19 #21)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "concord-mode-"));
    const file = path.join(dir, "concord.db");
    writeFileSync(file, "");
    chmodSync(file, 0o644);
    const client = createDb({ provider: "sqlite", file });
    try {
      await applyMigrations({ provider: "sqlite", file });
      expect((statSync(file).mode & 0o777).toString(8)).toBe("640");
    } finally {
      await client.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("an in-memory SQLite database", () => {
  it("leaves no file behind named after it", async () => {
    const adapter = await adapterFactory({ provider: "sqlite", file: ":memory:" }).connect();
    await adapter.dispose();
    expect(existsSync(":memory:")).toBe(false);
  });
});

describe("a database that cannot be reached", () => {
  it("is reported in one sentence naming the server, without the password", async () => {
    const error = await applyMigrations({ provider: "postgresql", url: "postgresql://concord:hunter2@127.0.0.1:1/concord" }).then(() => new Error("no error"), (caught: unknown) => caught as Error);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/^Cannot use the database: PostgreSQL at 127\.0\.0\.1:1\/concord/);
    expect(error.message).toContain("Check that the server is running");
    expect(error.message).not.toContain("hunter2");
  });

  it("is reported for a SQLite path that cannot be created", async () => {
    const error = await applyMigrations({ provider: "sqlite", file: "/dev/null/concord.db" }).then(() => new Error("no error"), (caught: unknown) => caught as Error);
    expect(error.message).toMatch(/^Cannot use the database: SQLite at \/dev\/null\/concord\.db/);
  });
});

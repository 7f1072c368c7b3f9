import { describe, expect, it } from "vitest";
import { describeEachDatabase } from "@/lib/testing/integration";
import { SQLITE_BUSY_TIMEOUT_MS } from "./adapter";
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

import { availableParallelism } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { databaseTarget, describeTarget } from "./config";

describe("DATABASE_URL", () => {
  it("defaults to SQLite at data/concord.db", () => {
    expect(databaseTarget({})).toEqual({ provider: "sqlite", file: path.resolve("data/concord.db") });
    expect(databaseTarget({ DATABASE_URL: "  " })).toEqual({ provider: "sqlite", file: path.resolve("data/concord.db") });
  });

  it("follows CONCORD_DATA_DIR for the default file", () => {
    expect(databaseTarget({ CONCORD_DATA_DIR: "/srv/concord" })).toEqual({ provider: "sqlite", file: "/srv/concord/concord.db" });
  });

  it("reads file: URLs, relative or absolute", () => {
    expect(databaseTarget({ DATABASE_URL: "file:./x/y.db" })).toEqual({ provider: "sqlite", file: path.resolve("x/y.db") });
    expect(databaseTarget({ DATABASE_URL: "file:/tmp/a.db" })).toEqual({ provider: "sqlite", file: "/tmp/a.db" });
    expect(databaseTarget({ DATABASE_URL: "file:///tmp/b.db" })).toEqual({ provider: "sqlite", file: "/tmp/b.db" });
  });

  it("reads postgres and postgresql URLs", () => {
    const url = "postgresql://u:p@db.internal:5433/concord";
    expect(databaseTarget({ DATABASE_URL: url })).toEqual({ provider: "postgresql", url, poolSize: 2 * availableParallelism() + 1, statementTimeoutMs: 30_000 });
    expect(databaseTarget({ DATABASE_URL: "postgres://u@h/d" }).provider).toBe("postgresql");
  });

  it("sizes the PostgreSQL pool from DATABASE_POOL_SIZE, refusing what is not a size", () => {
    const url = "postgresql://u@h/d";
    expect(databaseTarget({ DATABASE_URL: url, DATABASE_POOL_SIZE: "24" })).toMatchObject({ provider: "postgresql", url, poolSize: 24 });
    for (const wrong of ["0", "2.5", "many", "-3"]) expect(() => databaseTarget({ DATABASE_URL: url, DATABASE_POOL_SIZE: wrong })).toThrow(/DATABASE_POOL_SIZE must be a whole number from 1 to 1000/);
  });

  it("issue 19 #3: limits a PostgreSQL statement to DATABASE_STATEMENT_TIMEOUT_SECONDS (30 by default, 0 for none), refusing what is not a time", () => {
    const url = "postgresql://u@h/d";
    expect(databaseTarget({ DATABASE_URL: url, DATABASE_STATEMENT_TIMEOUT_SECONDS: "5" })).toMatchObject({ statementTimeoutMs: 5000 });
    expect(databaseTarget({ DATABASE_URL: url, DATABASE_STATEMENT_TIMEOUT_SECONDS: "0" })).toMatchObject({ statementTimeoutMs: 0 });
    for (const wrong of ["1.5", "soon", "-1", "86401"]) {
      expect(() => databaseTarget({ DATABASE_URL: url, DATABASE_STATEMENT_TIMEOUT_SECONDS: wrong })).toThrow(`DATABASE_STATEMENT_TIMEOUT_SECONDS must be a whole number of seconds from 0 (no limit) to 86400; got "${wrong}"`);
    }
  });

  it("never prints the password", () => {
    expect(describeTarget({ provider: "postgresql", url: "postgresql://u:hunter2@db.internal:5433/concord" })).toBe(
      "PostgreSQL at db.internal:5433/concord",
    );
  });

  it("refuses other schemes with a message that says which work", () => {
    expect(() => databaseTarget({ DATABASE_URL: "mysql://u:p@h/d" })).toThrow(/must start with file: \(SQLite\) or postgresql:\/\//);
    expect(() => databaseTarget({ DATABASE_URL: "file:" })).toThrow(/needs a path/);
  });
});

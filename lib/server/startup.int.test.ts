// Several app instances starting at once on one empty PostgreSQL database (issue 20: two of three exited with "A user
// with email admin@example.com already exists"): all come up, one migrates and seeds, the others find it done.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { migrationsDir } from "./db/providers";
import { demoDefinition } from "./demo";
import { postgresMissing, testDatabases } from "@/lib/testing/databases";
import type { Prepared } from "./startup";

const ROOT = path.resolve(import.meta.dirname, "../..");
const postgres = testDatabases().find((database) => database.name === "postgresql");

/** Runs one instance's start-up tasks in a process of its own. */
function startInstance(databaseUrl: string, dataDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "lib/testing/prepare-database.ts")], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, CONCORD_DATA_DIR: dataDir, CONCORD_DEMO: "1" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("three instances starting at once on an empty PostgreSQL database (issue 20)", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "concord-startup-"));
  afterAll(async () => {
    await postgres?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("all come up; the migrations are applied and the demo seeded once", async () => {
    if (!postgres) {
      expect(postgresMissing(), "REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is unset").toBe(false);
      return;
    }
    const target = await postgres.create();
    if (target.provider !== "postgresql") throw new Error("expected PostgreSQL");
    const instances = await Promise.all([1, 2, 3].map(() => startInstance(target.url, dataDir)));
    expect(instances.map(({ code, stderr }) => ({ code, stderr: stderr.trim() }))).toEqual([1, 2, 3].map(() => ({ code: 0, stderr: "" })));

    const prepared = instances.map(({ stdout }) => JSON.parse(stdout.trim().split("\n").at(-1)!) as Prepared);
    const migrations = readdirSync(migrationsDir("postgresql"), { withFileTypes: true }).filter((entry) => entry.isDirectory()).length;
    expect(prepared.map((each) => each.appliedMigrations.length).sort((a, b) => b - a)).toEqual([migrations, 0, 0]);
    expect(prepared.filter((each) => each.demo).length).toBe(1);

    const demo = await demoDefinition();
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      const count = async (sql: string) => Number((await client.query<{ n: string }>(sql)).rows[0]!.n);
      expect(await count(`SELECT count(*) AS n FROM "User"`)).toBe(demo.users.length);
      expect(await count(`SELECT count(*) AS n FROM "Project"`)).toBe(demo.projects.length);
      expect(await count(`SELECT count(*) AS n FROM "Item"`)).toBe(demo.projects.reduce((total, project) => total + project.items.length, 0));
      // The baseline model predicts every demo item, once.
      expect(await count(`SELECT count(*) AS n FROM "Prediction"`)).toBe(demo.projects.reduce((total, project) => total + project.items.length, 0));
      expect(await count(`SELECT count(*) AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`)).toBe(migrations);
    } finally {
      await client.end();
    }
  });
});

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { createDb } from "@/lib/server/db/client";
import type { DatabaseTarget } from "@/lib/server/db/config";
import { describeEachDatabase } from "@/lib/testing/integration";
import { resolveCaller } from "@/lib/server/auth/caller";
import { importGoldLabel } from "@/lib/server/review";
import { CONCORD, ROOT, runConcord } from "@/lib/testing/cli";
import { unzip } from "@/lib/testing/zip";

// The demo stores media under the data directory: keep it out of the checkout's data/.
const DATA_DIR = mkdtempSync(path.join(tmpdir(), "concord-cli-"));
afterAll(() => rmSync(DATA_DIR, { recursive: true, force: true }));

const concord = (target: DatabaseTarget, ...args: string[]) => runConcord(target, args, { CONCORD_DATA_DIR: DATA_DIR });

/** Runs the CLI with its stdout through a pipe read to the end, as a script reading a large answer does. */
function concordThroughPipe(...args: string[]): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, [CONCORD, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  const chunks: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout: Buffer.concat(chunks).toString("utf8") }));
  });
}

it("writes all of a large answer through a pipe before it exits", async () => {
  // 12,000 items by three labelers: the consensus of each is well over 1 MB of JSON, far more than a pipe holds (64 KB).
  const input = path.join(DATA_DIR, "votes.json");
  const labels = ["cat", "dog", "bird"];
  const annotations = Array.from({ length: 12_000 }, (_, item) => ["ann", "bob", "cy"].map((labeler, index) => ({ item: `item-${item}`, labeler, label: labels[(item + (index === 2 ? 1 : 0)) % 3] }))).flat();
  writeFileSync(input, JSON.stringify({ annotations }));
  const { code, stdout } = await concordThroughPipe("consensus", "--method", "majority", "--input", input);
  expect(code).toBe(0);
  expect(stdout.length).toBeGreaterThan(2 ** 20);
  const answer = JSON.parse(stdout) as { items: Record<string, { label: string }> };
  expect(Object.keys(answer.items)).toHaveLength(12_000);
  expect(answer.items["item-11999"]!.label).toBe(labels[11999 % 3]);
});

describeEachDatabase("the concord CLI", (context) => {
  it("adds users and refuses a duplicate on stderr with a non-zero exit", () => {
    const added = concord(context().target, "user", "add", "--email", "cli@example.com", "--password", "cli password", "--name", "Cli", "--admin");
    expect(added).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Created admin user cli@example\.com \(\w+\)\n$/) });
    const again = concord(context().target, "user", "add", "--email", "cli@example.com", "--password", "cli password");
    expect(again).toMatchObject({ code: 1, stdout: "", stderr: "concord: A user with email cli@example.com already exists.\n" });
  });

  it("creates a token, printing only the token, and the token works", async () => {
    const created = concord(context().target, "token", "create", "--email", "cli@example.com", "--name", "ci");
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^cnc_[A-Za-z0-9_-]{43}\n$/);
    const caller = await resolveCaller(`Bearer ${created.stdout.trim()}`, null);
    expect(caller.user.email).toBe("cli@example.com");
  });

  it("says what is wrong: an unknown user, a missing option, an unknown command", () => {
    expect(concord(context().target, "token", "create", "--email", "ghost@example.com")).toMatchObject({ code: 1, stderr: "concord: No user with email ghost@example.com.\n" });
    const missing = concord(context().target, "user", "add", "--email", "x@example.com");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^Missing --password\.\n\nUsage:/);
    expect(concord(context().target, "frobnicate").stderr).toMatch(/^Unknown command "frobnicate"\./);
  });

  it("seeds the demo idempotently: users with every role, an image and an audio project with their media", async () => {
    const first = concord(context().target, "demo");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("admin    admin@example.com / concord-demo");
    expect(first.stderr).toContain("Demo: 5 user(s), 2 project(s), 12 item(s), 12 prediction(s) created.");
    const second = concord(context().target, "demo");
    expect(second.stderr).toContain("Demo: 0 user(s), 0 project(s), 0 item(s), 0 prediction(s) created.");
    const client = createDb(context().target);
    try {
      const projects = await client.project.findMany({ orderBy: { name: "asc" }, select: { name: true, mediaKind: true, _count: { select: { items: true, memberships: true, guidelineVersions: true } } } });
      expect(projects).toEqual([
        { name: "Demo: photo objects", mediaKind: "image", _count: { items: 4, memberships: 5, guidelineVersions: 1 } },
        { name: "Demo: voice search", mediaKind: "audio", _count: { items: 8, memberships: 5, guidelineVersions: 1 } },
      ]);
      const coffee = await client.item.findFirstOrThrow({ where: { originalName: "coffee.png" } });
      expect(coffee).toMatchObject({ width: 600, height: 400, mimeType: "image/png", sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
      const dialogue = await client.item.findFirstOrThrow({ where: { originalName: "dialogue.wav" } });
      expect(dialogue.durationMs).toBeGreaterThan(21_000);
      expect(dialogue.durationMs).toBeLessThan(23_000);
    } finally {
      await client.$disconnect();
    }
  });

  it("judges again what an upgrade left to judge, and says how many changed", async () => {
    const client = createDb(context().target);
    try {
      // An item an earlier release judged "accepted" that has too few labels for the current rules to judge at all.
      const coffee = await client.item.update({ where: { id: (await client.item.findFirstOrThrow({ where: { originalName: "coffee.png" } })).id }, data: { reviewState: "accepted", agreementAt: null } });
      expect(concord(context().target, "rejudge")).toMatchObject({ code: 0, stdout: "Judged 1 item(s) again; 0 changed (their history says so).\n" });
      expect((await client.item.findUniqueOrThrow({ where: { id: coffee.id } })).agreementAt).not.toBeNull();
      expect(concord(context().target, "rejudge", "--project", coffee.projectId)).toMatchObject({ code: 0, stdout: "Judged 0 item(s) again; 0 changed (their history says so).\n" });
      await client.item.update({ where: { id: coffee.id }, data: { reviewState: "open" } });
    } finally {
      await client.$disconnect();
    }
  });

  it("exports with the API's options, --csv-formula-guard among them, and refuses one the format has no use for", async () => {
    const client = createDb(context().target);
    const project = await client.project.findFirstOrThrow({ where: { name: "Demo: photo objects" } }).finally(() => client.$disconnect());
    const out = path.join(DATA_DIR, "demo.zip");
    const exported = concord(context().target, "export", "--project", project.id, "--email", "admin@example.com", "--format", "csv", "--include", "unresolved", "--csv-formula-guard", "0", "--out", out);
    expect(exported).toMatchObject({ code: 0, stdout: `${out}\n` });
    const zip = await unzip(readFileSync(out));
    expect(JSON.parse(zip.get("manifest.json")!)).toMatchObject({ parameters: { format: "csv", include: "unresolved", csvFormulaGuard: false }, items: 4 });
    // --tag: only the items carrying it.
    const writer = createDb(context().target);
    try {
      const coffee = await writer.item.findFirstOrThrow({ where: { projectId: project.id, originalName: "coffee.png" }, select: { id: true } });
      const tag = await writer.tag.create({ data: { projectId: project.id, name: "cup shots", itemCount: 1 } });
      await writer.itemTag.create({ data: { itemId: coffee.id, tagId: tag.id } });
    } finally {
      await writer.$disconnect();
    }
    const tagged = concord(context().target, "export", "--project", project.id, "--email", "admin@example.com", "--format", "csv", "--include", "unresolved", "--tag", "cup shots", "--out", out);
    expect(tagged).toMatchObject({ code: 0, stdout: `${out}\n` });
    expect(JSON.parse((await unzip(readFileSync(out))).get("manifest.json")!)).toMatchObject({ parameters: { tag: "cup shots" }, items: 1 });
    const refused = concord(context().target, "export", "--project", project.id, "--email", "admin@example.com", "--format", "jsonl", "--csv-formula-guard", "0");
    expect(refused).toMatchObject({ code: 1, stdout: "", stderr: "concord: csvFormulaGuard: csvFormulaGuard is for the CSV formats (csv and segments-csv); this format writes no spreadsheet cells\n" });
  });

  it("imports predictions from a JSON Lines file and prints the model's evaluation as GET …/evaluation answers it", async () => {
    const client = createDb(context().target);
    try {
      const project = await client.project.findFirstOrThrow({ where: { name: "Demo: photo objects" } });
      const admin = { user: await client.user.findFirstOrThrow({ where: { email: "admin@example.com" } }), via: "session" as const };
      const scene = (value: string) => [{ task: "scene", type: "classification" as const, values: [value] }];
      // Two photos get a gold label; the model is right about one of them.
      for (const [name, value] of [["coffee.png", "indoor"], ["rocket.jpg", "outdoor"]] as const) {
        const item = await client.item.findFirstOrThrow({ where: { projectId: project.id, originalName: name } });
        await importGoldLabel(admin, item, scene(value), "known", {});
      }
      const input = path.join(DATA_DIR, "predictions.jsonl");
      const predictions = { "coffee.png": "indoor", "rocket.jpg": "space", "chelsea.png": "indoor", "nowhere.png": "indoor" };
      writeFileSync(input, Object.entries(predictions).map(([item, value]) => JSON.stringify({ item, result: scene(value) })).join("\n"));
      const imported = concord(context().target, "predictions", "import", "--project", project.id, "--email", "admin@example.com", "--model", "cli-model", "--version", "7", "--input", input);
      expect(imported.code).toBe(0);
      expect(JSON.parse(imported.stdout)).toMatchObject({ model: { name: "cli-model", version: "7" }, imported: 3, rejected: [{ item: "nowhere.png", reason: "no item of this project has this id or name" }] });

      const evaluated = concord(context().target, "evaluate", "--project", project.id, "--model", "cli-model", "--by", "meta.camera");
      expect(evaluated.code).toBe(0);
      const report = JSON.parse(evaluated.stdout);
      expect(report).toMatchObject({ model: { name: "cli-model", version: "7" }, task: "scene", measure: "accuracy", overall: { items: 2, accuracy: 0.5 }, leftOut: 1, leftOutReasons: { noFinalLabel: 1 } });
      expect(report.slices.map((slice: { value: string; accuracy: number }) => [slice.value, slice.accuracy]).sort()).toEqual([
        ["studio", 1],
        ["telephoto", 0],
      ]);
      const missing = concord(context().target, "evaluate", "--project", project.id, "--model", "none");
      expect(missing).toMatchObject({ code: 1, stdout: "", stderr: 'concord: This project has no model "none".\n' });
    } finally {
      await client.$disconnect();
    }
  });
});

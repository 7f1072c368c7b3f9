import { readdirSync, readFileSync } from "node:fs";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { failure } from "@/lib/testing/failure";
import { fixturePath } from "@/lib/testing/fixtures";
import { describeEachDatabase } from "@/lib/testing/integration";
import { useTemporaryMediaDir } from "@/lib/testing/media-dir";
import { withSettings } from "@/lib/testing/settings";
import type { Caller } from "./auth/caller";
import { importFiles, MAX_FILES_PER_IMPORT, receiveMultipart } from "./imports";
import { incomingDir } from "./media/store";
import { createProject } from "./projects";
import { createUser } from "./users";

useTemporaryMediaDir("concord-import-limits-");

/** A small image (about 100 bytes), under any per-file limit a test sets. */
const tinyPng = async () => new Blob([new Uint8Array(await sharp({ create: { width: 8, height: 8, channels: 3, background: "#c0ffee" } }).png().toBuffer())]);

function send(form: FormData) {
  return receiveMultipart(new Request("http://concord.test/upload", { method: "POST", body: form }));
}


describe("import uploads", () => {
  it(`refuses an upload of more than ${MAX_FILES_PER_IMPORT.toLocaleString("en")} files with their count, instead of dropping the rest (issue 19 #13)`, async () => {
    const form = new FormData();
    for (let index = 0; index < MAX_FILES_PER_IMPORT + 25; index++) form.append("files", new Blob([String(index)]), `f${index}.png`);
    const refused = await failure(send(form));
    expect(refused.status).toBe(413);
    expect(refused.message).toBe("This upload has 10,025 files; an import takes at most 10,000. Import them in several batches; nothing was imported.");
    expect(readdirSync(incomingDir())).toEqual([]);
  });
});

describeEachDatabase("import limits and names", (context) => {
  let manager: Caller;
  let projectId: string;
  const itemCount = () => context().client.item.count({ where: { projectId } });

  it("reads a manifest larger than the per-file limit whole, against a limit of its own (issue 19 #13)", async () => {
    manager = { user: await createUser({ email: `limits@${context().target.provider}.test`, password: "password 123", isAdmin: true }), via: "session" };
    projectId = (await createProject(manager, { name: "Limits", mediaKind: "image", tasks: [{ key: "b", type: "bbox", classes: ["x"] }] })).id;
    // 6,000 rows (about 200 KB) with a 50 KB limit per file: every row is read, the last one too.
    const rows = Array.from({ length: 6000 }, (_, index) => `missing-${index}.png,line ${index % 7},camera ${index % 3}`);
    const form = new FormData();
    form.append("files", await tinyPng(), "tiny.png");
    form.append("manifest", new Blob([`file,line,camera\ntiny.png,line 1,camera 9\n${rows.join("\n")}\n`]), "manifest.csv");
    const received = await withSettings({ CONCORD_MAX_UPLOAD_BYTES: "50000" }, () => send(form));
    expect(received.manifest!.text.length).toBeGreaterThan(50_000);
    const result = await importFiles(manager, projectId, received.files, received.manifest, "upload");
    expect(result.created.map((item) => item.name)).toEqual(["tiny.png"]);
    expect(result.rejected).toHaveLength(6000);
    expect(result.rejected.at(-1)).toEqual({ name: "missing-5999.png", reason: "manifest row 6002 names a file that was not uploaded" });
  });

  it("refuses a manifest or Label Studio export over its own limit whole, never a truncated one (issue 19 #13)", async () => {
    const before = await itemCount();
    for (const part of ["manifest", "labelStudio"] as const) {
      const form = new FormData();
      form.append("files", new Blob([readFileSync(fixturePath("images/rocket.jpg"))]), "rocket.jpg");
      form.append(part, new Blob([`file,x\n${"rocket.jpg,1\n".repeat(2000)}`]), "big.csv");
      const refused = await failure(withSettings({ CONCORD_MAX_MANIFEST_BYTES: "10000" }, () => send(form)));
      expect(refused.status).toBe(413);
      expect(refused.message).toBe(`The ${part === "manifest" ? "manifest" : "Label Studio export"} big.csv is larger than the 0.01 MB limit (CONCORD_MAX_MANIFEST_BYTES); nothing was imported.`);
    }
    expect(await itemCount()).toBe(before);
    expect(readdirSync(incomingDir())).toEqual([]);
  });

  it("refuses a manifest with a NUL in a metadata key or value with a 400 on every database (issue 19 #18)", async () => {
    const before = await itemCount();
    for (const manifest of ['[{"file":"rocket.jpg","camera":"c\\u00001"}]', '[{"file":"rocket.jpg","cam\\u0000era":"c1"}]', '[{"file":"rocket.jpg","source":"kit\\u0000"}]']) {
      const form = new FormData();
      form.append("files", new Blob([readFileSync(fixturePath("images/rocket.jpg"))]), "rocket.jpg");
      form.append("manifest", new Blob([manifest]), "manifest.json");
      const received = await send(form);
      const refused = await failure(importFiles(manager, projectId, received.files, received.manifest, "upload"));
      expect(refused.status).toBe(400);
      expect(refused.message).toMatch(/^The manifest cannot be read: row 1: .* contains a NUL character$/);
    }
    expect(await itemCount()).toBe(before);
  });

  it("names items without control or bidirectional characters, trimmed and capped, and matches them to manifest rows so (issue 19 #22)", async () => {
    const form = new FormData();
    const long = `${"n".repeat(5000)}.jpg`;
    form.append("files", new Blob([readFileSync(fixturePath("images/rocket.jpg"))]), `  rocket-\u202Egpj.exe\u0085\u200F  `);
    form.append("files", new Blob([readFileSync(fixturePath("images/astronaut.png"))]), long);
    form.append("manifest", new Blob([JSON.stringify([{ file: "rocket-gpj.exe", camera: "c1" }])]), "manifest.json");
    const received = await send(form);
    const result = await importFiles(manager, projectId, received.files, received.manifest, "upload");
    expect(result.rejected).toEqual([]);
    const names = result.created.map((item) => item.name);
    expect(names[0]).toBe("rocket-gpj.exe");
    expect(names[1]).toHaveLength(255);
    expect(names[1]!.endsWith("n.jpg")).toBe(true);
    const rocket = await context().client.item.findUniqueOrThrow({ where: { id: result.created[0]!.id } });
    expect(rocket).toMatchObject({ originalName: "rocket-gpj.exe", metadata: { camera: "c1" } });
  });
});

import { spawn } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { buffer, text } from "node:stream/consumers";
import { afterAll, beforeAll, expect, it } from "vitest";
import { s3Settings } from "@/lib/testing/s3-store";
import { fixturePath } from "@/lib/testing/fixtures";
import { openS3Storage, S3Storage } from "./s3-storage";
import { parseMediaUrl } from "./storage";
import { mediaFileNames } from "./store";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const CONCORD = path.join(ROOT, "lib/cli/concord.mjs");

let settings: Record<string, string>;
let stop: () => Promise<void>;
let mediaDir: string;
beforeAll(async () => {
  ({ settings, stop } = await s3Settings());
  mediaDir = mkdtempSync(path.join(tmpdir(), "concord-migrate-"));
});
afterAll(async () => {
  await stop();
  rmSync(mediaDir, { recursive: true, force: true });
});

/** Runs the command line (not waiting synchronously: the s3rver it talks to runs in this process). */
function migrate(...flags: string[]): Promise<{ code: number | null; stderr: string }> {
  const { CONCORD_MEDIA_URL: to, ...aws } = settings;
  const child = spawn(process.execPath, [CONCORD, "media", "migrate", "--to", to!, ...flags], { cwd: ROOT, env: { ...process.env, ...aws, CONCORD_MEDIA_DIR: mediaDir, CONCORD_MEDIA_URL: "" }, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stderr }));
  });
}

it("copies the local media into the store, again only what is missing, verifies what it copied, and says how to switch (issue 20 media storage)", async () => {
  const project = randomUUID();
  mkdirSync(path.join(mediaDir, project));
  mkdirSync(path.join(mediaDir, ".incoming", "some-process"), { recursive: true });
  const bytes = readFileSync(fixturePath("images/coffee.png"));
  const hash = createHash("sha256").update(bytes).digest("hex");
  const names = mediaFileNames(hash, "png");
  writeFileSync(path.join(mediaDir, project, names.media), bytes);
  writeFileSync(path.join(mediaDir, project, names.thumbnail), "a thumbnail");
  writeFileSync(path.join(mediaDir, ".incoming", "some-process", "upload"), "mid-upload");

  const first = await migrate();
  expect(first.code, first.stderr).toBe(0);
  expect(first.stderr).toMatch(/Copied 2 file\(s\) .* 0 were there already\./);
  expect(first.stderr).toContain(`CONCORD_MEDIA_URL=${settings.CONCORD_MEDIA_URL}`);
  const store = await openS3Storage(S3Storage.settings(parseMediaUrl(settings.CONCORD_MEDIA_URL!), settings));
  const { body } = await store.open(`${project}/${names.media}`);
  expect(createHash("sha256").update(await buffer(body!)).digest("hex")).toBe(hash);

  // Again: nothing to copy. An interrupted copy (other bytes at the key) is copied anew when verified.
  expect((await migrate()).stderr).toMatch(/Copied 0 file\(s\) .* 2 were there already\./);
  const other = path.join(mediaDir, "other");
  writeFileSync(other, "a thumbnai!");
  await store.put(`${project}/${names.thumbnail}`, other);
  rmSync(other);
  expect((await migrate()).stderr).toMatch(/Copied 0 file\(s\)/); // same size: only --verify reads it back
  const verified = await migrate("--verify");
  expect(verified.stderr).toMatch(/Copied 1 file\(s\) .* 1 were there already\./);
  expect(await text((await store.open(`${project}/${names.thumbnail}`)).body!)).toBe("a thumbnail");

  // A damaged local file is reported and not copied; the command fails.
  const damaged = mediaFileNames("0".repeat(64), "png").media;
  writeFileSync(path.join(mediaDir, project, damaged), "not what its name says");
  const refused = await migrate();
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain(`${project}/${damaged}: its content no longer matches the SHA-256 it is named by`);
  expect(await store.size(`${project}/${damaged}`)).toBeNull();
  expect(await store.size(".incoming/some-process/upload")).toBeNull();
});

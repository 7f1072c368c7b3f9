import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { fixturePath } from "@/lib/testing/fixtures";
import { inspectMedia } from "./inspect";

const workDir = mkdtempSync(path.join(tmpdir(), "concord-inspect-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe("image inspection", () => {
  it("reports a fixture's size in pixels", async () => {
    const inspected = await inspectMedia(fixturePath("images/coffee.png"), "image");
    expect([inspected.width, inspected.height]).toEqual([600, 400]);
  });

  it("reports a photo stored sideways with an EXIF rotation at the size browsers show it", async () => {
    // A phone held upright stores a 400×300 landscape frame tagged "rotate 90°" (orientation 6).
    const file = path.join(workDir, "portrait.jpg");
    await sharp(await sharp(fixturePath("images/coffee.png")).resize(400, 300, { fit: "fill" }).jpeg().toBuffer())
      .withMetadata({ orientation: 6 })
      .toFile(file);
    expect((await sharp(file).metadata()).orientation).toBe(6);
    const inspected = await inspectMedia(file, "image");
    expect([inspected.width, inspected.height]).toEqual([300, 400]);
  });
});

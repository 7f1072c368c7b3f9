import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { FIXTURES_DIR } from "@/lib/testing/fixtures";
import { failure } from "@/lib/testing/failure";
import { describeEachDatabase } from "@/lib/testing/integration";
import { useTemporaryMediaDir } from "@/lib/testing/media-dir";
import { fileResponse } from "./api/file-response";
import type { Caller } from "./auth/caller";
import { importFiles, receiveMultipart } from "./imports";
import { itemFile, listItems } from "./items";
import { absoluteMediaPath, incomingDir, mediaRoot } from "./media/store";
import { addMember, createProject } from "./projects";
import { createUser } from "./users";

useTemporaryMediaDir("concord-media-");

/** A real multipart upload, as a browser or curl sends it, read back through the streaming parser. */
async function upload(fixtures: string[], manifest?: { name: string; text: string }) {
  const form = new FormData();
  for (const fixture of fixtures) form.append("files", new Blob([readFileSync(path.join(FIXTURES_DIR, fixture))]), path.basename(fixture));
  if (manifest) form.append("manifest", new Blob([manifest.text]), manifest.name);
  return receiveMultipart(new Request("http://concord.test/upload", { method: "POST", body: form }));
}

describeEachDatabase("imports, items and media", (context) => {
  let manager: Caller;
  let audioProject: string;
  let imageProject: string;
  const tag = () => context().target.provider;

  it("imports audio in four formats with manifest metadata, and refuses every bad file with its reason", async () => {
    manager = { user: await createUser({ email: `mgr@${tag()}.test`, password: "password 123", isAdmin: true }), via: "session" };
    audioProject = (await createProject(manager, { name: "Voice", mediaKind: "audio", tasks: [{ key: "text", type: "transcript" }] })).id;
    const manifest = {
      name: "manifest.csv",
      text: "file,accent,device,source\nclip1.wav,en-us,laptop,field kit 1\nclip2.mp3,en-gb,phone,\nmissing.wav,en-us,car,\nhttp://10.0.0.1/clip.wav,en-us,car,\n",
    };
    const received = await upload(
      ["audio/clip1.wav", "audio/clip2.mp3", "audio/clip4.ogg", "audio/clip6.flac", "bad/not-audio.wav", "bad/truncated.wav", "bad/empty.png", "bad/script.svg", "images/coffee.png"],
      manifest,
    );
    const result = await importFiles(manager, audioProject, received.files, received.manifest, "upload");

    expect(result.created.map((item) => item.name)).toEqual(["clip1.wav", "clip2.mp3", "clip4.ogg", "clip6.flac"]);
    expect(result.duplicates).toEqual([]);
    expect(Object.fromEntries(result.rejected.map(({ name, reason }) => [name, reason]))).toEqual({
      "not-audio.wav": "content that is not a recognised media format (text, HTML or SVG are never accepted); an audio project accepts wav, mp3, ogg, oga, flac",
      "truncated.wav": "the WAV file is truncated: its header declares 101302 bytes but it has 3000",
      "empty.png": "the file is empty",
      "script.svg": "content that is not a recognised media format (text, HTML or SVG are never accepted); an audio project accepts wav, mp3, ogg, oga, flac",
      "coffee.png": "image/png content; an audio project accepts wav, mp3, ogg, oga, flac",
      "missing.wav": "manifest row 4 names a file that was not uploaded",
      "http://10.0.0.1/clip.wav": expect.stringMatching(/^manifest row 5: remote URLs are not fetched/),
    });

    const items = await context().client.item.findMany({ where: { projectId: audioProject }, orderBy: { originalName: "asc" } });
    expect(items.map((item) => [item.originalName, item.mimeType, Math.round((item.durationMs ?? 0) / 100)])).toEqual([
      ["clip1.wav", "audio/wav", 23],
      ["clip2.mp3", "audio/mpeg", 22],
      ["clip4.ogg", "audio/ogg", 18],
      ["clip6.flac", "audio/flac", 24],
    ]);
    expect(items[0]).toMatchObject({ metadata: { accent: "en-us", device: "laptop" }, source: "field kit 1", sizeBytes: readFileSync(path.join(FIXTURES_DIR, "audio/clip1.wav")).length });
    expect(items[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    // The manifest's columns of the items created become the facets agreement is broken down by (a missing file's row adds nothing).
    expect((await context().client.project.findUniqueOrThrow({ where: { id: audioProject } })).metadataFacets).toEqual({ accent: ["en-us", "en-gb"], device: ["laptop", "phone"] });
    const batch = await context().client.importBatch.findUniqueOrThrow({ where: { id: result.batchId! } });
    expect((batch.files as { name: string; outcome: string }[]).map((file) => `${file.name}:${file.outcome}`)).toContain("truncated.wav:rejected");

    // Rejected files leave no trace: only the four items' media and peaks are stored, nothing is waiting.
    expect(readdirSync(path.join(mediaRoot(), audioProject)).length).toBe(8);
    expect(readdirSync(incomingDir())).toEqual([]);
  });

  it("imports every good fixture and refuses every bad one", async () => {
    const everything = await createProject(manager, { name: "All audio", mediaKind: "audio", tasks: [{ key: "text", type: "transcript" }] });
    const audio = readdirSync(path.join(FIXTURES_DIR, "audio")).map((file) => `audio/${file}`);
    const bad = readdirSync(path.join(FIXTURES_DIR, "bad")).map((file) => `bad/${file}`);
    const received = await upload([...audio, ...bad]);
    const result = await importFiles(manager, everything.id, received.files, null, "upload");
    expect(result.created.map((item) => item.name).sort()).toEqual(audio.map((file) => path.basename(file)).sort());
    expect(result.rejected.map((rejection) => rejection.name).sort()).toEqual(bad.map((file) => path.basename(file)).sort());

    const photos = await createProject(manager, { name: "All images", mediaKind: "image", tasks: [{ key: "b", type: "bbox", classes: ["x"] }] });
    const images = readdirSync(path.join(FIXTURES_DIR, "images")).map((file) => `images/${file}`);
    const imageUpload = await upload([...images, ...bad]);
    const imageResult = await importFiles(manager, photos.id, imageUpload.files, null, "upload");
    expect(imageResult.created.map((item) => item.name).sort()).toEqual(images.map((file) => path.basename(file)).sort());
    expect(imageResult.rejected.map((rejection) => rejection.name).sort()).toEqual(bad.map((file) => path.basename(file)).sort());
  });

  it("reports content already in the project as a duplicate, also within one upload", async () => {
    const received = await upload(["audio/clip1.wav", "audio/clip3.wav", "audio/clip3.wav"]);
    const result = await importFiles(manager, audioProject, received.files, null, "upload");
    const clip1 = await context().client.item.findFirstOrThrow({ where: { projectId: audioProject, originalName: "clip1.wav" } });
    expect(result.created.map((item) => item.name)).toEqual(["clip3.wav"]);
    expect(result.duplicates).toEqual([
      { name: "clip1.wav", itemId: clip1.id },
      { name: "clip3.wav", itemId: result.created[0]!.id },
    ]);
  });

  it("imports images with their size and a thumbnail, refusing a decompression bomb and a truncated JPEG", async () => {
    imageProject = (await createProject(manager, { name: "Photos", mediaKind: "image", tasks: [{ key: "b", type: "bbox", classes: ["x"] }] })).id;
    const received = await upload(["images/coffee.png", "images/rocket.jpg", "bad/bomb-100k-by-100k.png", "bad/truncated.jpg", "audio/clip1.wav"]);
    const result = await importFiles(manager, imageProject, received.files, null, "api");
    expect(result.created.map((item) => item.name)).toEqual(["coffee.png", "rocket.jpg"]);
    expect(Object.fromEntries(result.rejected.map(({ name, reason }) => [name, reason.split(" (")[0]]))).toEqual({
      "bomb-100k-by-100k.png": "the image claims more than 250,000,000 pixels",
      "truncated.jpg": "the image cannot be decoded",
      "clip1.wav": "audio/wav content; an image project accepts png, jpg, webp, gif, tif",
    });
    const coffee = await context().client.item.findFirstOrThrow({ where: { projectId: imageProject, originalName: "coffee.png" } });
    expect([coffee.width, coffee.height]).toEqual([600, 400]);
    const thumbnail = await itemFile(manager, coffee.id, "thumbnail");
    expect(existsSync(absoluteMediaPath(thumbnail.key))).toBe(true);
  });

  it("refuses files over the size limit without storing them", async () => {
    process.env.CONCORD_MAX_UPLOAD_BYTES = "50000";
    try {
      const received = await upload(["audio/clip5.wav"]);
      const result = await importFiles(manager, audioProject, received.files, null, "upload");
      expect(result.rejected).toEqual([{ name: "clip5.wav", reason: "larger than the 0.05 MB limit per file" }]);
      expect(result.created).toEqual([]);
    } finally {
      delete process.env.CONCORD_MAX_UPLOAD_BYTES;
    }
    expect(readdirSync(incomingDir())).toEqual([]);
  });

  it("serves media with Range requests, the real type and nosniff", async () => {
    const clip = await context().client.item.findFirstOrThrow({ where: { projectId: audioProject, originalName: "clip1.wav" } });
    const { key, mimeType, etag } = await itemFile(manager, clip.id, "media");
    const bytes = readFileSync(path.join(FIXTURES_DIR, "audio/clip1.wav"));
    const ranged = (range?: string) => fileResponse(new Request("http://x/", { headers: range ? { range } : {} }), key, mimeType, etag);

    const whole = await ranged();
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-type")).toBe("audio/wav");
    expect(whole.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);

    const first = await ranged("bytes=0-99");
    expect([first.status, first.headers.get("content-range"), first.headers.get("content-length")]).toEqual([206, `bytes 0-99/${bytes.length}`, "100"]);
    expect(Buffer.from(await first.arrayBuffer()).equals(bytes.subarray(0, 100))).toBe(true);
    const tail = await ranged("bytes=-10");
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(bytes.length - 10))).toBe(true);
    expect((await failure(ranged(`bytes=${bytes.length}-`))).status).toBe(416);

    // A client hanging up after the first chunk (a media element seeking) ends the read quietly.
    const uncaught: unknown[] = [];
    const record = (error: unknown) => uncaught.push(error);
    process.on("uncaughtException", record);
    const reader = (await ranged()).body!.getReader();
    expect((await reader.read()).value?.length).toBeGreaterThan(0);
    await reader.cancel();
    await new Promise((resolve) => setTimeout(resolve, 50));
    process.off("uncaughtException", record);
    expect(uncaught).toEqual([]);

    const peaks = JSON.parse(readFileSync(absoluteMediaPath((await itemFile(manager, clip.id, "peaks")).key), "utf8")) as { duration: number; data: number[] };
    expect(peaks.duration).toBeCloseTo(2.296, 2);
    expect(peaks.data.length).toBe(2 * Math.ceil(peaks.duration * 100));
  });

  it("hides one project's items and media from members of another", async () => {
    const outsider: Caller = { user: await createUser({ email: `out@${tag()}.test`, password: "password 123" }), via: "session" };
    await addMember(manager, imageProject, { email: outsider.user.email, role: "labeler" });
    const clip = await context().client.item.findFirstOrThrow({ where: { projectId: audioProject } });
    expect((await failure(itemFile(outsider, clip.id, "media"))).status).toBe(404);
    expect((await failure(listItems(outsider, audioProject, new URLSearchParams()))).status).toBe(404);
    expect((await failure(importFiles(outsider, imageProject, [], null, "upload"))).status).toBe(403);
  });

  it("lists items page by page and filters by metadata", async () => {
    const first = await listItems(manager, audioProject, new URLSearchParams({ limit: "2" }));
    expect(first.items).toHaveLength(2);
    const second = await listItems(manager, audioProject, new URLSearchParams({ limit: "2", cursor: first.nextCursor! }));
    const rest = await listItems(manager, audioProject, new URLSearchParams({ limit: "10", cursor: second.nextCursor! }));
    const all = [...first.items, ...second.items, ...rest.items].map((item) => item.originalName);
    expect(all.sort()).toEqual(["clip1.wav", "clip2.mp3", "clip3.wav", "clip4.ogg", "clip6.flac"]);
    expect(rest.nextCursor).toBeNull();
    const british = await listItems(manager, audioProject, new URLSearchParams({ "meta.accent": "en-gb" }));
    expect(british.items.map((item) => item.originalName)).toEqual(["clip2.mp3"]);
    expect(british.items[0]).toMatchObject({ mediaUrl: `/api/v1/items/${british.items[0]!.id}/media`, peaksUrl: expect.stringContaining("/peaks"), thumbnailUrl: null });
  });

  it("refuses a NUL in a metadata filter's key or value with a 400 on every database (issue 19 #18)", async () => {
    for (const [key, value, message] of [
      ["meta.accent", "en\u0000us", "meta.0.1: a metadata value cannot hold a NUL character"],
      ["meta.acc\u0000ent", "en-us", "meta.0.0: a metadata key cannot hold a NUL character"],
    ]) {
      const refused = await failure(listItems(manager, audioProject, new URLSearchParams([[key!, value!]])));
      expect([refused.status, refused.message]).toEqual([400, message]);
    }
  });

  it("looks through a big project's items a window at a time under a filter: short pages say where to go on", async () => {
    // 10,000 items (one window) and a few more; the one matching item lies beyond the first window.
    const big = (await createProject(manager, { name: "Big", mediaKind: "image", tasks: [{ key: "defect", type: "classification", classes: ["ok"] }] })).id;
    const count = 10_010;
    const createdAt = (index: number) => new Date(Date.UTC(2026, 0, 1) + index);
    for (let from = 0; from < count; from += 5000) {
      await context().client.item.createMany({
        data: Array.from({ length: Math.min(5000, count - from) }, (_, offset) => ({
          projectId: big, mediaPath: `big/${from + offset}.png`, mimeType: "image/png", originalName: `${from + offset}.png`, sha256: `big-${from + offset}`, sizeBytes: 1,
          metadata: { line: from + offset === 10_005 ? "needle" : "hay" }, createdAt: createdAt(from + offset),
        })),
      });
    }
    const first = await listItems(manager, big, new URLSearchParams({ "meta.line": "needle" }));
    expect(first.items).toEqual([]);
    expect((await context().client.item.findUniqueOrThrow({ where: { id: first.nextCursor! } })).originalName).toBe("9999.png");
    const second = await listItems(manager, big, new URLSearchParams({ "meta.line": "needle", cursor: first.nextCursor! }));
    expect(second.items.map((item) => item.originalName)).toEqual(["10005.png"]);
    expect(second.nextCursor).toBeNull();
    // Without a filter, pages are full and go straight on.
    const page = await listItems(manager, big, new URLSearchParams({ limit: "2", cursor: first.nextCursor! }));
    expect(page.items.map((item) => item.originalName)).toEqual(["10000.png", "10001.png"]);
  });
});

import { randomUUID } from "node:crypto";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { GET as media } from "@/app/api/v1/items/[itemId]/media/route";
import { GET as peaks } from "@/app/api/v1/items/[itemId]/peaks/route";
import { GET as thumbnail } from "@/app/api/v1/items/[itemId]/thumbnail/route";
import { POST as importRoute } from "@/app/api/v1/projects/[projectId]/imports/route";
import { apiClient, expectJson, type ApiCall } from "@/lib/testing/api";
import { fixturePath } from "@/lib/testing/fixtures";
import { describeEachDatabase } from "@/lib/testing/integration";
import { describeEachMediaStore, refuseS3Requests } from "@/lib/testing/media-stores";
import { unzipBytes } from "@/lib/testing/zip";
import { createApiToken } from "../api-tokens";
import type { Caller } from "../auth/caller";
import { exportProject } from "../export";
import { createProject } from "../projects";
import { createUser } from "../users";
import { incomingDir, INCOMING_STALE_MS, mediaPaths, mediaRoot } from "./store";
import { STORE_STAGING_STALE_MS, sweepIncoming, sweepUnreferencedMedia } from "./sweep";
import type { MediaStorage } from "./storage";

interface ImportAnswer {
  created: { id: string; name: string }[];
}

/** Every key in the store, staged batches included. */
async function storedKeys(storage: MediaStorage): Promise<string[]> {
  const keys: string[] = [];
  for await (const project of storage.projects()) for await (const file of storage.files(project)) keys.push(`${project}/${file.name}`);
  for await (const { batchId } of storage.stagedBatches()) keys.push(`staged batch ${batchId}`);
  return keys.sort();
}

describeEachDatabase("media in the store: import, serve with Range, export (issue 20 media storage)", (context) => {
  describeEachMediaStore("round trip", (store) => {
    let manager: Caller;
    let call: ApiCall;
    const newProject = (name: string, mediaKind: "image" | "audio") =>
      createProject(manager, { name, mediaKind, tasks: mediaKind === "image" ? [{ key: "b", type: "bbox", classes: ["x"] }] : [{ key: "t", type: "transcript" }] }).then((project) => project.id);
    const importFixtures = (projectId: string, fixtures: string[]) => {
      const form = new FormData();
      for (const fixture of fixtures) form.append("files", new Blob([readFileSync(fixturePath(fixture))]), path.basename(fixture));
      return call(importRoute, { projectId }, `/projects/${projectId}/imports`, { method: "POST", body: form });
    };

    it("imports into the store, serves media, thumbnails and peaks from it with Range, and exports them", async () => {
      manager = { user: await createUser({ email: `store-${store().name}@${context().target.provider}.test`, password: "password 123", isAdmin: true }), via: "token" };
      call = apiClient((await createApiToken({ ...manager, via: "session" }, { name: "store" })).token);
      const images = await newProject("Photos", "image");
      const voice = await newProject("Voice", "audio");
      const imported = await expectJson<ImportAnswer>(await importFixtures(images, ["images/coffee.png", "images/rocket.jpg"]), 201);
      const [clip] = (await expectJson<ImportAnswer>(await importFixtures(voice, ["audio/clip1.wav"]), 201)).created;

      const rows = await context().client.item.findMany({ where: { projectId: { in: [images, voice] } } });
      for (const row of rows) {
        const keys = mediaPaths(row.projectId, row.sha256, path.extname(row.mediaPath).slice(1));
        expect(await store().storage.size(row.mediaPath)).toBe(row.sizeBytes);
        expect(await store().storage.size(row.mimeType.startsWith("image/") ? keys.thumbnail : keys.peaks)).toBeGreaterThan(0);
      }
      // Nothing is left staged, here or in the store; with S3 nothing of the store is on this disk.
      expect(readdirSync(incomingDir())).toEqual([]);
      expect((await storedKeys(store().storage)).filter((key) => key.startsWith("staged"))).toEqual([]);
      if (store().name === "s3") expect(existsSync(path.join(mediaRoot(), images))).toBe(false);

      const wav = readFileSync(fixturePath("audio/clip1.wav"));
      const get = (handler: typeof media, itemId: string, route: string, range?: string) => call(handler, { itemId }, `/items/${itemId}/${route}`, range ? { headers: { range } } : {});
      const first = await get(media, clip!.id, "media", "bytes=0-99");
      expect([first.status, first.headers.get("content-range"), first.headers.get("content-length"), first.headers.get("content-type")]).toEqual([206, `bytes 0-99/${wav.length}`, "100", "audio/wav"]);
      expect(Buffer.from(await first.arrayBuffer()).equals(wav.subarray(0, 100))).toBe(true);
      const tail = await get(media, clip!.id, "media", "bytes=-10");
      expect(Buffer.from(await tail.arrayBuffer()).equals(wav.subarray(wav.length - 10))).toBe(true);
      expect((await get(media, clip!.id, "media", `bytes=${wav.length}-`)).status).toBe(416);
      const whole = await get(media, clip!.id, "media");
      expect([whole.status, whole.headers.get("content-length")]).toEqual([200, String(wav.length)]);
      expect(Buffer.from(await whole.arrayBuffer()).equals(wav)).toBe(true);
      const waveform = (await (await get(peaks, clip!.id, "peaks")).json()) as { duration: number };
      expect(waveform.duration).toBeCloseTo(2.296, 2);
      const coffee = imported.created.find((item) => item.name === "coffee.png")!;
      const thumb = await get(thumbnail, coffee.id, "thumbnail");
      expect([thumb.status, thumb.headers.get("content-type")]).toEqual([200, "image/webp"]);
      expect((await thumb.arrayBuffer()).byteLength).toBeGreaterThan(0);
      // Authorized by Concord as before: someone outside the project gets nothing from the store.
      const outsider = await createUser({ email: `outsider-${store().name}@${context().target.provider}.test`, password: "password 123" });
      const outsiderCall = apiClient((await createApiToken({ user: outsider, via: "session" }, { name: "outsider" })).token);
      expect((await outsiderCall(media, { itemId: clip!.id }, `/items/${clip!.id}/media`)).status).toBe(404);

      // The export's own process reads the images from the store (Label Studio's brings every item's media).
      const zip = await unzipBytes((await exportProject(manager, images, { format: "label-studio", include: "unresolved" })).stream);
      for (const fixture of ["images/coffee.png", "images/rocket.jpg"]) {
        // Under the original name (issue 21).
        expect(zip.get(`media/${path.basename(fixture)}`)?.equals(readFileSync(fixturePath(fixture)))).toBe(true);
      }
    });

    it("leaves no object and no row when the store refuses an upload, and imports once it takes them again", async () => {
      const projectId = await newProject("Refused", "image");
      const storage = store().storage;
      // S3: the second file's upload is refused, after the first one's went through. Local: the project's folder
      // cannot be made (a file is in its place).
      let uploads = 0;
      const undo =
        store().name === "s3"
          ? refuseS3Requests(storage, (command) => (command === "PutObjectCommand" || command === "CreateMultipartUploadCommand") && ++uploads === 2)
          : (writeFileSync(path.join(mediaRoot(), projectId), "in the way"), () => rmSync(path.join(mediaRoot(), projectId)));
      const before = await storedKeys(storage);
      try {
        const refused = await importFixtures(projectId, ["images/coffee.png", "images/rocket.jpg", "images/hubble_deep_field.jpg"]);
        const body = (await refused.json()) as { error: { code: string; message: string } };
        expect([refused.status, body.error.code]).toEqual([503, "unavailable"]);
        expect(body.error.message).toMatch(/^The media store \(.+\) did not take the files: .+\. Nothing was imported; try again\.$/);
      } finally {
        undo();
      }
      expect(await context().client.item.count({ where: { projectId } })).toBe(0);
      expect(await context().client.importBatch.count({ where: { projectId } })).toBe(0);
      expect(await storedKeys(storage)).toEqual(before);
      expect(readdirSync(incomingDir())).toEqual([]);

      const again = await expectJson<ImportAnswer>(await importFixtures(projectId, ["images/coffee.png", "images/rocket.jpg"]), 201);
      expect(again.created).toHaveLength(2);
      for (const item of again.created) expect((await call(media, { itemId: item.id }, `/items/${item.id}/media`)).status).toBe(200);
    });

    it("puts a committed import's files in place with the sweep when moving them failed after the commit (S3: the copy out of the staging area)", async () => {
      if (store().name !== "s3") return; // the local store's renames are covered by sweep.int.test.ts
      const projectId = await newProject("Copy refused", "image");
      const undo = refuseS3Requests(store().storage, (command) => command === "CopyObjectCommand");
      let failed: Response;
      try {
        failed = await importFixtures(projectId, ["images/coffee.png"]);
      } finally {
        undo();
      }
      expect(failed.status).toBe(500);
      // The rows committed, and the files wait staged in the store, which the sweep settles.
      const item = await context().client.item.findFirstOrThrow({ where: { projectId } });
      expect((await storedKeys(store().storage)).filter((key) => key.startsWith("staged"))).toHaveLength(1);
      expect(await sweepIncoming()).toBeGreaterThan(0);
      expect(await storedKeys(store().storage)).not.toContainEqual(expect.stringMatching(/^staged/));
      const served = await call(media, { itemId: item.id }, `/items/${item.id}/media`);
      expect(Buffer.from(await served.arrayBuffer()).equals(readFileSync(fixturePath("images/coffee.png")))).toBe(true);
    });

    it("sweeps the store: files no item refers to go, staged batches of imports that ended go, what items use stays", async () => {
      const projectId = await newProject("Sweep", "image");
      const [kept] = (await expectJson<ImportAnswer>(await importFixtures(projectId, ["images/coffee.png"]), 201)).created;
      const storage = store().storage;
      const loose = fixturePath("images/rocket.jpg");
      await storage.put(`${projectId}/${"f".repeat(64)}.jpg`, loose);
      await storage.put(`${projectId}/${"e".repeat(64)}.jpg.swept-00000000-0000-0000-0000-000000000000`, loose);
      // An import staged in the store that never committed (its process ended before the commit).
      const staged = mkdtempSync(path.join(tmpdir(), "concord-staged-"));
      copyFileSync(loose, path.join(staged, `${"d".repeat(64)}.jpg`));
      await storage.stage(randomUUID(), projectId, staged);
      rmSync(staged, { recursive: true });
      // Past every staleness limit: the staged import's, and the stored files'.
      const later = Date.now() + STORE_STAGING_STALE_MS + INCOMING_STALE_MS;
      await sweepIncoming(later);
      // The set-aside file an earlier sweep left is decided too, but only files found unreferenced count.
      expect(await sweepUnreferencedMedia(later)).toBe(1);
      const item = await context().client.item.findUniqueOrThrow({ where: { id: kept!.id } });
      const keys = mediaPaths(projectId, item.sha256, "png");
      expect((await storedKeys(storage)).filter((key) => key.startsWith(projectId) || key.startsWith("staged"))).toEqual([keys.media, keys.thumbnail].sort());
    });
  });
});

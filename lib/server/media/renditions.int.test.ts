import { readFileSync } from "node:fs";
import sharp from "sharp";
import { expect, it } from "vitest";
import { GET as getItem } from "@/app/api/v1/items/[itemId]/route";
import { GET as media } from "@/app/api/v1/items/[itemId]/media/route";
import { GET as rendition } from "@/app/api/v1/items/[itemId]/rendition/route";
import { GET as tile } from "@/app/api/v1/items/[itemId]/tiles/[level]/[tile]/route";
import { GET as tiles } from "@/app/api/v1/items/[itemId]/tiles/route";
import { POST as importRoute } from "@/app/api/v1/projects/[projectId]/imports/route";
import { parseDzi } from "@/lib/labeling/tiles";
import { apiClient, expectJson, type ApiCall } from "@/lib/testing/api";
import { fixturePath } from "@/lib/testing/fixtures";
import { describeEachDatabase } from "@/lib/testing/integration";
import { describeEachMediaStore } from "@/lib/testing/media-stores";
import { unzipBytes } from "@/lib/testing/zip";
import { createApiToken } from "../api-tokens";
import type { Caller } from "../auth/caller";
import { backgroundSettled } from "../background";
import { exportProject } from "../export";
import { addMember, createProject } from "../projects";
import { createUser } from "../users";
import { INCOMING_STALE_MS, renditionPaths, tileKey } from "./store";
import { sweepUnreferencedMedia } from "./sweep";

interface ImportAnswer {
  created: { id: string; name: string }[];
}

/** A 3000×2000 photo-like JPEG: gradients, so that its tiles differ. */
async function bigJpeg(): Promise<Buffer> {
  const [width, height] = [3000, 2000];
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const offset = (y * width + x) * 3;
      pixels[offset] = (255 * x) / width;
      pixels[offset + 1] = (255 * y) / height;
      pixels[offset + 2] = 128;
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 80 }).toBuffer();
}

describeEachDatabase("big images: a rendition and Deep Zoom tiles made after import (issue 23)", (context) => {
  describeEachMediaStore("renditions", (store) => {
    it("makes them in a job after the import, serves them to members only with immutable caching, and leaves the original and its size alone", async () => {
      const tag = `${store().name}-${context().target.provider}`;
      const manager: Caller = { user: await createUser({ email: `big-${tag}@example.test`, password: "password 123", isAdmin: true }), via: "token" };
      const call: ApiCall = apiClient((await createApiToken({ ...manager, via: "session" }, { name: "big" })).token);
      const { id: projectId } = await createProject(manager, { name: "Big photos", mediaKind: "image", tasks: [{ key: "b", type: "bbox", classes: ["x"] }] });
      const photo = await bigJpeg();
      const form = new FormData();
      form.append("files", new Blob([new Uint8Array(photo)]), "big.jpg");
      form.append("files", new Blob([readFileSync(fixturePath("images/coffee.png"))]), "coffee.png");
      const { created } = await expectJson<ImportAnswer>(await call(importRoute, { projectId }, `/projects/${projectId}/imports`, { method: "POST", body: form }), 201);
      const idOf = (name: string) => created.find((item) => item.name === name)!.id;
      const [big, small] = [idOf("big.jpg"), idOf("coffee.png")];
      await backgroundSettled();

      const row = await context().client.item.findUniqueOrThrow({ where: { id: big } });
      const keys = renditionPaths(projectId, row.sha256);
      expect([row.renditionPath, row.tilesPath, row.width, row.height]).toEqual([keys.rendition, keys.tiles, 3000, 2000]);
      expect(await context().client.item.findUniqueOrThrow({ where: { id: small }, select: { renditionPath: true, tilesPath: true } })).toEqual({ renditionPath: null, tilesPath: null });

      // The item says where they are; its size and media stay the original's, the frame shapes are stored in.
      const view = await expectJson<{ width: number; height: number; renditionUrl: string; tilesUrl: string }>(await call(getItem, { itemId: big }, `/items/${big}`), 200);
      expect(view).toMatchObject({ width: 3000, height: 2000, renditionUrl: `/api/v1/items/${big}/rendition`, tilesUrl: `/api/v1/items/${big}/tiles` });
      expect(Buffer.from(await (await call(media, { itemId: big }, `/items/${big}/media`)).arrayBuffer()).equals(photo)).toBe(true);
      expect(await expectJson<{ renditionUrl: null; tilesUrl: null }>(await call(getItem, { itemId: small }, `/items/${small}`), 200)).toMatchObject({ renditionUrl: null, tilesUrl: null });

      const served = await call(rendition, { itemId: big }, `/items/${big}/rendition`);
      expect([served.status, served.headers.get("content-type"), served.headers.get("cache-control")]).toEqual([200, "image/webp", "private, max-age=31536000, immutable"]);
      expect(await sharp(Buffer.from(await served.arrayBuffer())).metadata()).toMatchObject({ format: "webp", width: 2048, height: 1365 });

      const dzi = parseDzi(await (await call(tiles, { itemId: big }, `/items/${big}/tiles`)).text());
      expect(dzi).toEqual({ tileSize: 512, overlap: 0, format: "jpeg", width: 3000, height: 2000 });
      // Level 12 is the full resolution (2^12 ≥ 3000): 6×4 tiles, the last column and row cut at the image's edge.
      const tileAt = (name: string, level = "12") => call(tile, { itemId: big, level, tile: name }, `/items/${big}/tiles/${level}/${name}`);
      for (const [name, width, height] of [
        ["0_0.jpeg", 512, 512],
        ["5_3.jpeg", 3000 - 5 * 512, 2000 - 3 * 512],
      ] as const) {
        const response = await tileAt(name);
        expect([response.status, response.headers.get("content-type"), response.headers.get("cache-control")]).toEqual([200, "image/jpeg", "private, max-age=31536000, immutable"]);
        expect(await sharp(Buffer.from(await response.arrayBuffer())).metadata()).toMatchObject({ width, height });
      }
      // The tile's pixels are the original's: the middle of tile 1_1 is pixel (768, 768) of the photo.
      const { data } = await sharp(Buffer.from(await (await tileAt("1_1.jpeg")).arrayBuffer())).extract({ left: 256, top: 256, width: 1, height: 1 }).raw().toBuffer({ resolveWithObject: true });
      expect(Math.abs(data[0]! - (255 * 768) / 3000)).toBeLessThan(6);
      expect(Math.abs(data[1]! - (255 * 768) / 2000)).toBeLessThan(6);
      expect((await tileAt("6_0.jpeg")).status).toBe(404);
      expect((await tileAt("0_0.jpeg", "31")).status).toBe(400);
      expect((await tileAt("../../x.jpeg")).status).toBe(400);
      expect((await call(rendition, { itemId: small }, `/items/${small}/rendition`)).status).toBe(404);
      expect((await call(tiles, { itemId: small }, `/items/${small}/tiles`)).status).toBe(404);

      // The media's authorization: a labeler of the project gets them, someone outside it nothing.
      const labeler = await createUser({ email: `big-labeler-${tag}@example.test`, password: "password 123" });
      await addMember(manager, projectId, { email: labeler.email, role: "labeler" });
      const outsider = await createUser({ email: `big-outsider-${tag}@example.test`, password: "password 123" });
      for (const [user, status] of [
        [labeler, 200],
        [outsider, 404],
      ] as const) {
        const as = apiClient((await createApiToken({ user, via: "session" }, { name: "big" })).token);
        expect((await as(rendition, { itemId: big }, `/items/${big}/rendition`)).status).toBe(status);
        expect((await as(tiles, { itemId: big }, `/items/${big}/tiles`)).status).toBe(status);
        expect((await as(tile, { itemId: big, level: "12", tile: "0_0.jpeg" }, `/items/${big}/tiles/12/0_0.jpeg`)).status).toBe(status);
      }

      // Exports carry the original, and only it.
      const zip = await unzipBytes((await exportProject(manager, projectId, { format: "label-studio", include: "unresolved" })).stream);
      expect(zip.get("media/big.jpg")?.equals(photo)).toBe(true);
      expect([...zip.keys()].filter((name) => /rendition|dzi|_files/.test(name))).toEqual([]);

      // The sweep of unreferenced files keeps them: they belong to an item.
      await sweepUnreferencedMedia(Date.now() + 2 * INCOMING_STALE_MS);
      for (const key of [keys.rendition, keys.tiles, tileKey(keys.tiles, "12/0_0.jpeg")]) expect(await store().storage.size(key)).toBeGreaterThan(0);
    });

    it("serves the original, uncached, for a big image imported before renditions existed, and makes its rendition then", async () => {
      const tag = `lazy-${store().name}-${context().target.provider}`;
      const manager: Caller = { user: await createUser({ email: `big-${tag}@example.test`, password: "password 123", isAdmin: true }), via: "token" };
      const call: ApiCall = apiClient((await createApiToken({ ...manager, via: "session" }, { name: "big" })).token);
      const { id: projectId } = await createProject(manager, { name: "Earlier photos", mediaKind: "image", tasks: [{ key: "b", type: "bbox", classes: ["x"] }] });
      const form = new FormData();
      form.append("files", new Blob([new Uint8Array(await bigJpeg())]), "earlier.jpg");
      const { id } = (await expectJson<ImportAnswer>(await call(importRoute, { projectId }, `/projects/${projectId}/imports`, { method: "POST", body: form }), 201)).created[0]!;
      await backgroundSettled();
      // As an import of an earlier version left it.
      await context().client.item.update({ where: { id }, data: { renditionPath: null, tilesPath: null } });

      const first = await call(rendition, { itemId: id }, `/items/${id}/rendition`);
      expect([first.status, first.headers.get("content-type"), first.headers.get("cache-control")]).toEqual([200, "image/jpeg", "private, no-cache"]);
      expect((await call(tiles, { itemId: id }, `/items/${id}/tiles`)).status).toBe(404);
      await backgroundSettled();
      const then = await call(rendition, { itemId: id }, `/items/${id}/rendition`);
      expect([then.status, then.headers.get("content-type")]).toEqual([200, "image/webp"]);
      expect((await call(tiles, { itemId: id }, `/items/${id}/tiles`)).status).toBe(200);
    });
  });
});

// Big images (lib/labeling/tiles.ts): a screen-sized WebP rendition, shown at once, and a Deep Zoom pyramid of JPEG
// tiles for where the labeler zooms in. Made by a job, never on a request's path: after the import that brought the
// images, and for images imported before renditions existed when their rendition is first asked for (items.ts).
import { createWriteStream } from "node:fs";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import sharp from "sharp";
import { BIG_IMAGE_SIDE, RENDITION_SIDE, TILE_SIZE } from "@/lib/labeling/tiles";
import { db } from "../db/client";
import { defineJob } from "../jobs";
import { MAX_IMAGE_PIXELS } from "./inspect";
import { mediaStorage, openIncomingDir, renditionPaths, tileKey } from "./store";

/** Items read per query. */
const PAGE = 20;
/** A tile's path in the pyramid: `<level>/<col>_<row>.<format>`. */
export const TILE = /^\d{1,2}\/\d{1,5}_\d{1,5}\.(jpeg|png|webp)$/;
/** Tiles uploaded at a time. */
const UPLOADS_AT_ONCE = 8;

const needsRendition = (projectId: string) => ({
  projectId,
  renditionPath: null,
  mimeType: { startsWith: "image/" },
  OR: [{ width: { gt: BIG_IMAGE_SIDE } }, { height: { gt: BIG_IMAGE_SIDE } }],
});

/**
 * Makes the renditions and tiles a project's big images lack (after an import; one run per project at a time), or one
 * item's (asked for by a request for its rendition: a run of its own, which reads that item only).
 */
export const imageRenditionsJob = defineJob<{ projectId: string; itemId?: string }>({
  name: "image-renditions",
  key: ({ projectId, itemId }) => itemId ?? projectId,
  run: async ({ projectId, itemId }) => void (await makeRenditions(projectId, itemId)),
});

/**
 * One pass over the project's big images without a rendition, in id order, or over the one item named (an image that
 * fails is logged and left for the next run; images imported meanwhile come with a run of their own). Returns how many
 * were made.
 */
export async function makeRenditions(projectId: string, itemId?: string): Promise<number> {
  let made = 0;
  let after: string | undefined;
  for (;;) {
    const items = await db().item.findMany({
      where: { ...needsRendition(projectId), ...(itemId ? { id: itemId } : after ? { id: { gt: after } } : {}) },
      select: { id: true, sha256: true, mediaPath: true },
      orderBy: { id: "asc" },
      take: PAGE,
    });
    for (const item of items) {
      try {
        await db().item.update({ where: { id: item.id }, data: await makeRendition(projectId, item) });
        made++;
      } catch (error) {
        console.error(`concord: no rendition for item ${item.id}: ${(error as Error).message}`);
      }
    }
    if (items.length < PAGE) return made;
    after = items.at(-1)!.id;
  }
}

/** Writes one image's rendition and pyramid to the store; returns their keys. */
async function makeRendition(projectId: string, item: { sha256: string; mediaPath: string }): Promise<{ renditionPath: string; tilesPath: string }> {
  const storage = await mediaStorage();
  // Worked on in this process's incoming folder, which the sweep leaves alone while the process lives.
  const dir = await mkdtemp(path.join(await openIncomingDir(), "rendition-"));
  try {
    const source = path.join(dir, "source");
    const { body } = await storage.open(item.mediaPath);
    if (body) await pipeline(body, createWriteStream(source));
    else await writeFile(source, "");
    // Oriented as the browser shows the original (EXIF), the frame shapes are drawn in.
    const image = () => sharp(source, { limitInputPixels: MAX_IMAGE_PIXELS }).rotate();
    await image().resize(RENDITION_SIDE, RENDITION_SIDE, { fit: "inside", withoutEnlargement: true }).webp({ quality: 82 }).toFile(path.join(dir, "rendition.webp"));
    await image().flatten({ background: "#ffffff" }).jpeg({ quality: 85 }).tile({ size: TILE_SIZE, overlap: 0, layout: "dz" }).toFile(path.join(dir, "tiles"));

    const keys = renditionPaths(projectId, item.sha256);
    const tilesDir = path.join(dir, "tiles_files");
    const tiles = (await readdir(tilesDir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile())
      .map((entry) => path.relative(tilesDir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
      .filter((tile) => TILE.test(tile)); // not libvips's vips-properties.xml
    for (let start = 0; start < tiles.length; start += UPLOADS_AT_ONCE) {
      await Promise.all(tiles.slice(start, start + UPLOADS_AT_ONCE).map((tile) => storage.put(tileKey(keys.tiles, tile), path.join(tilesDir, tile))));
    }
    // The descriptor last: once it is in the store, so is every tile it describes.
    await storage.put(keys.rendition, path.join(dir, "rendition.webp"));
    await storage.put(keys.tiles, path.join(dir, "tiles.dzi"));
    return { renditionPath: keys.rendition, tilesPath: keys.tiles };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

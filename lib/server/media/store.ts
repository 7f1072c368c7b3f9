import { createHash } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { dataDir, type Env } from "../db/config";

/** Where media files live: data/media unless CONCORD_MEDIA_DIR says otherwise. */
export function mediaRoot(env: Env = process.env): string {
  return path.resolve(/*turbopackIgnore: true*/ env.CONCORD_MEDIA_DIR ?? path.join(dataDir(env), "media"));
}

/** Uploads arrive here first, on the same file system as the store, so that storing is a rename. */
export function incomingDir(): string {
  return path.join(mediaRoot(), ".incoming");
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Files derived from an item's media at import, relative to the media root. */
export function derivedPaths(projectId: string, contentHash: string) {
  const base = path.join(projectId, contentHash);
  return { thumbnail: `${base}.thumb.webp`, peaks: `${base}.peaks.json` };
}

/** The files kept for one item, relative to the media root: named by content, so stored once per project. */
export function mediaPaths(projectId: string, contentHash: string, extension: string) {
  return { media: `${path.join(projectId, contentHash)}.${extension}`, ...derivedPaths(projectId, contentHash) };
}

export function absoluteMediaPath(relative: string): string {
  const root = mediaRoot();
  const absolute = path.resolve(root, relative);
  // Paths come from the database, but a path that escapes the root is never served.
  if (!absolute.startsWith(root + path.sep)) throw new Error(`media path outside the media directory: ${relative}`);
  return absolute;
}

/** Moves an inspected upload into the store with its derived files; returns what was written. */
export async function storeMedia(
  projectId: string,
  contentHash: string,
  extension: string,
  incomingFile: string,
  derived: { thumbnail?: Buffer; peaks?: unknown },
): Promise<string[]> {
  const paths = mediaPaths(projectId, contentHash, extension);
  await mkdir(path.dirname(absoluteMediaPath(paths.media)), { recursive: true });
  const written = [paths.media];
  await rename(incomingFile, absoluteMediaPath(paths.media));
  if (derived.thumbnail) {
    await writeFile(absoluteMediaPath(paths.thumbnail), derived.thumbnail);
    written.push(paths.thumbnail);
  }
  if (derived.peaks) {
    await writeFile(absoluteMediaPath(paths.peaks), JSON.stringify(derived.peaks));
    written.push(paths.peaks);
  }
  return written;
}

export async function removeStored(relativePaths: string[]): Promise<void> {
  await Promise.all(relativePaths.map((relative) => rm(absoluteMediaPath(relative), { force: true })));
}

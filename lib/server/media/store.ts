import { createHash, randomUUID } from "node:crypto";
import { mkdir, rm, utimes } from "node:fs/promises";
import path from "node:path";
import { db } from "../db/client";
import { dataDir, type Env } from "../db/config";
import { LocalStorage } from "./local-storage";
import { openS3Storage, S3Storage } from "./s3-storage";
import { parseMediaUrl, type CommittedBatch, type MediaStorage } from "./storage";

/**
 * The local media directory: data/media unless CONCORD_MEDIA_DIR says otherwise. The store itself with the local
 * driver; with S3, where uploads and imports are staged.
 */
export function mediaRoot(env: Env = process.env): string {
  return path.resolve(/*turbopackIgnore: true*/ env.CONCORD_MEDIA_DIR ?? path.join(dataDir(env), "media"));
}

const storages = new Map<string, Promise<MediaStorage>>();

/**
 * The media store the settings choose: CONCORD_MEDIA_URL=s3://bucket/prefix with the AWS SDK's variables
 * (s3-storage.ts), else the local directory. One per setting, since an S3 client keeps its connections open.
 */
export function mediaStorage(env: Env = process.env): Promise<MediaStorage> {
  const url = env.CONCORD_MEDIA_URL?.trim();
  const settings = url ? S3Storage.settings(parseMediaUrl(url), env) : { root: mediaRoot(env) };
  const key = JSON.stringify(settings);
  let storage = storages.get(key);
  if (!storage) {
    storage = "bucket" in settings ? openS3Storage(settings) : Promise.resolve(new LocalStorage(settings.root));
    storages.set(key, storage);
  }
  return storage;
}

/** Uploads arrive under here first, on the same file system as the local store, so that storing is a rename. */
export function incomingRoot(): string {
  return path.join(mediaRoot(), ".incoming");
}

/** This process's folder in incomingRoot: every upload and staged import of the process lives in it. */
const INSTANCE = randomUUID();
/** A process touches its incoming folder this often while it lives… */
const INCOMING_HEARTBEAT_MS = 15_000;
/** …so a folder untouched this long belongs to a process that is gone (or an earlier version's loose upload). */
export const INCOMING_STALE_MS = 2 * 60_000;
const heartbeats = new Map<string, NodeJS.Timeout>();

export function incomingDir(): string {
  return path.join(incomingRoot(), INSTANCE);
}

/**
 * Creates this process's incoming folder and keeps it fresh from now on, so that the sweep (sweep.ts) of any
 * instance leaves the uploads and imports under way in it alone.
 */
export async function openIncomingDir(): Promise<string> {
  const dir = incomingDir();
  await mkdir(dir, { recursive: true });
  if (!heartbeats.has(dir)) {
    const touch = () => utimes(dir, new Date(), new Date()).catch(() => undefined); // recreated by the next open if removed
    heartbeats.set(dir, setInterval(touch, INCOMING_HEARTBEAT_MS).unref());
  }
  return dir;
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The file names kept for one item in its project's folder: named by content, so stored once per project. */
export function mediaFileNames(contentHash: string, extension: string) {
  return { media: `${contentHash}.${extension}`, thumbnail: `${contentHash}.thumb.webp`, peaks: `${contentHash}.peaks.json` };
}

/** Files derived from an item's media at import: their keys in the media store. */
export function derivedPaths(projectId: string, contentHash: string) {
  const { thumbnail, peaks } = mediaFileNames(contentHash, "");
  return { thumbnail: `${projectId}/${thumbnail}`, peaks: `${projectId}/${peaks}` };
}

/**
 * A big image's screen-sized rendition and Deep Zoom pyramid (renditions.ts): the .dzi descriptor's key, and its tiles
 * under `<sha256>_files/<level>/<col>_<row>.<format>`. The tiles sit in a folder of the project's folder, which the
 * sweep of unreferenced files does not list (it reads only the project's own files).
 */
export function renditionPaths(projectId: string, contentHash: string) {
  return { rendition: `${projectId}/${contentHash}.rendition.webp`, tiles: `${projectId}/${contentHash}.dzi` };
}

/** The key of one tile of the pyramid whose descriptor is at `tilesPath` (`tile`: `<level>/<col>_<row>.<format>`). */
export const tileKey = (tilesPath: string, tile: string) => `${tilesPath.replace(/\.dzi$/, "")}_files/${tile}`;

/** The files kept for one item: their keys in the media store (the media's is the item's mediaPath). */
export function mediaPaths(projectId: string, contentHash: string, extension: string) {
  return { media: `${projectId}/${mediaFileNames(contentHash, extension).media}`, ...derivedPaths(projectId, contentHash) };
}

/** Where a key's file is in the local media directory (tests and benchmarks that write it directly). */
export function absoluteMediaPath(key: string): string {
  return new LocalStorage(mediaRoot()).path(key);
}

/**
 * An import's files wait in a folder named by its batch (the batch's id), under the names they will have in the
 * project's folder, until the batch's transaction has committed. Only then do they reach the store (S3: they are
 * uploaded to a staging area of the store before the commit, and copied into place after it), so that an import that
 * fails, or loses a race to another import of the same files, never touches a stored file.
 */
export async function stagingDir(batchId: string): Promise<string> {
  const dir = path.join(await openIncomingDir(), batchId);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** A staging folder whose import ended without settling it (the database could not say whether it committed). */
export const UNSETTLED = ".unsettled";

/**
 * Settles a staging folder: when its batch committed, the files of the batch's items go to the project's folder in
 * the store (a file that became a duplicate of another import's item is dropped); when it did not, they are dropped.
 * The folder is gone afterwards. The import that has just committed says which files are its items; otherwise the
 * database is asked, and when it cannot answer this throws, leaving the folder for the sweep.
 */
export async function settleStaging(dir: string, committed?: CommittedBatch): Promise<void> {
  const batchId = path.basename(dir, UNSETTLED);
  await (await mediaStorage()).settle(batchId, committed ?? (await committedBatch(batchId)), dir);
  await rm(dir, { recursive: true, force: true });
}

/** The batch's project and content hashes, if it committed. */
export async function committedBatch(batchId: string): Promise<CommittedBatch | null> {
  const batch = await db().importBatch.findUnique({ where: { id: batchId }, select: { projectId: true, items: { select: { sha256: true } } } });
  return batch && { projectId: batch.projectId, hashes: new Set(batch.items.map((item) => item.sha256)) };
}

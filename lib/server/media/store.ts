import { createHash, randomUUID } from "node:crypto";
import { mkdir, readdir, rename, rm, utimes } from "node:fs/promises";
import path from "node:path";
import { db } from "../db/client";
import { dataDir, type Env } from "../db/config";

/** Where media files live: data/media unless CONCORD_MEDIA_DIR says otherwise. */
export function mediaRoot(env: Env = process.env): string {
  return path.resolve(/*turbopackIgnore: true*/ env.CONCORD_MEDIA_DIR ?? path.join(dataDir(env), "media"));
}

/** Uploads arrive under here first, on the same file system as the store, so that storing is a rename. */
export function incomingRoot(): string {
  return path.join(mediaRoot(), ".incoming");
}

/** This process's folder in incomingRoot: every upload and staged import of the process lives in it. */
const INSTANCE = randomUUID();
/** A process touches its incoming folder this often while it lives… */
export const INCOMING_HEARTBEAT_MS = 15_000;
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

/** The content hash a stored (or staged) file is named by. */
export const contentHashOf = (fileName: string) => fileName.split(".")[0]!;

/** Files derived from an item's media at import, relative to the media root. */
export function derivedPaths(projectId: string, contentHash: string) {
  const { thumbnail, peaks } = mediaFileNames(contentHash, "");
  return { thumbnail: path.join(projectId, thumbnail), peaks: path.join(projectId, peaks) };
}

/** The files kept for one item, relative to the media root. */
export function mediaPaths(projectId: string, contentHash: string, extension: string) {
  return { media: path.join(projectId, mediaFileNames(contentHash, extension).media), ...derivedPaths(projectId, contentHash) };
}

export function absoluteMediaPath(relative: string): string {
  const root = mediaRoot();
  const absolute = path.resolve(root, relative);
  // Paths come from the database, but a path that escapes the root is never served.
  if (!absolute.startsWith(root + path.sep)) throw new Error(`media path outside the media directory: ${relative}`);
  return absolute;
}

/**
 * An import's files wait in a folder named by its batch (the batch's id), under the names they will have in the
 * project's folder, until the batch's transaction has committed. Only then do they move into place, so that an
 * import that fails, or loses a race to another import of the same files, never touches a stored file.
 */
export async function stagingDir(batchId: string): Promise<string> {
  const dir = path.join(await openIncomingDir(), batchId);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** A staging folder whose import ended without settling it (the database could not say whether it committed). */
export const UNSETTLED = ".unsettled";

/**
 * Settles a staging folder: when its batch committed, the files of the batch's items move into the project's folder
 * (a file that became a duplicate of another import's item is dropped); when it did not, they are dropped. The
 * folder is gone afterwards. The import that has just committed says which files are its items; otherwise the
 * database is asked, and when it cannot answer this throws, leaving the folder for the sweep.
 */
export async function settleStaging(dir: string, committed?: { projectId: string; hashes: ReadonlySet<string> }): Promise<void> {
  const batch = committed ?? (await committedBatch(path.basename(dir, UNSETTLED)));
  if (batch) {
    const files = (await readdir(dir).catch(() => [])).filter((file) => batch.hashes.has(contentHashOf(file)));
    if (files.length) await mkdir(path.join(mediaRoot(), batch.projectId), { recursive: true });
    for (const file of files) await rename(path.join(dir, file), absoluteMediaPath(path.join(batch.projectId, file)));
  }
  await rm(dir, { recursive: true, force: true });
}

async function committedBatch(batchId: string): Promise<{ projectId: string; hashes: Set<string> } | null> {
  const batch = await db().importBatch.findUnique({ where: { id: batchId }, select: { projectId: true, items: { select: { sha256: true } } } });
  return batch && { projectId: batch.projectId, hashes: new Set(batch.items.map((item) => item.sha256)) };
}

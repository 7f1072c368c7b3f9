import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { dataDir, type Env } from "./db/config";

/** Where media files live: data/media unless CONCORD_MEDIA_DIR says otherwise. */
export function mediaRoot(env: Env = process.env): string {
  return path.resolve(env.CONCORD_MEDIA_DIR ?? path.join(dataDir(env), "media"));
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Stores a file under its content hash (so one content is stored once per project) and returns its
 * path relative to the media root, which is what items keep.
 */
export async function storeMedia(projectId: string, bytes: Uint8Array, extension: string): Promise<string> {
  const relative = path.join(projectId, `${sha256(bytes)}${extension.toLowerCase()}`);
  const absolute = path.join(mediaRoot(), relative);
  await mkdir(path.dirname(absolute), { recursive: true });
  await writeFile(absolute, bytes);
  return relative;
}

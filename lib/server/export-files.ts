// Where an export job keeps its zip: in the media store (the directory or the S3 bucket, media/storage.ts) under
// `.exports/<projectId>/<exportId>.zip`, a dot folder that the media sweep leaves alone, so that any instance serves it.
import { createWriteStream } from "node:fs";
import { rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { Readable as NodeReadable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import { MediaMissing } from "./media/storage";
import { mediaStorage, openIncomingDir } from "./media/store";

export const exportZipKey = (projectId: string, exportId: string) => `.exports/${projectId}/${exportId}.zip`;

/**
 * Writes the zip to this process's incoming folder (which the sweep clears if the process dies), then puts it under its
 * key whole (a failed upload leaves nothing there); returns its size in bytes.
 */
export async function saveExportZip(key: string, zip: ReadableStream<Uint8Array>): Promise<number> {
  const local = path.join(await openIncomingDir(), `export-${path.basename(key)}`);
  try {
    await pipeline(NodeReadable.fromWeb(zip as NodeWebStream<Uint8Array>), createWriteStream(local));
    const { size } = await stat(local);
    await (await mediaStorage()).put(key, local);
    return size;
  } finally {
    await rm(local, { force: true });
  }
}

/** The zip's bytes and size; null when it is not in the store. */
export async function openExportZip(key: string): Promise<{ size: number; body: Readable } | null> {
  try {
    const { size, body } = await (await mediaStorage()).open(key);
    return { size, body: body ?? NodeReadable.from([]) };
  } catch (error) {
    if (error instanceof MediaMissing) return null;
    throw error;
  }
}

export async function removeExportZip(key: string): Promise<void> {
  await (await mediaStorage()).remove(key);
}

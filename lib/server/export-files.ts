// Where an export job keeps its zip: in the media store under `.exports/<projectId>/<exportId>.zip` (a dot folder,
// which the media sweep leaves alone). Today the store is the local media directory; once the storage interface of
// the media-s3 work lands, these three functions become its put (of the local file written here), open and remove.
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import { pipeline } from "node:stream/promises";
import { absoluteMediaPath } from "./media/store";

export const exportZipKey = (projectId: string, exportId: string) => `.exports/${projectId}/${exportId}.zip`;

/** Writes the zip under its key, whole or not at all (a partial file beside it first); returns its size in bytes. */
export async function saveExportZip(key: string, zip: ReadableStream<Uint8Array>): Promise<number> {
  const target = absoluteMediaPath(key);
  await mkdir(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  try {
    await pipeline(Readable.fromWeb(zip as NodeWebStream<Uint8Array>), createWriteStream(partial));
    await rename(partial, target);
  } finally {
    await rm(partial, { force: true });
  }
  return (await stat(target)).size;
}

/** The zip's bytes and size; null when it is not there. */
export async function openExportZip(key: string): Promise<{ size: number; body: Readable } | null> {
  const file = absoluteMediaPath(key);
  const found = await stat(file).catch(() => null);
  return found ? { size: found.size, body: createReadStream(file) } : null;
}

export async function removeExportZip(key: string): Promise<void> {
  await rm(absoluteMediaPath(key), { force: true });
}

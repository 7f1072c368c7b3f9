// Where media files are kept: one interface, two drivers. The local directory (local-storage.ts) is the default;
// CONCORD_MEDIA_URL=s3://bucket/prefix keeps them in S3-compatible object storage (s3-storage.ts), so that several
// app instances share them. Files are named by key: `<projectId>/<sha256>.<ext>` (and the derived thumbnail and
// peaks beside it, store.ts), the item's mediaPath. Whatever the driver, an import stages its files on local disk
// first (sharp and the audio decoder read them there) and they reach their keys only once the import's rows have
// committed (store.ts). The settings choose the driver: mediaStorage() in store.ts.
import type { Readable } from "node:stream";

/** A byte range, both ends included. */
export interface ByteRange {
  start: number;
  end: number;
}

/** A stored file opened for reading: its whole size, the range being read (null: all of it) and its bytes. */
export interface OpenedFile {
  size: number;
  range: ByteRange | null;
  /** Null for an empty file. */
  body: Readable | null;
}

/** A file listed in a project's folder, its modification time read only when asked. */
export interface ListedFile {
  name: string;
  modifiedMs(): Promise<number | null>;
}

/** The content hashes of an import whose rows committed: their files go into the project's folder. */
export interface CommittedBatch {
  projectId: string;
  hashes: ReadonlySet<string>;
}

// Keys under a folder whose name starts with a dot belong to no project, and the sweep of unreferenced files leaves
// them alone: `.incoming/` is the imports' staging area; other work that keeps files in the store (an export's zip,
// say) can keep them under a folder of its own such as `.exports/`, with put, open and remove.
export interface MediaStorage {
  /** Where the files are, for messages: a directory or an s3:// URL. */
  readonly location: string;
  /** Resolves when the store answers (the directory can be written; the bucket exists and may be listed). */
  check(): Promise<void>;

  /** Opens a file, in the range `pick` chooses from its size (or whole); throws MediaMissing when it is not there. */
  open(key: string, pick?: (size: number) => ByteRange | null): Promise<OpenedFile>;
  /** A file's size, or null when it is not there. */
  size(key: string): Promise<number | null>;
  /** Puts a local file at a key, replacing what is there (a failed upload leaves the key as it was). */
  put(key: string, file: string): Promise<void>;

  /**
   * Before an import's rows commit: makes the staged files of the batch (in the local folder `dir`) safe to commit
   * to (S3: uploads them to the store's staging area). When this throws, nothing of the batch is left in the store.
   */
  stage(batchId: string, projectId: string, dir: string): Promise<void>;
  /**
   * After the batch's fate is known: a committed batch's files (those of its items) go to their keys; the rest of
   * what was staged, in the store or in `dir` (the import's local folder, when there is one), is dropped.
   */
  settle(batchId: string, committed: CommittedBatch | null, dir?: string): Promise<void>;
  /** Batches staged in the store itself whose import may have ended without settling them, with their latest write. */
  stagedBatches(): AsyncIterable<{ batchId: string; modifiedMs: number }>;

  /** The projects with a folder in the store. */
  projects(): AsyncIterable<string>;
  /** The files in a project's folder. */
  files(projectId: string): AsyncIterable<ListedFile>;
  /** Moves a file to a name of its own while the sweep makes sure nothing refers to it; returns that key. */
  setAside(key: string): Promise<string>;
  /** Puts a file set aside back under its key (keeping a copy an import has put there meanwhile). */
  restore(aside: string): Promise<void>;
  remove(key: string): Promise<void>;
  /** Removes a project's folder when nothing is left in it (object stores have no folders). */
  removeIfEmpty(projectId: string): Promise<void>;
}

/** A stored file an item refers to is not in the store. */
export class MediaMissing extends Error {
  constructor(key: string, location: string) {
    super(`The media file ${key} is not in ${location} (ENOENT).`);
    this.name = "MediaMissing";
  }
}

/** The content hash a stored (or staged) file is named by. */
export const contentHashOf = (fileName: string) => fileName.split(".")[0]!;

/** The name a stored file is set aside under by the sweep: `<name>.swept-<uuid>`. */
export const SET_ASIDE = /^(.+)\.swept-[0-9a-f-]{36}$/;

/** Refuses a key that could leave its project's folder: keys come from the database, and are never trusted further. */
export function checkedKey(key: string): string {
  const parts = key.split("/");
  if (key.startsWith("/") || parts.some((part) => part === "" || part === "." || part === "..")) throw new Error(`media path outside the media store: ${key}`);
  return key;
}

/** Where an S3 store is: bucket and key prefix (without slashes at its ends; "" for the bucket's root). */
export interface S3Location {
  bucket: string;
  prefix: string;
}

/** Reads an s3://bucket/prefix URL; anything else is refused with what is expected. */
export function parseMediaUrl(url: string): S3Location {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url.trim());
  if (!match) throw new Error(`CONCORD_MEDIA_URL must be s3://bucket or s3://bucket/prefix (unset: the local directory); got "${url}"`);
  return { bucket: match[1]!, prefix: match[2]!.replace(/^\/+|\/+$/g, "") };
}

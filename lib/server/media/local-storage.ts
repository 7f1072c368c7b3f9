// The media store as a local directory (the default): `<root>/<projectId>/<file>`. Staged files are already on the
// same file system (the incoming folder is inside the root), so settling an import is a rename.
import { randomUUID } from "node:crypto";
import { constants, createReadStream } from "node:fs";
import { access, copyFile, link, mkdir, opendir, readdir, rename, rm, rmdir, stat } from "node:fs/promises";
import path from "node:path";
import { checkedKey, contentHashOf, MediaMissing, SET_ASIDE, type ByteRange, type CommittedBatch, type ListedFile, type MediaStorage, type OpenedFile } from "./storage";

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === "ENOENT";

export class LocalStorage implements MediaStorage {
  constructor(readonly root: string) {}

  get location(): string {
    return `the directory ${this.root}`;
  }

  async check(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await access(this.root, constants.W_OK);
  }

  /** The absolute path of a key. */
  path(key: string): string {
    return path.join(this.root, checkedKey(key));
  }

  async open(key: string, pick?: (size: number) => ByteRange | null): Promise<OpenedFile> {
    const file = this.path(key);
    const { size } = await stat(file).catch((error: unknown) => {
      throw isMissing(error) ? new MediaMissing(key, this.location) : error;
    });
    const range = pick?.(size) ?? null;
    const { start, end } = range ?? { start: 0, end: size - 1 };
    return { size, range, body: size === 0 ? null : createReadStream(file, { start, end }) };
  }

  async size(key: string): Promise<number | null> {
    return (await stat(this.path(key)).catch(() => null))?.size ?? null;
  }

  async put(key: string, file: string): Promise<void> {
    const target = this.path(key);
    await mkdir(path.dirname(target), { recursive: true });
    // Copied beside it first, so that a failed copy never leaves a partial file under the key.
    const partial = `${target}.partial-${randomUUID()}`;
    try {
      await copyFile(file, partial);
      await rename(partial, target);
    } finally {
      await rm(partial, { force: true });
    }
  }

  /**
   * The staged files are on this file system already, to be renamed into place once committed: the project's folder
   * is made now, so that a store that cannot take them fails the import before its rows commit.
   */
  async stage(_batchId: string, projectId: string, dir: string): Promise<void> {
    if ((await readdir(dir)).length) await mkdir(this.path(projectId), { recursive: true });
  }

  async settle(_batchId: string, committed: CommittedBatch | null, dir?: string): Promise<void> {
    if (!committed || !dir) return;
    const files = (await readdir(dir).catch(() => [])).filter((file) => committed.hashes.has(contentHashOf(file)));
    if (files.length) await mkdir(path.join(this.root, committed.projectId), { recursive: true });
    for (const file of files) await rename(path.join(dir, file), this.path(`${committed.projectId}/${file}`));
  }

  /** Nothing is staged in the directory itself: staging folders are the processes' own (store.ts). */
  async *stagedBatches(): AsyncIterable<{ batchId: string; modifiedMs: number }> {}

  async *projects(): AsyncIterable<string> {
    for (const entry of await readdir(this.root, { withFileTypes: true }).catch(() => [])) {
      if (entry.isDirectory() && !entry.name.startsWith(".")) yield entry.name;
    }
  }

  async *files(projectId: string): AsyncIterable<ListedFile> {
    const dir = this.path(projectId);
    for await (const entry of await opendir(dir)) {
      if (!entry.isFile()) continue;
      const file = path.join(dir, entry.name);
      yield { name: entry.name, modifiedMs: async () => (await stat(file).catch(() => null))?.mtimeMs ?? null };
    }
  }

  async setAside(key: string): Promise<string> {
    const aside = `${key}.swept-${randomUUID()}`;
    await rename(this.path(key), this.path(aside));
    return aside;
  }

  async restore(aside: string): Promise<void> {
    const file = this.path(aside);
    await link(file, file.replace(SET_ASIDE, "$1")).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
    });
    await rm(file);
  }

  async remove(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async removeIfEmpty(projectId: string): Promise<void> {
    await rmdir(this.path(projectId)).catch(() => undefined); // only when nothing is left in it
  }
}

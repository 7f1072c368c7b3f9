// What imports that never finished leave behind (a crash, a killed process): the sweep settles it when the server
// starts, and the incoming folders again every minute. Work is bounded: folders are read as streams and the database is
// asked about 500 files at a time. A file an item refers to is never removed, and neither is anything of an import
// still under way in another instance (its process keeps its incoming folder fresh: store.ts; an import staged in an
// object store commits or fails within a minute of its last upload).
import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { runInBackground } from "../background";
import { db } from "../db/client";
import { committedBatch, incomingRoot, INCOMING_STALE_MS, mediaStorage, settleStaging, UNSETTLED } from "./store";
import { contentHashOf, SET_ASIDE, type MediaStorage } from "./storage";

const SWEEP_EVERY_MS = 60_000;
const PAGE = 500;
/**
 * A batch staged in the object store with no write for this long, and no committed rows, belongs to an import that
 * ended without settling it: the import's transaction (at most 15 s waiting and 20 s running: db/client.ts) starts
 * right after its last upload.
 */
export const STORE_STAGING_STALE_MS = 10 * 60_000;

const isStale = async (file: string, now: number) => {
  const stats = await stat(file).catch(() => null);
  return stats !== null && now - stats.mtimeMs >= INCOMING_STALE_MS;
};

/**
 * Settles the incoming folders of processes that are gone, the imports that ended unsettled in live ones, and the
 * batches left staged in an object store: an import whose batch committed gets its files put in place, anything else
 * there is removed. Returns how many folders, loose files and staged batches were settled.
 */
export async function sweepIncoming(now = Date.now()): Promise<number> {
  const root = incomingRoot();
  let settled = 0;
  for (const entry of await readdir(root, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(root, entry.name);
    const gone = await isStale(full, now);
    if (entry.isDirectory()) {
      for (const child of await readdir(full, { withFileTypes: true }).catch(() => [])) {
        if (!child.isDirectory() || !(gone || child.name.endsWith(UNSETTLED))) continue;
        await settleStaging(path.join(full, child.name));
        if (!gone) settled++;
      }
    }
    if (!gone) continue;
    await rm(full, { recursive: true, force: true });
    settled++;
  }
  const storage = await mediaStorage();
  for await (const { batchId, modifiedMs } of storage.stagedBatches()) {
    const committed = await committedBatch(batchId);
    if (!committed && now - modifiedMs < STORE_STAGING_STALE_MS) continue;
    await storage.settle(batchId, committed);
    settled++;
  }
  return settled;
}

/** Removes the files in the projects' folders that no item refers to (an import of an earlier version cut short). Returns how many. */
export async function sweepUnreferencedMedia(now = Date.now()): Promise<number> {
  const storage = await mediaStorage();
  let removed = 0;
  for await (const projectId of storage.projects()) {
    let page: { key: string; modifiedMs: () => Promise<number | null> }[] = [];
    for await (const file of storage.files(projectId)) {
      page.push({ key: `${projectId}/${file.name}`, modifiedMs: file.modifiedMs });
      if (page.length === PAGE) {
        removed += await sweepPage(storage, projectId, page, now);
        page = [];
      }
    }
    removed += await sweepPage(storage, projectId, page, now);
    await storage.removeIfEmpty(projectId);
  }
  return removed;
}

async function referencedHashes(projectId: string, keys: readonly string[]): Promise<Set<string>> {
  const hashes = [...new Set(keys.map((key) => contentHashOf(path.posix.basename(key))))];
  if (!hashes.length) return new Set();
  const items = await db().item.findMany({ where: { projectId, sha256: { in: hashes } }, select: { sha256: true } });
  return new Set(items.map((item) => item.sha256));
}

const isReferenced = (referenced: Set<string>, key: string) => referenced.has(contentHashOf(path.posix.basename(key)));

async function sweepPage(storage: MediaStorage, projectId: string, files: readonly { key: string; modifiedMs: () => Promise<number | null> }[], now: number): Promise<number> {
  const referenced = await referencedHashes(projectId, files.map((file) => file.key));
  const asides: string[] = [];
  for (const { key, modifiedMs } of files) {
    if (SET_ASIDE.test(key)) {
      // An earlier sweep stopped between setting this aside and deciding.
      await (isReferenced(referenced, key) ? storage.restore(key) : storage.remove(key));
      continue;
    }
    if (isReferenced(referenced, key)) continue;
    const modified = await modifiedMs();
    if (modified !== null && now - modified >= INCOMING_STALE_MS) asides.push(await storage.setAside(key));
  }
  // An import that committed this content after the first look is about to put its own copy here, or has: asked
  // again once the files are aside, a file an item refers to now goes back, so no order of the two loses it.
  const nowReferenced = await referencedHashes(projectId, asides);
  let removed = 0;
  for (const aside of asides) {
    if (isReferenced(nowReferenced, aside)) {
      await storage.restore(aside);
    } else {
      await storage.remove(aside);
      removed++;
    }
  }
  return removed;
}

/**
 * Started with the production server: sweeps the projects' folders once and the incoming folder now and every minute
 * (one instance at a time), saying what it removed.
 */
export function startMediaSweeps(): NodeJS.Timeout {
  let storeLeft = true;
  const sweep = () =>
    runInBackground("media-sweep", async () => {
      const settled = await sweepIncoming();
      if (settled) console.error(`concord: settled ${settled} upload folder(s) or file(s) left by a process that ended mid-import.`);
      if (storeLeft) {
        const removed = await sweepUnreferencedMedia();
        if (removed) console.error(`concord: removed ${removed} media file(s) no item refers to (left by an import cut short).`);
        storeLeft = false;
      }
    });
  sweep();
  const timer = setInterval(sweep, SWEEP_EVERY_MS);
  timer.unref();
  return timer;
}

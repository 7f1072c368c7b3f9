// What imports that never finished leave behind (a crash, a killed process): the sweep settles it when the server
// starts, and the incoming folder again every minute. Work is bounded: folders are read as streams and the database is
// asked about 500 files at a time. A file an item refers to is never removed, and neither is anything of an import
// still under way in another instance (its process keeps its incoming folder fresh: store.ts).
import { randomUUID } from "node:crypto";
import { link, opendir, readdir, rename, rm, rmdir, stat } from "node:fs/promises";
import path from "node:path";
import { runInBackground } from "../background";
import { db } from "../db/client";
import { contentHashOf, incomingRoot, INCOMING_STALE_MS, mediaRoot, settleStaging, UNSETTLED } from "./store";

const SWEEP_EVERY_MS = 60_000;
const PAGE = 500;
/** A stored file set aside while the sweep makes sure nothing refers to it: `<name>.swept-<uuid>`. */
const SET_ASIDE = /^(.+)\.swept-[0-9a-f-]{36}$/;

const isStale = async (file: string, now: number) => {
  const stats = await stat(file).catch(() => null);
  return stats !== null && now - stats.mtimeMs >= INCOMING_STALE_MS;
};

/**
 * Settles the incoming folders of processes that are gone, and the imports that ended unsettled in live ones: an
 * import whose batch committed gets its files put in place, anything else there is removed. Returns how many folders
 * and loose files were settled.
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
  return settled;
}

/** Removes the files in the projects' folders that no item refers to (an import of an earlier version cut short). Returns how many. */
export async function sweepUnreferencedMedia(now = Date.now()): Promise<number> {
  const root = mediaRoot();
  let removed = 0;
  for (const entry of await readdir(root, { withFileTypes: true }).catch(() => [])) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    const projectDir = path.join(root, entry.name);
    let page: string[] = [];
    for await (const file of await opendir(projectDir)) {
      if (!file.isFile()) continue;
      page.push(file.name);
      if (page.length === PAGE) {
        removed += await sweepPage(entry.name, projectDir, page, now);
        page = [];
      }
    }
    removed += await sweepPage(entry.name, projectDir, page, now);
    await rmdir(projectDir).catch(() => undefined); // only when nothing is left in it
  }
  return removed;
}

async function referencedHashes(projectId: string, names: readonly string[]): Promise<Set<string>> {
  const hashes = [...new Set(names.map(contentHashOf))];
  if (!hashes.length) return new Set();
  const items = await db().item.findMany({ where: { projectId, sha256: { in: hashes } }, select: { sha256: true } });
  return new Set(items.map((item) => item.sha256));
}

/** Puts a file set aside back under its name, unless an import has put its own copy there meanwhile. */
async function restore(aside: string): Promise<void> {
  await link(aside, aside.replace(SET_ASIDE, "$1")).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EEXIST") throw error;
  });
  await rm(aside);
}

async function sweepPage(projectId: string, dir: string, names: readonly string[], now: number): Promise<number> {
  const referenced = await referencedHashes(projectId, names);
  const asides: string[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    if (SET_ASIDE.test(name)) {
      // An earlier sweep stopped between setting this aside and deciding.
      await (referenced.has(contentHashOf(name)) ? restore(file) : rm(file));
    } else if (!referenced.has(contentHashOf(name)) && (await isStale(file, now))) {
      const aside = `${file}.swept-${randomUUID()}`;
      await rename(file, aside);
      asides.push(aside);
    }
  }
  // An import that committed this content after the first look is about to move its own copy here, or has: asked
  // again once the files are aside, a file an item refers to now goes back, so no order of the two loses it.
  const nowReferenced = await referencedHashes(projectId, asides.map((aside) => path.basename(aside)));
  let removed = 0;
  for (const aside of asides) {
    if (nowReferenced.has(contentHashOf(path.basename(aside)))) {
      await restore(aside);
    } else {
      await rm(aside);
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

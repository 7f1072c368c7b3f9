// Work that runs after a request has answered: one run at a time per name in this process, and one across every
// app instance on the database (a JobLease row), so a burst of submissions refits a model once, not once each.
import { randomUUID } from "node:crypto";
import { db } from "./db/client";
import { isUniqueViolation } from "./errors";

/** This process, as the holder of the leases it takes. */
const HOLDER = `${process.pid}:${randomUUID()}`;

/**
 * Takes the named lease for `ttlMs` unless another holder has it and it has not expired. A lease that outlives
 * its holder (a crashed process) is free again once it expires.
 */
export async function claimJobLease(name: string, ttlMs: number): Promise<boolean> {
  const now = new Date();
  const expiresAt = new Date(now.getTime() + ttlMs);
  const taken = await db().jobLease.updateMany({ where: { name, OR: [{ expiresAt: { lte: now } }, { holder: HOLDER }] }, data: { holder: HOLDER, expiresAt } });
  if (taken.count === 1) return true;
  try {
    await db().jobLease.create({ data: { name, holder: HOLDER, expiresAt } });
    return true;
  } catch (error) {
    // Another instance created it first: it holds the lease.
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

export async function releaseJobLease(name: string): Promise<void> {
  await db().jobLease.deleteMany({ where: { name, holder: HOLDER } });
}

const running = new Map<string, Promise<void>>();
/** Names asked for again while running: they run once more when the current run ends. */
const requestedAgain = new Set<string>();

/**
 * Runs `work` in the background under the lease `name` (held for at most `ttlMs`). Asked again while it runs, it
 * runs once more afterwards, so nothing asked for is missed and a burst costs two runs at most. Another instance
 * holding the lease means the work is being done there. Failures are logged, never thrown at the caller.
 */
export function runInBackground(name: string, work: () => Promise<void>, ttlMs = 10 * 60_000): void {
  if (running.has(name)) {
    requestedAgain.add(name);
    return;
  }
  const run = (async () => {
    do {
      requestedAgain.delete(name);
      try {
        if (!(await claimJobLease(name, ttlMs))) return;
        try {
          await work();
        } finally {
          await releaseJobLease(name);
        }
      } catch (error) {
        console.error(`concord: background work ${name} failed:`, error instanceof Error ? error.message : error);
      }
    } while (requestedAgain.has(name));
  })().finally(() => running.delete(name));
  running.set(name, run);
}

/** Resolves once no background work is running in this process (tests, and a clean shutdown). */
export async function backgroundSettled(): Promise<void> {
  while (running.size) await Promise.allSettled([...running.values()]);
}

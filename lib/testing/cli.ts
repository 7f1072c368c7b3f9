// Runs Concord's command line as `npm run concord` does (the launcher, which runs the bundle, built first if the sources
// changed), on a test database.
import { spawnSync } from "node:child_process";
import path from "node:path";
import type { DatabaseTarget } from "../server/db/config";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const CONCORD = path.join(ROOT, "lib/cli/concord.mjs");

function databaseUrl(target: DatabaseTarget): string {
  return target.provider === "sqlite" ? `file:${target.file}` : target.url;
}

/** The command's exit code, stdout and stderr; `env` adds to the test process's environment. */
export function runConcord(target: DatabaseTarget, args: readonly string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [CONCORD, ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl(target), ...env }, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";

/** Stores the suite's media in a directory of its own (CONCORD_MEDIA_DIR), removed afterwards. */
export function useTemporaryMediaDir(prefix: string): void {
  let mediaDir: string;
  beforeAll(() => {
    mediaDir = mkdtempSync(path.join(tmpdir(), prefix));
    process.env.CONCORD_MEDIA_DIR = mediaDir;
  });
  afterAll(() => {
    delete process.env.CONCORD_MEDIA_DIR;
    rmSync(mediaDir, { recursive: true, force: true });
  });
}

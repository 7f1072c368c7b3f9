import { existsSync } from "node:fs";
import path from "node:path";

/**
 * The team's shared test media: ../shared/fixtures beside the checkout (CI lays a copy there), or
 * CONCORD_FIXTURES. Read-only: tests copy a fixture before changing it.
 */
export const FIXTURES_DIR = path.resolve(process.env.CONCORD_FIXTURES ?? path.join(import.meta.dirname, "../../../shared/fixtures"));

export function fixturePath(relative: string): string {
  if (!existsSync(FIXTURES_DIR)) throw new Error(`Test fixtures not found at ${FIXTURES_DIR}; set CONCORD_FIXTURES to the shared fixtures directory.`);
  return path.join(FIXTURES_DIR, relative);
}

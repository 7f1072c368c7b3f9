// `concord media migrate --to s3://…`: copies an installation's local media directory into an S3 store under the same
// keys (the items' mediaPath stays as it is), so that Concord can then be started with CONCORD_MEDIA_URL set to it.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import type { Env } from "../db/config";
import { LocalStorage } from "./local-storage";
import { openS3Storage, S3Storage } from "./s3-storage";
import { contentHashOf, parseMediaUrl, SET_ASIDE } from "./storage";
import { mediaRoot } from "./store";

export interface MigrationOutcome {
  from: string;
  to: string;
  copied: number;
  copiedBytes: number;
  /** Files already in the store with the same size (or, verified, the same content). */
  present: number;
  /** What could not be copied or does not match, one line each. */
  problems: string[];
}

/** An item's own media file is named by its content's SHA-256; the thumbnail and peaks beside it are not. */
const NAMED_BY_CONTENT = /^[0-9a-f]{64}\.[a-z0-9]+$/;

async function sha256Of(stream: Readable): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(stream, hash);
  return hash.digest("hex");
}

/** The SHA-256 of a file as the store holds it, read back. */
async function storedSha256(store: S3Storage, key: string): Promise<string> {
  const { body } = await store.open(key);
  return sha256Of(body ?? Readable.from([]));
}

/**
 * Copies every file of the local media directory's projects into the store at `url`. Idempotent and resumable: a file
 * the store already holds at its key with the same size is skipped, so running it again copies only what is missing
 * (what an interrupted run left, or what was imported since). Each copy is checked: a media file whose content no
 * longer matches the hash it is named by is reported and not copied, and a copied file must have its size in the
 * store. With `verify`, every file is also read back from the store and its SHA-256 compared with the local file's.
 */
export async function migrateMedia(url: string, { verify = false, env = process.env, progress }: { verify?: boolean; env?: Env; progress?: (line: string) => void } = {}): Promise<MigrationOutcome> {
  const source = new LocalStorage(mediaRoot(env));
  const target = await openS3Storage(S3Storage.settings(parseMediaUrl(url), env));
  await target.check().catch((error: unknown) => {
    throw new Error(`${target.location} cannot be reached (${(error as Error).name}: ${(error as Error).message}); check the bucket and the AWS_* variables.`);
  });
  const outcome: MigrationOutcome = { from: source.root, to: target.location, copied: 0, copiedBytes: 0, present: 0, problems: [] };
  for await (const projectId of source.projects()) {
    for await (const { name } of source.files(projectId)) {
      if (SET_ASIDE.test(name) || name.includes(".partial-")) continue;
      const key = `${projectId}/${name}`;
      const file = source.path(key);
      const { size } = await stat(file);
      const stored = await target.size(key);
      const localHash = stored !== size || verify ? await sha256Of(createReadStream(file)) : null;
      if (localHash !== null && NAMED_BY_CONTENT.test(name) && localHash !== contentHashOf(name)) {
        outcome.problems.push(`${key}: its content no longer matches the SHA-256 it is named by (a damaged file); not copied`);
        continue;
      }
      // Copied when the store lacks it, or holds other bytes: a different size, or (verified) a different hash.
      const differs = stored !== size || (verify && (await storedSha256(target, key)) !== localHash);
      if (!differs) {
        outcome.present++;
        continue;
      }
      await target.put(key, file);
      const copied = await target.size(key);
      if (copied !== size || (verify && (await storedSha256(target, key)) !== localHash)) {
        outcome.problems.push(`${key}: the store's copy differs from the local file after copying (${copied ?? "no"} bytes of ${size})`);
        continue;
      }
      outcome.copied++;
      outcome.copiedBytes += size;
      progress?.(`copied ${key} (${size} bytes)`);
    }
  }
  return outcome;
}

// The media stores tests run against: the local directory, and S3 (s3-store.ts). Each suite keeps its media under a
// prefix of its own.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe } from "vitest";
import { S3Storage } from "@/lib/server/media/s3-storage";
import type { MediaStorage } from "@/lib/server/media/storage";
import { mediaStorage } from "@/lib/server/media/store";
import { s3Settings } from "./s3-store";

export type MediaStoreName = "local" | "s3";

/**
 * Runs a suite once per media store, with its settings in the environment for the suite's duration (as the server
 * reads them; an export's process inherits them). CONCORD_MEDIA_DIR is a temporary directory either way: the local
 * store, or where S3 imports are staged.
 */
export function describeEachMediaStore(title: string, suite: (store: () => { name: MediaStoreName; storage: MediaStorage }) => void): void {
  for (const name of ["local", "s3"] as const) {
    describe(`${title} [${name} media]`, () => {
      let stop: () => Promise<void> = async () => undefined;
      let mediaDir = "";
      let storage: MediaStorage | undefined;
      const saved: Record<string, string | undefined> = {};
      beforeAll(async () => {
        mediaDir = mkdtempSync(path.join(tmpdir(), "concord-media-"));
        const s3 = name === "s3" ? await s3Settings() : { settings: {}, stop };
        stop = s3.stop;
        // The local store's suite is the local store's even where CONCORD_MEDIA_URL is set around the tests.
        const settings: Record<string, string | undefined> = { CONCORD_MEDIA_DIR: mediaDir, CONCORD_MEDIA_URL: undefined, ...s3.settings };
        for (const [key, value] of Object.entries(settings)) {
          saved[key] = process.env[key];
          if (value === undefined) delete process.env[key];
          else process.env[key] = value;
        }
        storage = await mediaStorage();
      });
      afterAll(async () => {
        for (const [key, value] of Object.entries(saved)) {
          if (value === undefined) delete process.env[key];
          else process.env[key] = value;
        }
        await stop();
        rmSync(mediaDir, { recursive: true, force: true });
      });
      suite(() => {
        if (!storage) throw new Error("media store not ready");
        return { name, storage };
      });
    });
  }
}

/**
 * Makes the S3 client refuse the requests `refuse` picks (by command name and input), as a store that fails would
 * (403 AccessDenied, which the SDK does not retry); returns how to stop.
 */
export function refuseS3Requests(storage: MediaStorage, refuse: (command: string, input: Record<string, unknown>) => boolean): () => void {
  if (!(storage instanceof S3Storage)) throw new Error("not an S3 media store");
  const { client } = storage;
  const name = `refuse-${randomUUID()}`;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (refuse(context.commandName ?? "", args.input as Record<string, unknown>)) {
        throw Object.assign(new Error("Access Denied (refused by the test)"), { name: "AccessDenied", $metadata: { httpStatusCode: 403 } });
      }
      return next(args);
    },
    { step: "initialize", name },
  );
  return () => void client.middlewareStack.remove(name);
}
